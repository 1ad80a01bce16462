package live.recbot.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import javax.crypto.spec.SecretKeySpec;
import javax.imageio.ImageIO;
import live.recbot.status.WebhookNotifier;
import live.recbot.testpage.TestPageServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The orchestrator's contract over a real socket: `recbot serve`, started as a user starts it. */
class ApiIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration EXIT = Duration.ofSeconds(60);
    private static TestPageServer page;

    @TempDir
    Path dir;

    @BeforeAll
    static void startPage() throws Exception {
        page = TestPageServer.start(0);
    }

    @AfterAll
    static void stopPage() {
        page.close();
    }

    private String recordBody(String size) {
        return "{\"meetingUrl\": \"" + page.url() + "\", \"record\": true, \"resolution\": \"" + size + "\"}";
    }

    /**
     * Beyond loopback, with the token: the whole contract, the preview of the recorded picture, and
     * the status page in a real Chromium, which gets the token as a browser can give it.
     */
    @Test
    void startStopFollowTheSdkAndEveryChangeIsStreamedAndSigned() throws Exception {
        String secret = "whsec-" + System.nanoTime();
        String token = "tok-" + System.nanoTime();
        Path out = dir.resolve("out");
        try (WebhookReceiver hook = new WebhookReceiver(2);
             // --no-warm throughout: these tests check that nothing runs while idle (WarmStartIT: a warm worker).
             RecbotRun serve = RecbotRun.start(dir, Map.of("RECBOT_WEBHOOK_SECRET", secret, "RECBOT_API_TOKEN", token),
                     "serve", "--no-warm", "--port", "0", "--bind", "0.0.0.0", "--output-dir", out.toString(),
                     "--webhook-url", hook.url())) {
            int port = serve.awaitServePort();
            Api api = new Api(port, token);
            List<String> sse = api.subscribe();
            assertThat(api.get("/healthz").code()).isEqualTo(200);
            assertThat(api.get("/readyz").code()).isEqualTo(200);
            assertThat(api.post("/v1/stop", "").code()).as("stop while nothing runs").isEqualTo(409);
            assertNoPreview(api);

            Api.Response stopped;
            Path file;
            // Open before the start, so the page has to follow it, and fills in while the API is checked.
            try (StatusPageBrowser page = StatusPageBrowser.open(dir.resolve("browser"), port, token)) {
                await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(100))
                        .until(() -> page.state("browserRecordingState"), "none"::equals);
                assertThat(page.address()).as("the token leaves the address bar").doesNotContain(token);

                // Wider than the preview's 640, so the still is scaled.
                Api.Response started = api.post("/v1/start", recordBody("960x540"));
                assertThat(started.code()).as(started.body()).isEqualTo(200);
                assertThat(started.json().at("/browserRecordingState/running").asBoolean()).isTrue();
                assertThat(started.json().at("/rtmpStreamingState/running").asBoolean()).isFalse();
                Path recording = Path.of(started.json().at("/browserRecordingState/file").asText());
                file = recording;
                assertThat(api.get("/readyz").code()).isEqualTo(503);

                Api.Response again = api.post("/v1/start", recordBody("320x180"));
                assertThat(again.code()).isEqualTo(409);
                assertThat(again.json().at("/error/code").asText()).isEqualTo("already-running");
                assertThat(api.get("/v1/status").json().at("/browserRecordingState/running").asBoolean())
                        .as("the running recording is undisturbed").isTrue();
                long size = Files.size(recording);
                await().atMost(Duration.ofSeconds(20)).until(() -> Files.size(recording) > size);
                assertPreviewShowsTheRecording(api, 960, 540);

                // The page: the states as the event stream pushed them, the preview, the file's bitrate.
                await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(100))
                        .until(() -> page.state("browserRecordingState"), "started"::equals);
                assertThat(page.state("rtmpStreamingState")).isEqualTo("none");
                assertThat(page.state("serverRecordingState")).isEqualTo("none");
                assertThat(page.state("hlsRecordingState")).isEqualTo("none");
                await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(100))
                        .until(page::previewWidth, w -> w > 0 && w <= 640);
                await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(100))
                        .until(() -> page.text("browserRecordingState"), t -> t.matches("(?s).*Bitrate\\s+[\\d.]+ [kM]bit/s.*"));
                page.screenshot(Path.of("target", "artifacts", "status-page.png"));

                stopped = api.post("/v1/stop", "");
                assertThat(stopped.code()).as(stopped.body()).isEqualTo(200);
                await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(100))
                        .until(() -> page.state("browserRecordingState"), "stopped"::equals);
                await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(100))
                        .until(page::placeholder, t -> t.contains("nothing is recording"));
                assertThat(page.text("ended")).contains("stopped");
                page.screenshot(Path.of("target", "artifacts", "status-page-stopped.png"));
            }
            assertThat(stopped.json().at("/browserRecordingState/running").asBoolean()).isFalse();
            assertThat(stopped.json().at("/endReason").asText()).isEqualTo("stopped");
            assertNoPreview(api);
            // Finalised before the answer: the whole file decodes now.
            assertThat(MediaProbe.of(file).decodeErrors()).isEmpty();
            assertThat(MediaProbe.of(file).durationSeconds()).isGreaterThan(1.0);
            assertThat(api.post("/v1/stop", "").code()).as("second stop").isEqualTo(409);
            assertThat(api.get("/readyz").code()).isEqualTo(200);

            // Server-Sent Events: every change, numbered 1, 2, 3... in order, ending not running.
            List<JsonNode> events = await().atMost(Duration.ofSeconds(10)).until(() -> events(sse),
                    e -> !e.isEmpty() && e.get(e.size() - 1).at("/endReason").asText().equals("stopped"));
            List<Long> ids = sse.stream().filter(l -> l.startsWith("id: ")).map(l -> Long.parseLong(l.substring(4))).toList();
            for (int i = 1; i < ids.size(); i++) {
                assertThat(ids.get(i)).isEqualTo(ids.get(i - 1) + 1);
            }
            assertThat(events.stream().anyMatch(e -> e.at("/browserRecordingState/running").asBoolean())).isTrue();

            // Webhooks: the same changes, in order, signed; the first two were refused and redelivered unchanged.
            long lastId = ids.get(ids.size() - 1);
            List<WebhookReceiver.Delivery> accepted = await().atMost(Duration.ofSeconds(30))
                    .until(hook::accepted, a -> !a.isEmpty() && sequence(a.get(a.size() - 1)) == lastId);
            SecretKeySpec key = new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256");
            for (int i = 0; i < accepted.size(); i++) {
                WebhookReceiver.Delivery d = accepted.get(i);
                assertThat(d.signature()).isEqualTo(WebhookNotifier.signature(d.body(), key));
                assertThat(sequence(d)).isEqualTo(accepted.isEmpty() ? 0 : sequence(accepted.get(0)) + i);
            }
            assertThat(hook.deliveries.get(0).text()).isEqualTo(hook.deliveries.get(1).text())
                    .isEqualTo(hook.deliveries.get(2).text());
            assertThat(hook.deliveries.get(2).answered()).isEqualTo(204);

            serve.terminate();
            assertThat(serve.waitForExit(EXIT)).isZero();
            assertThat(serve.stdout() + serve.stderr()).doesNotContain(secret).doesNotContain(token);
            serve.assertNothingLeftRunning();
        }
    }

    private static void assertNoPreview(Api api) throws Exception {
        Api.Response idle = api.get("/v1/preview.jpg");
        assertThat(idle.code()).isEqualTo(503);
        assertThat(idle.body()).doesNotContain("\n");
        assertThat(idle.json().at("/error/code").asText()).isEqualTo("not-running");
        assertThat(idle.json().at("/error/message").asText()).isEqualTo("preview: nothing is recording");
    }

    /**
     * Asks for the preview twice in a row until the second answer comes within 0.9 s of the first
     * question that got the first answer's picture (at most 5 tries), and checks the two are the
     * same picture; returns the first answer. A picture is made no sooner than that question, so
     * it is then less than a second old.
     */
    private static HttpResponse<byte[]> askedTwiceWithinASecond(Api api) throws Exception {
        Map<ByteBuffer, Long> firstAsked = new HashMap<>();
        for (int tries = 0; tries < 5; tries++) {
            long asked = System.nanoTime();
            HttpResponse<byte[]> first = api.bytes("/v1/preview.jpg", "GET");
            assertThat(first.statusCode()).isEqualTo(200);
            long pictureAsked = firstAsked.computeIfAbsent(ByteBuffer.wrap(first.body()), b -> asked);
            HttpResponse<byte[]> again = api.bytes("/v1/preview.jpg", "GET");
            // A busy machine may answer later than that; only a pair within the second must agree.
            if (System.nanoTime() - pictureAsked < 900_000_000L) {
                assertThat(again.body()).as("asked again within the second: the same picture").isEqualTo(first.body());
                return first;
            }
        }
        throw new AssertionError("preview: no two answers within a second in 5 tries");
    }

    /**
     * GET /v1/preview.jpg decodes to a picture at most 640 wide with the recording's aspect, shows
     * the test page's drawing (not one flat colour), is the same picture for a second, then a new one.
     */
    private static void assertPreviewShowsTheRecording(Api api, int width, int height) throws Exception {
        HttpResponse<byte[]> first = askedTwiceWithinASecond(api);
        assertThat(first.headers().firstValue("Content-Type")).contains("image/jpeg");
        assertThat(first.headers().firstValue("Cache-Control")).contains("no-store");
        BufferedImage image = ImageIO.read(new ByteArrayInputStream(first.body()));
        assertThat(image.getWidth()).isLessThanOrEqualTo(640);
        assertThat((double) image.getWidth() / image.getHeight()).isCloseTo((double) width / height, within(0.01));
        int darkest = 255;
        int brightest = 0;
        for (int y = 0; y < image.getHeight(); y++) {
            for (int x = 0; x < image.getWidth(); x++) {
                int rgb = image.getRGB(x, y);
                int luma = (299 * (rgb >> 16 & 0xff) + 587 * (rgb >> 8 & 0xff) + 114 * (rgb & 0xff)) / 1000;
                darkest = Math.min(darkest, luma);
                brightest = Math.max(brightest, luma);
            }
        }
        assertThat(brightest - darkest).as("the page's drawing, not a flat picture").isGreaterThan(64);
        HttpResponse<byte[]> head = api.bytes("/v1/preview.jpg", "HEAD");
        assertThat(head.statusCode()).isEqualTo(200);
        assertThat(head.body()).isEmpty();
        assertThat(head.headers().firstValue("Content-Length")).hasValueSatisfying(n -> assertThat(Long.parseLong(n)).isPositive());
        await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(300))
                .until(() -> api.bytes("/v1/preview.jpg", "GET").body(), b -> !Arrays.equals(b, first.body()));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', quoteCharacter = '`', textBlock = """
            malformed JSON      | {"meetingUrl": "http://x/", "record": tru  | body
            not an object       | ["http://x/"]                             | body
            empty body          | ``                                        | body
            unknown field       | {"meetingUrl": "http://x/", "record": true, "outputDir": "/etc"} | outputDir
            wrong type          | {"meetingUrl": "http://x/", "record": "yes"} | record
            four rtmp urls      | {"meetingUrl": "http://x/", "rtmpUrls": ["rtmp://h/a/1","rtmp://h/a/2","rtmp://h/a/3","rtmp://h/a/4"]} | rtmpUrls
            neither             | {"meetingUrl": "http://x/", "record": false} | record
            non-http meeting    | {"meetingUrl": "file:///etc/passwd", "record": true} | meetingUrl
            bad resolution      | {"meetingUrl": "http://x/", "record": true, "resolution": {"width": 1281, "height": 720}} | resolution.width
            resolution as text  | {"meetingUrl": "http://x/", "record": true, "resolution": "big"} | resolution
            """)
    void badStartBodiesAreRefusedAndChangeNothing(String name, String body, String field) throws Exception {
        try (RecbotRun serve = RecbotRun.start(dir, "serve", "--no-warm", "--port", "0", "--output-dir", dir.resolve("out").toString())) {
            Api api = new Api(serve.awaitServePort(), null);
            JsonNode before = withoutTime(api.get("/v1/status").json());
            Api.Response r = api.post("/v1/start", body == null ? "" : body);
            assertThat(r.code()).as(r.body()).isEqualTo(400);
            assertThat(r.json().at("/error/message").asText()).contains(field).doesNotContain("Exception");
            assertThat(withoutTime(api.get("/v1/status").json())).isEqualTo(before);
            assertThat(api.get("/readyz").code()).isEqualTo(200);
            assertThat(serve.leftoverProcesses()).isEmpty();
            serve.terminate();
            assertThat(serve.waitForExit(EXIT)).isZero();
        }
    }

    @Test
    void oversizedBodiesWrongMethodsAndUnknownRoutesAreAnsweredCleanly() throws Exception {
        try (RecbotRun serve = RecbotRun.start(dir, "serve", "--no-warm", "--port", "0", "--output-dir", dir.resolve("out").toString())) {
            Api api = new Api(serve.awaitServePort(), null);
            String huge = "{\"meetingUrl\": \"http://x/\", \"record\": true, \"pad\": \"" + "x".repeat(70_000) + "\"}";
            Api.Response r = api.post("/v1/start", huge);
            assertThat(r.code()).isEqualTo(400);
            assertThat(r.json().at("/error/message").asText()).contains("body");
            assertThat(api.get("/v1/start").code()).isEqualTo(405);
            assertThat(api.get("/v1/nothing").code()).isEqualTo(404);
            assertThat(api.get("/v1/status").json().at("/browserRecordingState/running").asBoolean()).isFalse();
            serve.terminate();
            assertThat(serve.waitForExit(EXIT)).isZero();
        }
    }

    @Test
    void beyondLoopbackEveryV1RouteNeedsTheToken() throws Exception {
        try (RecbotRun refused = RecbotRun.start(Files.createDirectories(dir.resolve("a")),
                "serve", "--no-warm", "--port", "0", "--bind", "0.0.0.0")) {
            assertThat(refused.waitForExit(EXIT)).isEqualTo(2);
            assertThat(refused.stderr().strip()).contains("RECBOT_API_TOKEN").hasLineCount(1);
        }
        String token = "tok-" + System.nanoTime();
        Path b = Files.createDirectories(dir.resolve("b"));
        try (RecbotRun serve = RecbotRun.start(b, Map.of("RECBOT_API_TOKEN", token), "serve", "--no-warm", "--port", "0",
                "--bind", "0.0.0.0", "--output-dir", dir.resolve("out").toString())) {
            int port = serve.awaitServePort();
            Api anonymous = new Api(port, null);
            Api wrong = new Api(port, token + "x");
            Api right = new Api(port, token);
            for (String path : List.of("/v1/status", "/v1/events", "/v1/preview.jpg", "/")) {
                assertThat(anonymous.get(path).code()).isEqualTo(401);
                assertThat(wrong.get(path).code()).isEqualTo(401);
            }
            assertThat(anonymous.post("/v1/start", recordBody("320x180")).code()).isEqualTo(401);
            assertThat(anonymous.post("/v1/stop", "").code()).isEqualTo(401);
            assertThat(right.get("/v1/status").code()).isEqualTo(200);
            assertThat(anonymous.get("/healthz").code()).isEqualTo(200);
            assertThat(serve.stdout() + serve.stderr()).doesNotContain(token);
            serve.terminate();
            assertThat(serve.waitForExit(EXIT)).isZero();
        }
    }

    @Test
    void archivalRecordingSurvivesStopAndRunsBesideARecording() throws Exception {
        Path out = dir.resolve("out");
        try (RecbotRun serve = RecbotRun.start(dir, "serve", "--no-warm", "--port", "0", "--output-dir", out.toString(),
                "--server-recording", "--meeting-url", page.url().toString(), "--resolution", "320x180")) {
            Api api = new Api(serve.awaitServePort(), null);
            await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200))
                    .until(() -> api.get("/v1/status").json().at("/serverRecordingState/running").asBoolean());
            assertThat(api.get("/readyz").code()).as("the archival recording does not block a start").isEqualTo(200);
            assertThat(api.post("/v1/stop", "").code()).as("stop with only the archival recording").isEqualTo(409);

            Api.Response started = api.post("/v1/start", recordBody("256x144"));
            assertThat(started.code()).as(started.body()).isEqualTo(200);
            assertThat(started.json().at("/browserRecordingState/running").asBoolean()).isTrue();
            assertThat(started.json().at("/serverRecordingState/running").asBoolean()).isTrue();
            Path recording = Path.of(started.json().at("/browserRecordingState/file").asText());

            Api.Response stopped = api.post("/v1/stop", "");
            assertThat(stopped.code()).isEqualTo(200);
            assertThat(stopped.json().at("/browserRecordingState/running").asBoolean()).isFalse();
            assertThat(stopped.json().at("/serverRecordingState/running").asBoolean()).isTrue();
            Path archive = Path.of(stopped.json().at("/serverRecordingState/file").asText());
            assertThat(archive).isNotEqualTo(recording);
            assertThat(MediaProbe.of(recording).decodeErrors()).isEmpty();

            serve.terminate();
            assertThat(serve.waitForExit(EXIT)).isZero();
            PipelineIT.assertPlayable(archive, 320, 180, MediaProbe.of(archive).durationSeconds());
            assertThat(MediaProbe.of(archive).durationSeconds()).isGreaterThan(MediaProbe.of(recording).durationSeconds());
            serve.assertNothingLeftRunning();
        }
    }

    /**
     * Fifty start/stop cycles in one worker: no process, thread or file descriptor is left behind,
     * and memory stays flat. (Each session has its own PulseAudio server, so no module can leak
     * into a shared one; a leftover server would show up as a leftover process.) Measured after a
     * full GC: Selenium's java.net.http clients cannot be closed on Java 17, and their selector
     * threads end only once the client is collected.
     */
    @Test
    void fiftyStartStopCyclesLeaveNothingBehind() throws Exception {
        Path out = dir.resolve("out");
        try (RecbotRun serve = RecbotRun.start(dir, "serve", "--no-warm", "--port", "0", "--output-dir", out.toString())) {
            Api api = new Api(serve.awaitServePort(), null);
            long[] warm = null;
            for (int cycle = 1; cycle <= 50; cycle++) {
                Api.Response started = api.post("/v1/start", recordBody("128x72"));
                assertThat(started.code()).as("start " + cycle + ": " + started.body()).isEqualTo(200);
                Api.Response stopped = api.post("/v1/stop", "");
                assertThat(stopped.code()).as("stop " + cycle + ": " + stopped.body()).isEqualTo(200);
                assertThat(serve.leftoverProcesses()).as("after cycle " + cycle).isEmpty();
                if (cycle == 5) {
                    serve.collectGarbage();
                    warm = settled(serve);
                }
            }
            serve.collectGarbage();
            long[] end = settled(serve);
            assertThat(end[0]).as("threads after 50 cycles vs after 5").isLessThanOrEqualTo(warm[0] + 4);
            assertThat(end[1]).as("file descriptors after 50 cycles vs after 5").isLessThanOrEqualTo(warm[1] + 4);
            assertThat(end[2]).as("resident kB after 50 cycles vs after 5").isLessThan(warm[2] + 96 * 1024);
            assertThat(PipelineIT.recordings(out)).hasSize(50);
            serve.terminate();
            assertThat(serve.waitForExit(EXIT)).isZero();
            serve.assertNothingLeftRunning();
        }
    }

    /** Resource use once collected clients' threads have ended: the thread count stops falling. */
    private static long[] settled(RecbotRun serve) throws Exception {
        long[][] last = {serve.resourceUse()};
        await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofSeconds(2)).until(() -> {
            long[] now = serve.resourceUse();
            boolean stable = now[0] >= last[0][0];
            last[0] = now;
            return stable;
        });
        return last[0];
    }

    private static List<JsonNode> events(List<String> lines) throws Exception {
        List<JsonNode> out = new ArrayList<>();
        for (String l : lines) {
            if (l.startsWith("data: ")) {
                out.add(JSON.readTree(l.substring(6)));
            }
        }
        return out;
    }

    private static long sequence(WebhookReceiver.Delivery d) {
        try {
            return JSON.readTree(d.body()).path("sequence").asLong();
        } catch (java.io.IOException e) {
            throw new AssertionError(e);
        }
    }

    private static JsonNode withoutTime(JsonNode status) {
        ((com.fasterxml.jackson.databind.node.ObjectNode) status).remove("updatedAt");
        return status;
    }
}
