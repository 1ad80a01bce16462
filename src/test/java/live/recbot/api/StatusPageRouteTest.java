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
import live.recbot.session.Worker;
import live.recbot.status.RoomStatus;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * GET / and GET /v1/preview.jpg over a real socket, through the gate, with no session: the page's
 * headers and token rule, and the preview's answer while nothing records.
 */
class StatusPageRouteTest {
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
    void thePageIsOneSelfContainedFileThatRunsOnlyItsOwnScript() throws Exception {
        try (ApiServer api = ApiServer.start(InetAddress.getLoopbackAddress(), 0, worker, metrics,
                WorkerSettings.defaults(), Optional.empty(), true)) {
            HttpResponse<String> r = send(api.port(), "GET", "/", null);

            assertThat(r.statusCode()).isEqualTo(200);
            assertThat(r.headers().firstValue("Content-Type")).contains("text/html; charset=utf-8");
            assertThat(r.headers().firstValue("Cache-Control")).contains("no-store");
            assertThat(r.headers().firstValue("Referrer-Policy")).contains("no-referrer");
            assertThat(r.headers().firstValue("Content-Security-Policy")).hasValueSatisfying(csp -> assertThat(csp)
                    .startsWith("default-src 'none'; script-src 'sha256-").contains("style-src 'sha256-")
                    .contains("connect-src 'self'").doesNotContain("unsafe"));
            assertThat(r.body()).contains("<script>").contains("/v1/preview.jpg").contains("/v1/events")
                    .doesNotContain("innerHTML").doesNotContain("src=\"http").doesNotContain("href=\"http");
            HttpResponse<String> head = send(api.port(), "HEAD", "/", null);
            assertThat(head.statusCode()).isEqualTo(200);
            assertThat(head.headers().firstValue("Content-Length")).contains(Integer.toString(r.body().getBytes(
                    java.nio.charset.StandardCharsets.UTF_8).length));
            HttpResponse<String> post = send(api.port(), "POST", "/", null);
            assertThat(post.statusCode()).isEqualTo(405);
            assertThat(post.headers().firstValue("Allow")).contains("GET, HEAD");
        }
    }

    @Test
    void thePreviewIs503WithOneJsonLineWhileNothingRecords() throws Exception {
        try (ApiServer api = ApiServer.start(InetAddress.getLoopbackAddress(), 0, worker, metrics,
                WorkerSettings.defaults(), Optional.empty(), true)) {
            HttpResponse<String> r = send(api.port(), "GET", "/v1/preview.jpg", null);

            assertThat(r.statusCode()).isEqualTo(503);
            assertThat(r.headers().firstValue("Content-Type")).contains("application/json");
            assertThat(r.body()).isEqualTo(
                    "{\"error\":{\"code\":\"not-running\",\"message\":\"preview: nothing is recording\"}}");
            assertThat(send(api.port(), "HEAD", "/v1/preview.jpg", null).statusCode()).isEqualTo(503);
            HttpResponse<String> post = send(api.port(), "POST", "/v1/preview.jpg", null);
            assertThat(post.statusCode()).isEqualTo(405);
            assertThat(post.headers().firstValue("Allow")).contains("GET, HEAD");
        }
    }

    @Test
    void beyondLoopbackThePageTakesTheTokenAsAHeaderOrQueryAndEverythingElseOnlyAsAHeader() throws Exception {
        String token = "tok/" + System.nanoTime() + "+&=";
        String query = java.net.URLEncoder.encode(token, java.nio.charset.StandardCharsets.UTF_8);
        try (ApiServer api = ApiServer.start(InetAddress.getByName("0.0.0.0"), 0, worker, metrics,
                WorkerSettings.defaults(), Optional.of(token), false)) {
            int port = api.port();
            HttpResponse<String> anonymous = send(port, "GET", "/", null);
            assertThat(anonymous.statusCode()).isEqualTo(401);
            assertThat(anonymous.body()).contains("unauthorized").contains("?token=").doesNotContain("<script>");
            assertThat(send(port, "GET", "/?token=" + query + "x", null).statusCode()).isEqualTo(401);
            assertThat(send(port, "GET", "/?token=" + query, null).statusCode()).isEqualTo(200);
            assertThat(send(port, "GET", "/?a=b&token=" + query, null).statusCode()).isEqualTo(200);
            assertThat(send(port, "GET", "/", token).statusCode()).isEqualTo(200);

            assertThat(send(port, "GET", "/v1/preview.jpg", null).statusCode()).isEqualTo(401);
            assertThat(send(port, "GET", "/v1/preview.jpg?token=" + query, null).statusCode())
                    .as("the query stands in for the header on the page only").isEqualTo(401);
            assertThat(send(port, "GET", "/v1/status?token=" + query, null).statusCode()).isEqualTo(401);
            assertThat(send(port, "GET", "/v1/preview.jpg", token).statusCode()).isEqualTo(503);
        }
    }
}
