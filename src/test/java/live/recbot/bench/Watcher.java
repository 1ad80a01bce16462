package live.recbot.bench;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
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

    private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "bench-watcher");
        t.setDaemon(true);
        return t;
    });
    private final AtomicInteger requests = new AtomicInteger();
    private final AtomicInteger metrics = new AtomicInteger();
    private final AtomicInteger previews = new AtomicInteger();

    private Watcher(int port) {
        URI metricsUri = URI.create("http://127.0.0.1:" + port + "/metrics");
        URI previewUri = URI.create("http://127.0.0.1:" + port + "/v1/preview.jpg");
        timer.scheduleAtFixedRate(() -> {
            requests.incrementAndGet();
            fetch(metricsUri, metrics);
            fetch(previewUri, previews);
        }, 0, PERIOD.toMillis(), TimeUnit.MILLISECONDS);
    }

    static Watcher start(int port) {
        return new Watcher(port);
    }

    /** A port free at the moment, for {@code --status-port}. */
    static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    private void fetch(URI uri, AtomicInteger answered) {
        try {
            HttpResponse<byte[]> r = client.send(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(2)).build(),
                    HttpResponse.BodyHandlers.ofByteArray());
            if (r.statusCode() == 200 && r.body().length > 0) {
                answered.incrementAndGet();
            }
        } catch (IOException e) {
            // Counted as unanswered.
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
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
        return n > 0 && metrics.get() * 10 >= n * 9 && previews.get() * 10 >= n * 9 ? null
                : "not watched as intended: " + summary();
    }

    @Override
    public void close() throws InterruptedException {
        timer.shutdownNow();
        timer.awaitTermination(5, TimeUnit.SECONDS);
    }
}
