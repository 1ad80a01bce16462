package live.recbot.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import live.recbot.testpage.TestPageServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * The SDK's recording and streaming states over the real API, as the event stream and the webhook
 * carry them: one `recbot serve` with an archival recording, a loopback nginx-rtmp and a webhook
 * receiver, shared by every test; sessions are short and small.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class RecordingStatesIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration EXIT = Duration.ofSeconds(60);
    private static final String BROWSER = "/browserRecordingState/state";
    private static final String RTMP = "/rtmpStreamingState/state";
    private static final String SERVER = "/serverRecordingState/state";

    @TempDir
    static Path dir;
    private static TestPageServer page;
    private static LocalIngest ingest;
    private static WebhookReceiver hook;
    private static RecbotRun serve;
    private static Api api;
    private static List<String> sse;

    @BeforeAll
    static void startStack() throws Exception {
        page = TestPageServer.start(0);
        ingest = LocalIngest.start(Files.createDirectories(dir.resolve("ingest")));
        hook = new WebhookReceiver(0);
        serve = RecbotRun.start(Files.createDirectories(dir.resolve("serve")),
                Map.of("RECBOT_WEBHOOK_SECRET", "whsec-states"), "serve", "--port", "0",
                "--output-dir", dir.resolve("out").toString(), "--webhook-url", hook.url(),
                "--server-recording", "--meeting-url", page.url().toString(), "--resolution", "256x144");
        api = new Api(serve.awaitServePort(), null);
        sse = api.subscribe();
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200))
                .until(() -> api.get("/v1/status").json().at("/serverRecordingState/running").asBoolean());
    }

    @AfterAll
    static void stopStack() {
        if (serve != null) {
            serve.close();
        }
        if (hook != null) {
            hook.close();
        }
        if (ingest != null) {
            ingest.close();
        }
        if (page != null) {
            page.close();
        }
    }

    private static String body(boolean record, String... rtmpUrls) {
        StringBuilder b = new StringBuilder("{\"meetingUrl\": \"" + page.url() + "\", \"resolution\": \"256x144\"");
        if (record) {
            b.append(", \"record\": true");
        }
        if (rtmpUrls.length > 0) {
            b.append(", \"rtmpUrls\": [\"").append(String.join("\", \"", rtmpUrls)).append("\"]");
        }
        return b.append('}').toString();
    }

    /** Starts a session, stops it once it answered, and gives the events from its start to its end. */
    private static List<JsonNode> session(String body, int expectedStart) throws Exception {
        return session(body, expectedStart, "");
    }

    /** As above, stopping once the status has {@code stopWhen} as a value (none: at once). */
    private static List<JsonNode> session(String body, int expectedStart, String stopWhen) throws Exception {
        int from = events().size();
        Api.Response started = api.post("/v1/start", body);
        assertThat(started.code()).as(started.body()).isEqualTo(expectedStart);
        if (!stopWhen.isEmpty()) {
            await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(100))
                    .until(() -> api.get("/v1/status").body().contains(stopWhen));
        }
        if (expectedStart == 200) {
            Api.Response stopped = api.post("/v1/stop", "");
            assertThat(stopped.code()).as(stopped.body()).isEqualTo(200);
        }
        return await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(100))
                .until(() -> events().subList(from, events().size()), e -> e.stream()
                        .anyMatch(d -> !d.at("/endReason").isNull() && !d.at("/endReason").isMissingNode()));
    }

    @Test
    @Order(1)
    void aRecordingGoesFromStartingToStartedToStopped() throws Exception {
        List<JsonNode> events = session(body(true), 200);
        assertThat(collapsed(events, BROWSER)).containsExactly("starting", "started", "stopped");
        assertThat(collapsed(events, RTMP)).containsExactly("none");
        JsonNode last = events.get(events.size() - 1).at("/browserRecordingState");
        assertThat(last.at("/running").asBoolean()).isFalse();
        assertThat(last.at("/startedAt").isTextual()).isTrue();
        assertStoppedAfterStart(last);
    }

    @Test
    @Order(2)
    void aStreamGoesFromStartingToStartedToStopped() throws Exception {
        List<JsonNode> events = session(body(false, ingest.rtmpUrl("only")), 200);
        assertThat(collapsed(events, RTMP)).containsExactly("starting", "started", "stopped");
        assertThat(collapsed(events, BROWSER)).containsExactly("none");
        assertStoppedAfterStart(events.get(events.size() - 1).at("/rtmpStreamingState"));
    }

    @Test
    @Order(3)
    void bothTogether() throws Exception {
        List<JsonNode> events = session(body(true, ingest.rtmpUrl("both")), 200);
        assertThat(collapsed(events, BROWSER)).containsExactly("starting", "started", "stopped");
        assertThat(collapsed(events, RTMP)).containsExactly("starting", "started", "stopped");
    }

    @Test
    @Order(4)
    void aRefusedStreamFailsWhileTheRecordingGoesOn() throws Exception {
        List<JsonNode> events = session(body(true, ingest.deniedUrl("key")), 200, "rtmp-publish-rejected");
        // FFmpeg learns of the refusal when it writes after the publish: the first picture may go out first.
        assertThat(collapsed(events, RTMP)).isIn(List.of("starting", "failed"), List.of("starting", "started", "failed"));
        assertThat(collapsed(events, BROWSER)).containsExactly("starting", "started", "stopped");
        JsonNode rtmp = events.get(events.size() - 1).at("/rtmpStreamingState");
        assertThat(rtmp.at("/error/code").asText()).isEqualTo("rtmp-publish-rejected");
        assertThat(rtmp.at("/running").asBoolean()).isFalse();
        assertThat(rtmp.at("/stoppedAt").isTextual()).isTrue();
    }

    @Test
    @Order(5)
    void aPageThatDoesNotLoadFailsTheRecording() throws Exception {
        String closed = "http://127.0.0.1:" + LocalIngest.freePort() + "/room";
        List<JsonNode> events = session("{\"meetingUrl\": \"" + closed + "\", \"record\": true,"
                + " \"resolution\": \"256x144\"}", 502);
        assertThat(collapsed(events, BROWSER)).containsExactly("starting", "failed");
        assertThat(events.get(events.size() - 1).at("/browserRecordingState/error/code").asText())
                .isEqualTo("page-unreachable");
        assertThat(events.get(events.size() - 1).at("/browserRecordingState/stoppedAt").isTextual()).isTrue();
    }

    /**
     * Last: the archival recording ends with the worker, so only the webhook, which is drained
     * before the process exits, sees it stop. The webhook carried the very changes the event
     * stream did, numbered without a gap.
     */
    @Test
    @Order(6)
    void theArchivalRecordingStopsWithTheWorkerAndTheWebhookSawEveryChange() throws Exception {
        List<String> lines = List.copyOf(sse);
        List<JsonNode> streamed = events(lines);
        List<String> ids = lines.stream().filter(l -> l.startsWith("id: ")).map(l -> l.substring(4))
                .limit(streamed.size()).toList();
        serve.terminate();
        assertThat(serve.waitForExit(EXIT)).isZero();
        serve.assertNothingLeftRunning();

        List<JsonNode> hooked = new ArrayList<>();
        for (WebhookReceiver.Delivery d : hook.accepted()) {
            hooked.add(JSON.readTree(d.body()));
        }
        for (int i = 0; i < hooked.size(); i++) {
            assertThat(hooked.get(i).path("sequence").asLong()).as("webhook " + i).isEqualTo(i);
        }
        // The event stream's first event is the state at subscription, numbered as the last change before it.
        long first = Long.parseLong(ids.get(0));
        for (int i = 0; i < ids.size(); i++) {
            assertThat(Long.parseLong(ids.get(i))).isEqualTo(first + i);
            assertThat(withoutTime(hooked.get((int) first + i).path("status")))
                    .as("webhook and event " + ids.get(i)).isEqualTo(withoutTime(streamed.get(i)));
        }
        List<JsonNode> statuses = hooked.stream().map(h -> h.path("status")).toList();
        assertThat(collapsed(statuses, SERVER)).containsExactly("none", "starting", "started", "stopped");
        assertStoppedAfterStart(statuses.get(statuses.size() - 1).at("/serverRecordingState"));
    }

    private static void assertStoppedAfterStart(JsonNode state) {
        Instant started = Instant.parse(state.at("/startedAt").asText());
        assertThat(Instant.parse(state.at("/stoppedAt").asText())).isAfter(started);
    }

    private static List<JsonNode> events() throws IOException {
        return events(List.copyOf(sse));
    }

    private static List<JsonNode> events(List<String> lines) throws IOException {
        List<JsonNode> out = new ArrayList<>();
        for (String l : lines) {
            if (l.startsWith("data: ")) {
                out.add(JSON.readTree(l.substring(6)));
            }
        }
        return out;
    }

    /** The values at {@code pointer}, each run of repeats shown once. */
    private static List<String> collapsed(List<JsonNode> docs, String pointer) {
        List<String> out = new ArrayList<>();
        for (JsonNode d : docs) {
            String v = d.at(pointer).asText();
            if (out.isEmpty() || !out.get(out.size() - 1).equals(v)) {
                out.add(v);
            }
        }
        return out;
    }

    private static JsonNode withoutTime(JsonNode status) {
        JsonNode copy = status.deepCopy();
        ((com.fasterxml.jackson.databind.node.ObjectNode) copy).remove("updatedAt");
        return copy;
    }
}
