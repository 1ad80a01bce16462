package live.recbot.it;

import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * A real nginx-rtmp on loopback (scripts/local-ingest), with an rtmps:// TLS endpoint in front. It
 * records every stream it receives to {@code streams/<name>.flv}, so tests decode what arrived.
 */
final class LocalIngest implements AutoCloseable {
    private final Process process;
    private final Path dir;
    final int rtmpPort;
    final int rtmpsPort;

    private LocalIngest(Process process, Path dir, int rtmpPort, int rtmpsPort) {
        this.process = process;
        this.dir = dir;
        this.rtmpPort = rtmpPort;
        this.rtmpsPort = rtmpsPort;
    }

    static LocalIngest start(Path dir) throws IOException {
        return start(dir, freePort(), freePort());
    }

    /** On given ports: a restarted ingest comes back where its publishers expect it. */
    static LocalIngest start(Path dir, int rtmp, int rtmps) throws IOException {
        Path script = Path.of(System.getProperty("recbot.root", ".")).resolve("scripts/local-ingest");
        Process p = new ProcessBuilder(script.toString(), dir.toString(), Integer.toString(rtmp), Integer.toString(rtmps))
                .redirectErrorStream(true).redirectOutput(dir.resolveSibling(dir.getFileName() + "-ingest.log").toFile())
                .start();
        LocalIngest ingest = new LocalIngest(p, dir, rtmp, rtmps);
        try {
            await("nginx-rtmp listening").atMost(Duration.ofSeconds(15)).pollInterval(Duration.ofMillis(50))
                    .until(() -> {
                        if (!p.isAlive()) {
                            throw new AssertionError("nginx-rtmp exited: see " + dir);
                        }
                        return accepts(rtmp) && accepts(rtmps);
                    });
        } catch (RuntimeException | AssertionError e) {
            ingest.close();
            throw e;
        }
        return ingest;
    }

    String rtmpUrl(String stream) {
        return "rtmp://127.0.0.1:" + rtmpPort + "/live/" + stream;
    }

    /** An application that refuses every publish, as with a wrong stream key. */
    String deniedUrl(String stream) {
        return "rtmp://127.0.0.1:" + rtmpPort + "/denied/" + stream;
    }

    /** SIGSTOP or SIGCONT to nginx: a stopped server accepts connections but reads nothing. */
    void signal(String signal) throws IOException, InterruptedException {
        Process kill = new ProcessBuilder("kill", "-" + signal, Long.toString(process.pid())).start();
        if (kill.waitFor() != 0) {
            throw new AssertionError("kill -" + signal + " failed");
        }
    }

    String rtmpsUrl(String stream) {
        return "rtmps://127.0.0.1:" + rtmpsPort + "/live/" + stream;
    }

    /** What nginx recorded of {@code stream}; complete once the publisher has disconnected. */
    Path recording(String stream) {
        return dir.resolve("streams").resolve(stream + ".flv");
    }

    private static boolean accepts(int port) {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress("127.0.0.1", port), 200);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    @Override
    public void close() {
        // The script exec'd nginx as a single process: this PID is all of it.
        if (process.isAlive()) {
            try {
                signal("CONT");
            } catch (IOException | InterruptedException | AssertionError e) {
                // It ends below either way.
            }
        }
        process.destroy();
        try {
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
