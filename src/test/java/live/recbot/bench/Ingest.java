package live.recbot.bench;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/** The local nginx-rtmp of scripts/local-ingest, shared by every run of one benchmark. */
final class Ingest implements AutoCloseable {
    private final Process process;
    private final Path dir;
    private final int port;

    private Ingest(Process process, Path dir, int port) {
        this.process = process;
        this.dir = dir;
        this.port = port;
    }

    static Ingest start(Path root, Path dir) throws IOException, InterruptedException {
        int port = freePort();
        Process p = new ProcessBuilder(root.resolve("scripts/local-ingest").toString(), dir.toString(),
                Integer.toString(port)).redirectErrorStream(true)
                .redirectOutput(dir.resolveSibling("ingest.log").toFile()).start();
        Ingest ingest = new Ingest(p, dir, port);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
        while (!accepts(port)) {
            if (!p.isAlive() || System.nanoTime() > deadline) {
                ingest.close();
                throw new IllegalStateException("nginx-rtmp did not start; see " + dir.resolveSibling("ingest.log"));
            }
            Thread.sleep(50);
        }
        return ingest;
    }

    String url(String stream) {
        return "rtmp://127.0.0.1:" + port + "/live/" + stream;
    }

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
    public void close() throws InterruptedException {
        // scripts/local-ingest exec's a single nginx process: this PID is all of it.
        process.destroy();
        if (!process.waitFor(10, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
        }
    }
}
