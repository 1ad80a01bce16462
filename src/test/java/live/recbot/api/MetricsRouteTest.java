package live.recbot.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.InetAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.util.Optional;
import live.recbot.config.WorkerSettings;
import live.recbot.metrics.Metrics;
import live.recbot.metrics.WorkerMeters;
import live.recbot.session.Worker;
import live.recbot.status.RoomStatus;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** GET /metrics over a real socket, through the gate: the same token rule as the /v1 routes. */
class MetricsRouteTest {
    private final RoomStatus room = new RoomStatus(Clock.systemUTC(), null, 0, 0);
    private final Metrics metrics = Metrics.start();
    private final Worker worker = new Worker(room, Clock.systemUTC(), metrics);
    private final HttpClient http = HttpClient.newHttpClient();

    @AfterEach
    void close() {
        worker.close();
        room.close();
        metrics.close();
    }

    private HttpResponse<String> send(int port, String method, String path, String token)
            throws IOException, InterruptedException {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .method(method, HttpRequest.BodyPublishers.noBody());
        if (token != null) {
            b.header("Authorization", "Bearer " + token);
        }
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void onLoopbackTheMetricsAreOpenInThePrometheusTextFormat() throws Exception {
        WorkerMeters.bind(metrics.worker(), room, worker::busy, worker::warm);
        try (ApiServer api = ApiServer.start(InetAddress.getLoopbackAddress(), 0, worker, metrics,
                WorkerSettings.defaults(), Optional.empty(), false)) {
            HttpResponse<String> r = send(api.port(), "GET", "/metrics", null);

            assertThat(r.statusCode()).isEqualTo(200);
            assertThat(r.headers().firstValue("Content-Type")).contains(Metrics.CONTENT_TYPE);
            assertThat(r.body()).contains("# TYPE recbot_worker_busy gauge\nrecbot_worker_busy 0.0\n")
                    .contains("process_cpu_seconds_total ");
            HttpResponse<String> post = send(api.port(), "POST", "/metrics", null);
            assertThat(post.statusCode()).isEqualTo(405);
            assertThat(post.headers().firstValue("Allow")).contains("GET");
            assertThat(send(api.port(), "GET", "/metrics/x", null).statusCode()).isEqualTo(404);
        }
    }

    @Test
    void aRunsReadOnlyStatusPortServesThemToo() throws Exception {
        try (ApiServer api = ApiServer.start(InetAddress.getLoopbackAddress(), 0, worker, metrics,
                WorkerSettings.defaults(), Optional.empty(), true)) {
            HttpResponse<String> r = send(api.port(), "GET", "/metrics", null);

            assertThat(r.statusCode()).isEqualTo(200);
            assertThat(r.body()).contains("process_resident_memory_bytes ");
        }
    }

    @Test
    void beyondLoopbackTheyNeedTheTokenAsEveryV1RouteDoes() throws Exception {
        String token = "tok-" + System.nanoTime();
        try (ApiServer api = ApiServer.start(InetAddress.getByName("0.0.0.0"), 0, worker, metrics,
                WorkerSettings.defaults(), Optional.of(token), false)) {
            HttpResponse<String> anonymous = send(api.port(), "GET", "/metrics", null);
            assertThat(anonymous.statusCode()).isEqualTo(401);
            assertThat(anonymous.body()).contains("unauthorized").doesNotContain("process_cpu");
            assertThat(send(api.port(), "GET", "/metrics", token + "x").statusCode()).isEqualTo(401);
            assertThat(send(api.port(), "GET", "/metrics", token).statusCode()).isEqualTo(200);
            assertThat(send(api.port(), "GET", "/healthz", null).statusCode()).as("probes stay open").isEqualTo(200);
        }
    }
}
