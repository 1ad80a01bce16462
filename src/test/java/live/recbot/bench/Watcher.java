package live.recbot.bench;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A dashboard watching a running recbot: {@code /metrics} and {@code /v1/preview.jpg} each fetched
 * every 100 ms from the harness's JVM, so that the variant that is watched shows what watching
 * costs recbot's capture and encode.
 */
final class Watcher implements AutoCloseable {
    static final Duration PERIOD = Duration.ofMillis(100);

    /** Which routes each round fetches. */
    enum Routes {
        BOTH(true, true), METRICS(true, false), PREVIEW(false, true);

        final boolean metrics;
        final boolean preview;

        Routes(boolean metrics, boolean preview) {
            this.metrics = metrics;
            this.preview = preview;
        }
    }

    private static final int TIMEOUT_MILLIS = 2000;
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "bench-watcher");
        t.setDaemon(true);
        return t;
    });
    private final AtomicInteger requests = new AtomicInteger();
    private final AtomicInteger metrics = new AtomicInteger();
    private final AtomicInteger previews = new AtomicInteger();

    private final Routes routes;
    private Socket socket;

    private Watcher(int port, Routes routes) {
        this.routes = routes;
        URI metricsUri = URI.create("http://127.0.0.1:" + port + "/metrics");
        URI previewUri = URI.create("http://127.0.0.1:" + port + "/v1/preview.jpg");
        timer.scheduleAtFixedRate(() -> {
            requests.incrementAndGet();
            if (routes.metrics) {
                fetch(metricsUri, metrics);
            }
            if (routes.preview) {
                fetch(previewUri, previews);
            }
        }, 0, PERIOD.toMillis(), TimeUnit.MILLISECONDS);
    }

    static Watcher start(int port, Routes routes) {
        return new Watcher(port, routes);
    }

    /** A port free at the moment, for {@code --status-port}. */
    static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    /**
     * One GET on a plain socket kept open from one to the next, as a dashboard's browser or a
     * Prometheus scraper keeps its connection: the JDK's HttpClient costs the harness several times
     * more CPU per request, on the cores the measured run shares. Only the timer's thread uses it.
     */
    private void fetch(URI uri, AtomicInteger answered) {
        try {
            if (socket == null) {
                socket = new Socket();
                socket.connect(new InetSocketAddress(uri.getHost(), uri.getPort()), TIMEOUT_MILLIS);
                socket.setSoTimeout(TIMEOUT_MILLIS);
            }
            socket.getOutputStream().write(("GET " + uri.getPath() + " HTTP/1.1\r\nHost: " + uri.getHost() + "\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            InputStream in = socket.getInputStream();
            String head = readHead(in);
            int at = head.toLowerCase(Locale.ROOT).indexOf("\r\ncontent-length: ");
            int length = at < 0 ? -1 : Integer.parseInt(head.substring(at + 18, head.indexOf('\r', at + 2)).trim());
            if (length < 0 || in.readNBytes(length).length < length || head.toLowerCase(Locale.ROOT).contains("connection: close")) {
                dropSocket();
            }
            if (head.startsWith("HTTP/1.1 200 ") && length > 0) {
                answered.incrementAndGet();
            }
        } catch (IOException | RuntimeException e) {
            // Counted as unanswered; the next round connects anew.
            dropSocket();
        }
    }

    private static String readHead(InputStream in) throws IOException {
        StringBuilder head = new StringBuilder();
        while (head.length() < 4 || head.charAt(head.length() - 1) != '\n' || head.charAt(head.length() - 3) != '\n') {
            int b = in.read();
            if (b < 0 || head.length() > 8192) {
                throw new IOException("no answer head");
            }
            head.append((char) b);
        }
        return head.toString();
    }

    private void dropSocket() {
        if (socket != null) {
            try {
                socket.close();
            } catch (IOException e) {
                // Dropped either way.
            }
            socket = null;
        }
    }

    /** What was fetched, for the run's log line. */
    String summary() {
        return String.format("%d /metrics and %d /v1/preview.jpg answers to %d rounds", metrics.get(), previews.get(),
                requests.get());
    }

    /** Null when both routes answered at least nine in ten rounds, else why the run was not watched. */
    String problem() {
        int n = requests.get();
        return n > 0 && (!routes.metrics || metrics.get() * 10 >= n * 9)
                && (!routes.preview || previews.get() * 10 >= n * 9) ? null
                : "not watched as intended: " + summary();
    }

    @Override
    public void close() throws InterruptedException {
        timer.shutdownNow();
        timer.awaitTermination(5, TimeUnit.SECONDS);
        dropSocket();
    }
}
