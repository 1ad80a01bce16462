package live.recbot.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The host allow-lists with a real recbot. Every address used is on loopback: the browser's
 * refusal is shown with {@code localhost} kept off a list that holds only 127.0.0.1, and the
 * link-local cases are refused before anything connects.
 */
class AllowListIT {
    private static final Duration EXIT = Duration.ofSeconds(90);

    @TempDir
    Path dir;

    /** A meeting page on 127.0.0.1 that loads a picture from localhost, then tries to navigate there. */
    private static final String MEETING = """
            <!doctype html><html><body style="margin:0;background:#246">
            <canvas id="c" width="320" height="180"></canvas>
            <script>
            const c = document.getElementById('c').getContext('2d');
            let n = 0;
            (function draw() { c.fillStyle = 'hsl(' + (n++ % 360) + ',80%,50%)'; c.fillRect(0, 0, 320, 180);
              requestAnimationFrame(draw); })();
            window.addEventListener('load', () => {
              const img = new Image();
              img.src = 'http://localhost:PORT/picture.svg';
              setTimeout(() => { location.href = 'http://localhost:PORT/elsewhere'; }, 500);
              setTimeout(() => { window.recbotMeetingEnded = true; }, 4000);
            });
            </script></body></html>
            """;

    @Test
    void theTabStaysOnTheMeetingWhenItNavigatesOffTheList() throws Exception {
        Map<String, AtomicInteger> hits = new ConcurrentHashMap<>();
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 16);
        int port = server.getAddress().getPort();
        server.createContext("/", ex -> {
            String path = ex.getRequestURI().getPath();
            hits.computeIfAbsent(path, p -> new AtomicInteger()).incrementAndGet();
            switch (path) {
                case "/meeting" -> reply(ex, "text/html", MEETING.replace("PORT", Integer.toString(port)));
                case "/picture.svg" -> reply(ex, "image/svg+xml",
                        "<svg xmlns='http://www.w3.org/2000/svg' width='1' height='1'/>");
                // Were the navigation let through, this page would end the meeting at once.
                default -> reply(ex, "text/html", "<script>window.recbotMeetingEnded = true;</script>");
            }
        });
        server.start();
        Path out = dir.resolve("out");
        Path status = dir.resolve("status.json");
        try (RecbotRun run = RecbotRun.start(dir, "run", "--meeting-url", "http://127.0.0.1:" + port + "/meeting",
                "--allowed-meeting-host", "127.0.0.1", "--record", "--resolution", "320x180",
                "--output-dir", out.toString(), "--status-file", status.toString(), "--max-duration", "30s")) {
            assertThat(run.waitForExit(EXIT)).as(run.stderr()).isZero();
            JsonNode last = RecbotRun.json(status);
            assertThat(last.at("/endReason").asText()).as("ended by the meeting page itself, not the time limit")
                    .isEqualTo("meeting-ended");
            assertThat(hits.get("/meeting")).as("the meeting page").hasValue(1);
            assertThat(hits.get("/picture.svg")).as("a picture from another loopback host: not a navigation")
                    .isNotNull();
            assertThat(hits).as("the navigation was refused before a request was sent").doesNotContainKey("/elsewhere");
            assertThat(run.stderr()).containsOnlyOnce("browser navigation to host localhost refused: "
                    + "it is not in allowedMeetingHosts");
            Path file;
            try (Stream<Path> files = Files.list(out)) {
                file = files.filter(f -> f.toString().endsWith(".mp4")).findFirst().orElseThrow();
            }
            MediaProbe probe = MediaProbe.of(file);
            assertThat(probe.decodeErrors()).isEmpty();
            // The page ends the meeting 4 s after it loaded, 3.5 s after the refused navigation.
            assertThat(probe.durationSeconds()).isGreaterThan(2.5);
            run.assertNothingLeftRunning();
        } finally {
            server.stop(0);
        }
    }

    @Test
    void theMetadataServiceAndOffListHostsAreRefusedBeforeAnythingStarts() throws Exception {
        Path runDir = Files.createDirectories(dir.resolve("run"));
        try (RecbotRun run = RecbotRun.start(runDir, "run", "--meeting-url", "http://169.254.169.254/latest/meta-data/",
                "--record")) {
            assertThat(run.waitForExit(EXIT)).isEqualTo(2);
            assertThat(run.stderr().strip()).isEqualTo("recbot: invalid config: meetingUrl: host 169.254.169.254 "
                    + "is link-local (metadata service); allow it with allowedMeetingHosts");
        }
        Path hookDir = Files.createDirectories(dir.resolve("hook"));
        try (RecbotRun serve = RecbotRun.start(hookDir, Map.of("RECBOT_WEBHOOK_SECRET", "s3cret"), "serve",
                "--port", "0", "--webhook-url", "http://metadata.google.internal/hook")) {
            assertThat(serve.waitForExit(EXIT)).isEqualTo(2);
            assertThat(serve.stderr().strip()).isEqualTo("recbot: invalid config: --webhook-url: host "
                    + "metadata.google.internal is a cloud metadata service name; allow it with allowedWebhookHosts");
        }
        Path serveDir = Files.createDirectories(dir.resolve("serve"));
        // --no-warm: a warm stack is WarmStartIT's subject; these sessions are of other sizes.
        try (RecbotRun serve = RecbotRun.start(serveDir, "serve", "--no-warm", "--port", "0", "--output-dir",
                dir.resolve("out").toString(), "--allowed-meeting-host", "127.0.0.1", "--allowed-rtmp-host", "127.0.0.1")) {
            Api api = new Api(serve.awaitServePort(), null);
            for (List<String> c : List.of(
                    List.of("{\"meetingUrl\": \"http://0xA9FEA9FE/latest/\", \"record\": true}",
                            "meetingUrl: host 0xA9FEA9FE is link-local (metadata service); allow it with allowedMeetingHosts"),
                    List.of("{\"meetingUrl\": \"http://localhost:9/\", \"record\": true}",
                            "meetingUrl: host localhost is not in allowedMeetingHosts"),
                    List.of("{\"meetingUrl\": \"http://127.0.0.1:9/\", \"rtmpUrls\": [\"rtmp://localhost:9/app/key\"]}",
                            "rtmpUrls[0]: host localhost is not in allowedRtmpHosts"))) {
                Api.Response r = api.post("/v1/start", c.get(0));
                assertThat(r.code()).as(r.body()).isEqualTo(400);
                assertThat(r.json().at("/error/code").asText()).isEqualTo("invalid-config");
                assertThat(r.json().at("/error/message").asText()).isEqualTo(c.get(1));
            }
            assertThat(api.get("/v1/status").json().at("/browserRecordingState/running").asBoolean()).isFalse();
            serve.terminate();
            assertThat(serve.waitForExit(EXIT)).isZero();
            serve.assertNothingLeftRunning();
        }
    }

    private static void reply(HttpExchange ex, String type, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        ex.getResponseHeaders().set("Content-Type", type);
        ex.sendResponseHeaders(200, bytes.length);
        try (var os = ex.getResponseBody()) {
            os.write(bytes);
        }
    }
}
