package live.recbot.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
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
import live.recbot.bench.MediaAnalysis;
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
        // --no-warm: a warm stack is WarmStartIT's subject; these sessions are of other sizes.
        serve = RecbotRun.start(Files.createDirectories(dir.resolve("serve")),
                Map.of("RECBOT_WEBHOOK_SECRET", "whsec-states"), "serve", "--no-warm", "--port", "0",
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

    /**
     * A recording alone, paused and resumed: its states, the pause refused when it makes no sense,
     * and the file, which leaves the pause out and plays straight on with its sync kept.
     */
    @Test
    @Order(1)
    void aPausedRecordingLeavesThePauseOutAndPlaysStraightOn() throws Exception {
        Api.Response idle = api.post("/v1/pause", "");
        assertThat(idle.code()).as("pause with nothing recording").isEqualTo(409);
        assertThat(idle.json().at("/error/code").asText()).isEqualTo("not-running");
        assertThat(api.post("/v1/resume", "").code()).as("resume with nothing recording").isEqualTo(409);

        int from = events().size();
        Api.Response started = api.post("/v1/start", body(true).replace("256x144", "320x180"));
        assertThat(started.code()).as(started.body()).isEqualTo(200);
        Instant mediaFrom = Instant.parse(started.json().at("/browserRecordingState/startedAt").asText());
        Path file = Path.of(started.json().at("/browserRecordingState/file").asText());
        awaitUntil(mediaFrom.plusSeconds(4));

        Instant beforePause = Instant.now();
        Api.Response paused = api.post("/v1/pause", "{}");
        Instant pausedAt = midpoint(beforePause, Instant.now());
        assertThat(paused.code()).as(paused.body()).isEqualTo(200);
        assertThat(paused.json().at(BROWSER).asText()).isEqualTo("paused");
        assertThat(paused.json().at("/browserRecordingState/running").asBoolean()).isTrue();
        Api.Response twice = api.post("/v1/pause", "");
        assertThat(twice.code()).as("pausing twice").isEqualTo(409);
        assertThat(twice.json().at("/error/code").asText()).isEqualTo("already-paused");
        Api.Response bad = api.post("/v1/pause", "{\"nope\": 1}");
        assertThat(bad.code()).isEqualTo(400);
        assertThat(bad.json().at("/error/message").asText()).isEqualTo("body.nope: unknown field");
        // What was muxed before the pause reaches the file with the next fragment; then nothing does.
        awaitUntil(pausedAt.plusMillis(500));
        long sizeInPause = Files.size(file);
        awaitUntil(pausedAt.plusSeconds(3));
        assertThat(Files.size(file)).as("the file receives nothing while paused").isEqualTo(sizeInPause);

        Instant beforeResume = Instant.now();
        Api.Response resumed = api.post("/v1/resume", "");
        Instant resumedAt = midpoint(beforeResume, Instant.now());
        assertThat(resumed.code()).as(resumed.body()).isEqualTo(200);
        assertThat(resumed.json().at(BROWSER).asText()).isEqualTo("resumed");
        Api.Response again = api.post("/v1/resume", "");
        assertThat(again.code()).as("resuming twice").isEqualTo(409);
        assertThat(again.json().at("/error/code").asText()).isEqualTo("not-paused");
        awaitUntil(resumedAt.plusSeconds(4));

        Instant stopAt = Instant.now();
        Api.Response stopped = api.post("/v1/stop", "");
        assertThat(stopped.code()).as(stopped.body()).isEqualTo(200);
        assertThat(api.post("/v1/pause", "").code()).as("pause once stopped").isEqualTo(409);
        List<JsonNode> events = await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(100))
                .until(() -> events().subList(from, events().size()), e -> e.stream().anyMatch(d -> d.at("/endReason").isTextual()));
        assertThat(collapsed(events, BROWSER)).containsExactly("starting", "started", "paused", "resumed", "stopped");
        assertThat(collapsed(events, RTMP)).containsExactly("none");
        assertStoppedAfterStart(events.get(events.size() - 1).at("/browserRecordingState"));

        assertThat(MediaProbe.of(file).decodeErrors()).isEmpty();
        double recorded = Duration.between(mediaFrom, pausedAt).plus(Duration.between(resumedAt, stopAt)).toMillis() / 1000.0;
        assertThat(MediaProbe.of(file).durationSeconds()).as("the time recorded, the pause left out")
                .isCloseTo(recorded, within(0.5));
        assertSyncKeptAcrossTheCut(file, Duration.between(mediaFrom, pausedAt).toMillis() / 1000.0);
        System.out.printf("pause and resume: %.2f s recorded, the file lasts %.2f s%n", recorded,
                MediaProbe.of(file).durationSeconds());
    }

    /** Flash and beep markers paired on both sides of the cut, with the same offset on both. */
    private static void assertSyncKeptAcrossTheCut(Path file, double cutSeconds) throws IOException {
        MediaAnalysis.Report report = MediaAnalysis.analyze(file, 30);
        double cut = report.video().startSeconds() + cutSeconds;
        // A marker half a second either side of the cut may pair with one from the other side.
        List<MediaAnalysis.SyncPair> before = report.sync().pairs().stream().filter(p -> p.flashSeconds() < cut - 0.6).toList();
        List<MediaAnalysis.SyncPair> after = report.sync().pairs().stream().filter(p -> p.flashSeconds() > cut + 0.6).toList();
        assertThat(before).as("markers before the pause: " + report.sync()).hasSizeGreaterThanOrEqualTo(2);
        assertThat(after).as("picture and sound markers after the resume: " + report.sync()).hasSizeGreaterThanOrEqualTo(2);
        assertThat(median(after)).as("A/V offset after the resume vs before, ms").isCloseTo(median(before), within(45.0));
        System.out.printf("pause and resume: A/V offset %.1f ms before (%d markers), %.1f ms after (%d markers)%n",
                median(before), before.size(), median(after), after.size());
    }

    private static double median(List<MediaAnalysis.SyncPair> pairs) {
        double[] o = pairs.stream().mapToDouble(MediaAnalysis.SyncPair::offsetMs).sorted().toArray();
        return o.length % 2 == 1 ? o[o.length / 2] : (o[o.length / 2 - 1] + o[o.length / 2]) / 2;
    }

    private static Instant midpoint(Instant a, Instant b) {
        return a.plus(Duration.between(a, b).dividedBy(2));
    }

    /** Lets the session run until {@code t}. */
    private static void awaitUntil(Instant t) {
        Duration left = Duration.between(Instant.now(), t);
        if (left.isNegative()) {
            return;
        }
        await().atMost(left.plusSeconds(2)).pollInterval(Duration.ofMillis(20)).until(() -> !Instant.now().isBefore(t));
    }

    @Test
    @Order(2)
    void aStreamGoesFromStartingToStartedToStopped() throws Exception {
        List<JsonNode> events = session(body(false, ingest.rtmpUrl("only")), 200);
        assertThat(collapsed(events, RTMP)).containsExactly("starting", "started", "stopped");
        assertThat(collapsed(events, BROWSER)).containsExactly("none");
        assertStoppedAfterStart(events.get(events.size() - 1).at("/rtmpStreamingState"));
    }

    /**
     * Both together, the recording paused and resumed by SIGUSR1 and SIGUSR2 (as `run` takes them;
     * `serve` shares the handling), then by the API holding the streams: through the first pause
     * the stream shows the meeting, through the second a still picture and silence; it never stops,
     * and the file leaves both pauses out.
     */
    @Test
    @Order(3)
    void bothTogetherPausedBySignalsThenWithTheStreams() throws Exception {
        int from = events().size();
        Api.Response started = api.post("/v1/start", body(true, ingest.rtmpUrl("both")));
        assertThat(started.code()).as(started.body()).isEqualTo(200);
        Instant mediaFrom = Instant.parse(started.json().at("/browserRecordingState/startedAt").asText());
        Path file = Path.of(started.json().at("/browserRecordingState/file").asText());
        awaitUntil(Instant.now().plusSeconds(1));
        Instant pausedAt = Instant.now();
        signal("USR1");
        awaitBrowserState("paused");
        assertThat(api.get("/v1/status").json().at("/rtmpStreamingState/running").asBoolean()).as("the stream goes on").isTrue();
        // A profiler attached to the paused worker: HotSpot's thread sampling must not send recbot's resume.
        Process jfr = new ProcessBuilder("jcmd", Long.toString(serve.pid()), "JFR.start", "duration=2s",
                "filename=" + dir.resolve("profile.jfr")).redirectErrorStream(true).start();
        String jfrSaid = new String(jfr.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        assertThat(jfr.waitFor()).as(jfrSaid).isZero();
        await().during(Duration.ofMillis(800)).atMost(Duration.ofSeconds(3)).pollInterval(Duration.ofMillis(50))
                .until(() -> api.get("/v1/status").json().at(BROWSER).asText(), "paused"::equals);
        awaitUntil(pausedAt.plusSeconds(2));
        signal("USR2");
        awaitBrowserState("resumed");
        awaitUntil(Instant.now().plusSeconds(1));

        Api.Response bad = api.post("/v1/pause", "{\"streams\": \"yes\"}");
        assertThat(bad.code()).isEqualTo(400);
        assertThat(bad.json().at("/error/message").asText()).isEqualTo("body.streams: must be true or false");
        Instant beforePause = Instant.now();
        Api.Response held = api.post("/v1/pause", "{\"streams\": true}");
        Instant heldFrom = midpoint(beforePause, Instant.now());
        assertThat(held.code()).as(held.body()).isEqualTo(200);
        assertThat(held.json().at("/rtmpStreamingState/running").asBoolean()).as("the stream goes on").isTrue();
        awaitUntil(heldFrom.plusSeconds(3));
        Instant beforeResume = Instant.now();
        assertThat(api.post("/v1/resume", "{\"streams\": true}").code()).as("a resume takes no fields").isEqualTo(400);
        assertThat(api.post("/v1/resume", "").code()).isEqualTo(200);
        Instant heldUntil = midpoint(beforeResume, Instant.now());
        awaitUntil(Instant.now().plusSeconds(2));
        assertThat(api.post("/v1/stop", "").code()).isEqualTo(200);

        List<JsonNode> events = await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(100))
                .until(() -> events().subList(from, events().size()), e -> e.stream().anyMatch(d -> d.at("/endReason").isTextual()));
        assertThat(collapsed(events, BROWSER)).containsExactly("starting", "started", "paused", "resumed", "paused",
                "resumed", "stopped");
        assertThat(collapsed(events, RTMP)).containsExactly("starting", "started", "stopped");
        assertThat(serve.stdout() + serve.stderr()).contains("SIGUSR1: the recording is paused")
                .contains("SIGUSR2: the recording is resumed").doesNotContain("not-paused");

        Path stream = ingest.recording("both");
        await().atMost(Duration.ofSeconds(10)).until(() -> MediaProbe.of(stream).durationSeconds() > 0);
        assertThat(MediaProbe.of(file).decodeErrors()).isEmpty();
        assertThat(MediaProbe.of(stream).decodeErrors()).isEmpty();
        assertThat(MediaProbe.of(stream).durationSeconds()).as("the stream has the 5 s the file leaves out")
                .isGreaterThan(MediaProbe.of(file).durationSeconds() + 4);
        assertStillWhileHeld(stream, Duration.between(mediaFrom, heldFrom).toMillis() / 1000.0,
                Duration.between(mediaFrom, heldUntil).toMillis() / 1000.0);
    }

    /** No flash, beep or change of picture while the streams were held; the meeting's markers after. */
    private static void assertStillWhileHeld(Path stream, double fromSeconds, double untilSeconds) throws IOException {
        MediaAnalysis.Report report = MediaAnalysis.analyze(stream, 30);
        double t0 = report.video().startSeconds();
        double from = t0 + fromSeconds + 0.3;
        double until = t0 + untilSeconds - 0.2;
        List<Double> flashes = MediaAnalysis.flashOnsets(report.frames());
        List<Double> beeps = MediaAnalysis.beepOnsets(stream);
        assertThat(flashes.stream().filter(t -> t > from && t < until)).as("flashes while held").isEmpty();
        assertThat(beeps.stream().filter(t -> t > from && t < until)).as("beeps while held").isEmpty();
        assertThat(report.frames().stream().filter(f -> f.pts() > from && f.pts() < until).filter(f -> f.isNew()))
                .as("new pictures while held").isEmpty();
        assertThat(report.frames().stream().filter(f -> f.pts() > from && f.pts() < until)).as("pictures while held")
                .hasSizeGreaterThan((int) ((until - from) * 25));
        assertThat(flashes.stream().filter(t -> t > until + 0.5)).as("the meeting again after the resume").isNotEmpty();
        assertThat(beeps.stream().filter(t -> t > until + 0.5)).as("its sound again after the resume").isNotEmpty();
    }

    private static void awaitBrowserState(String state) {
        await().atMost(Duration.ofSeconds(5)).pollInterval(Duration.ofMillis(50))
                .until(() -> api.get("/v1/status").json().at(BROWSER).asText(), state::equals);
    }

    private static void signal(String name) throws Exception {
        Process kill = new ProcessBuilder("kill", "-" + name, Long.toString(serve.pid())).start();
        assertThat(kill.waitFor()).as("kill -" + name).isZero();
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
