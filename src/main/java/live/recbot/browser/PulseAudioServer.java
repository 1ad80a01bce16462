package live.recbot.browser;

import live.recbot.core.ErrorCode;
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
    public static final String PULSEAUDIO = "/usr/bin/pulseaudio";
    private static final String PACTL = "/usr/bin/pactl";
    private static final String SILENCE = "recbot-silence";
    private static final Duration START_TIMEOUT = Duration.ofSeconds(15);
    private static final Duration PACTL_TIMEOUT = Duration.ofSeconds(2);

    private final ChildProcess process;
    private final Path socket;

    private PulseAudioServer(ChildProcess process, Path socket) {
        this.process = process;
        this.socket = socket;
    }

    /** Starts a sound server and waits until it accepts connections. */
    public static PulseAudioServer start(Path runDir) throws BrowserException {
        return spawn(runDir).awaitUp();
    }

    /**
     * Starts a sound server and returns at once; {@link Starting#awaitUp} waits until it accepts
     * connections, about 0.1 s later.
     */
    public static Starting spawn(Path runDir) throws BrowserException {
        if (!Files.isExecutable(Path.of(PULSEAUDIO))) {
            throw BrowserException.host(ErrorCode.PULSEAUDIO_MISSING, PULSEAUDIO + " is not installed (run scripts/setup)");
        }
        Path home = runDir.resolve("pulse");
        Path socket = home.resolve("native");
        try {
            Files.createDirectories(home);
            ChildProcess p = ChildProcess.start("pulseaudio", List.of(PULSEAUDIO, "-n", "--daemonize=no",
                            "--exit-idle-time=-1", "--disallow-exit", "--use-pid-file=no", "--system=false",
                            "--disable-shm=true", "--log-target=stderr", "--log-level=error",
                            "-L", "module-native-protocol-unix socket=" + socket + " auth-anonymous=1",
                            "-L", "module-null-sink sink_name=" + SINK + " rate=48000 channels=2"
                                    + " sink_properties=device.description=recbot",
                            "-L", "module-always-sink",
                            // A null sink renders in 2 s blocks while no stream asks for less, so a
                            // recorder connecting to its monitor waits up to 2 s for the first sound.
                            // A loopback of silence keeps the sink's latency at 20 ms, a third of the
                            // loopback's own 60 ms (see wake()); a shorter loopback would wake the
                            // recorder's thread hundreds of times a second for tiny chunks.
                            "-L", "module-null-source source_name=" + SILENCE + " rate=48000 channels=2",
                            "-L", "module-loopback source=" + SILENCE + " sink=" + SINK
                                    + " latency_msec=60 source_dont_move=true sink_dont_move=true"),
                    Map.of("HOME", home.toString(), "XDG_RUNTIME_DIR", home.toString(),
                            "PULSE_RUNTIME_PATH", home.toString(), "XDG_CONFIG_HOME", home.toString(),
                            ChildProcess.SESSION_ENV, runDir.toString()),
                    runDir.resolve("pulseaudio.log"), null);
            return new Starting(p, socket, runDir);
        } catch (IOException e) {
            throw BrowserException.host(ErrorCode.PULSEAUDIO_FAILED, "PulseAudio did not start: " + e.getMessage());
        }
    }

    /** A sound server that has been started and may not accept connections yet. */
    public static final class Starting {
        private final ChildProcess process;
        private final Path socket;
        private final Path runDir;

        private Starting(ChildProcess process, Path socket, Path runDir) {
            this.process = process;
            this.socket = socket;
            this.runDir = runDir;
        }

        /** Waits until the server accepts connections; stops it if it does not within the timeout. */
        public PulseAudioServer awaitUp() throws BrowserException {
            try {
                long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
                while (!accepts(socket)) {
                    if (!process.isAlive()) {
                        throw BrowserException.host(ErrorCode.PULSEAUDIO_FAILED, "PulseAudio exited at start; "
                                + BrowserException.seeLog(runDir.resolve("pulseaudio.log")));
                    }
                    if (System.nanoTime() > deadline) {
                        throw BrowserException.host(ErrorCode.PULSEAUDIO_FAILED, "PulseAudio did not start within "
                                + START_TIMEOUT.toSeconds() + " s");
                    }
                    Thread.sleep(20);
                }
            } catch (BrowserException e) {
                process.close();
                throw e;
            } catch (InterruptedException e) {
                process.close();
                Thread.currentThread().interrupt();
                throw BrowserException.host(ErrorCode.PULSEAUDIO_FAILED, "PulseAudio did not start: interrupted");
            }
            // Off the start-up path: Chromium waits for this server, and a later resume works as well.
            Thread waker = new Thread(() -> wake(socket), "recbot-pulse-wake");
            waker.setDaemon(true);
            waker.start();
            log.debug("PulseAudio up");
            return new PulseAudioServer(process, socket);
        }
    }

    /**
     * Suspends and resumes the sink: its first 2 s block was scheduled before the loopback asked
     * for 20 ms, and a resumed sink starts over at the latency asked for then, so the monitor opens
     * in a fraction of a second (docs/architecture.md, record 11). Only start-up time depends on
     * it, so a failure is logged and ignored.
     */
    private static void wake(Path socket) {
        if (pactl(socket, "suspend-sink", SINK, "1")) {
            pactl(socket, "suspend-sink", SINK, "0");
        }
    }

    /**
     * Suspends the silence the loopback plays, for a server that waits idle for its session: it
     * costs the server most of its idle CPU. The loopback stays, so the sink keeps its 20 ms
     * latency and a recorder may open its monitor at any time. Only the idle cost depends on it,
     * so a failure is logged and ignored.
     */
    public void idle() {
        pactl(socket, "suspend-source", SILENCE, "1");
    }

    /** Resumes the silence {@link #idle()} suspended. */
    public void resume() {
        pactl(socket, "suspend-source", SILENCE, "0");
    }

    /** Runs pactl against this server; false, logged, when it did not finish with success. */
    private static boolean pactl(Path socket, String... args) {
        List<String> cmd = new java.util.ArrayList<>(List.of(PACTL));
        cmd.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD);
        pb.environment().put("PULSE_SERVER", "unix:" + socket);
        // A client writes its cookie and runtime files under these: the session's, not the user's.
        String home = socket.getParent().toString();
        for (String dir : List.of("HOME", "XDG_CONFIG_HOME", "XDG_RUNTIME_DIR", "TMPDIR")) {
            pb.environment().put(dir, home);
        }
        String what = String.join(" ", args);
        try {
            Process p = pb.start();
            if (!p.waitFor(PACTL_TIMEOUT.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS)) {
                p.destroyForcibly().waitFor();
                log.debug("pactl {} did not finish", what);
                return false;
            }
            if (p.exitValue() != 0) {
                log.debug("pactl {} exited {}", what, p.exitValue());
                return false;
            }
            return true;
        } catch (IOException e) {
            log.debug("pactl did not run: {}", e.getMessage());
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
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
