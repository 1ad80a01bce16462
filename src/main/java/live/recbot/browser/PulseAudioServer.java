package live.recbot.browser;

import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import live.recbot.proc.ChildProcess;

/**
 * A private PulseAudio server for one session with one null sink. The browser plays into the sink;
 * the capture records the sink's monitor. Nothing is shared with another session or a desktop's
 * own sound server, and nothing (no module, no socket) outlives the session.
 */
public final class PulseAudioServer implements AutoCloseable {
    private static final org.slf4j.Logger log = org.slf4j.LoggerFactory.getLogger(PulseAudioServer.class);
    public static final String SINK = "recbot";
    private static final String PULSEAUDIO = "/usr/bin/pulseaudio";
    private static final Duration START_TIMEOUT = Duration.ofSeconds(15);

    private final ChildProcess process;
    private final Path socket;

    private PulseAudioServer(ChildProcess process, Path socket) {
        this.process = process;
        this.socket = socket;
    }

    public static PulseAudioServer start(Path runDir) throws BrowserException {
        if (!Files.isExecutable(Path.of(PULSEAUDIO))) {
            throw BrowserException.host("pulseaudio-missing", PULSEAUDIO + " is not installed (run scripts/setup)");
        }
        Path home = runDir.resolve("pulse");
        Path socket = home.resolve("native");
        ChildProcess p = null;
        try {
            Files.createDirectories(home);
            p = ChildProcess.start("pulseaudio", List.of(PULSEAUDIO, "-n", "--daemonize=no", "--exit-idle-time=-1",
                            "--disallow-exit", "--use-pid-file=no", "--system=false", "--disable-shm=true",
                            "--log-target=stderr", "--log-level=error",
                            "-L", "module-native-protocol-unix socket=" + socket + " auth-anonymous=1",
                            "-L", "module-null-sink sink_name=" + SINK + " rate=48000 channels=2"
                                    + " sink_properties=device.description=recbot",
                            "-L", "module-always-sink"),
                    Map.of("HOME", home.toString(), "XDG_RUNTIME_DIR", home.toString(),
                            "PULSE_RUNTIME_PATH", home.toString(), "XDG_CONFIG_HOME", home.toString(),
                            ChildProcess.SESSION_ENV, runDir.toString()),
                    runDir.resolve("pulseaudio.log"), null);
            long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
            while (!accepts(socket)) {
                if (!p.isAlive()) {
                    throw BrowserException.host("pulseaudio-failed", "PulseAudio exited at start; see "
                            + runDir.resolve("pulseaudio.log"));
                }
                if (System.nanoTime() > deadline) {
                    throw BrowserException.host("pulseaudio-failed", "PulseAudio did not start within "
                            + START_TIMEOUT.toSeconds() + " s");
                }
                Thread.sleep(20);
            }
            log.debug("PulseAudio up");
            return new PulseAudioServer(p, socket);
        } catch (BrowserException e) {
            p.close();
            throw e;
        } catch (IOException | InterruptedException e) {
            if (p != null) {
                p.close();
            }
            if (e instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
            throw BrowserException.host("pulseaudio-failed", "PulseAudio did not start: " + e.getClass().getSimpleName());
        }
    }

    private static boolean accepts(Path socket) {
        if (!Files.exists(socket)) {
            return false;
        }
        try (SocketChannel ch = SocketChannel.open(StandardProtocolFamily.UNIX)) {
            return ch.connect(UnixDomainSocketAddress.of(socket));
        } catch (IOException e) {
            return false;
        }
    }

    /** The PULSE_SERVER value that reaches this server. */
    public String serverAddress() {
        return "unix:" + socket;
    }

    /** The source that carries what the browser plays. */
    public String monitorSource() {
        return SINK + ".monitor";
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    @Override
    public void close() {
        process.close();
    }
}
