package live.recbot.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.ConnectException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.function.Predicate;
import live.recbot.bench.FlvFirstFrame;
import live.recbot.testpage.TestPageServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * POST /v1/outputs on the packaged recbot: a running stream gains a destination and loses its
 * first one, each stream received by a real nginx-rtmp starting on a keyframe and decoding
 * cleanly; every refused change gets its status code and a one-line message; no stream key shows.
 */
class OutputsIT {
    private static final Duration EXIT = Duration.ofSeconds(60);

    @TempDir
    Path dir;

    @Test
    void aRunningStreamGainsADestinationWithinASecondAndLosesItsFirstCleanly() throws Exception {
        String keyA = "sk-first-" + UUID.randomUUID();
        String keyB = "sk-added-" + UUID.randomUUID();
        String keyUnknown = "sk-unknown-" + UUID.randomUUID();
        List<String> keys = List.of(keyA, keyB, keyUnknown);
        List<Api.Response> answers = new ArrayList<>();
        try (TestPageServer page = TestPageServer.start(0);
             LocalIngest ingest = LocalIngest.start(dir.resolve("ingest"));
             // --no-warm: a warm stack is WarmStartIT's subject; these sessions are of other sizes.
             RecbotRun serve = RecbotRun.start(Files.createDirectories(dir.resolve("serve")), "serve", "--no-warm", "--port", "0",
                     "--output-dir", dir.resolve("out").toString())) {
            Api api = new Api(serve.awaitServePort(), null);
            String a = ingest.rtmpUrl(keyA);
            String b = ingest.rtmpUrl(keyB);
            String masked = "rtmp://127.0.0.1:" + ingest.rtmpPort + "/live/***";

            answers.add(assertRefused(api.post("/v1/outputs", change(List.of(b), List.of())), 409, "not-running",
                    "outputs: neither streaming nor recording is running"));

            Api.Response started = api.post("/v1/start", "{\"meetingUrl\": \"" + page.url()
                    + "\", \"resolution\": \"320x180\", \"rtmpUrls\": [\"" + a + "\"]}");
            answers.add(started);
            assertThat(started.code()).as(started.body()).isEqualTo(200);

            // Refused, each naming its field and rule; the session goes on unchanged.
            answers.add(assertRefused(api.post("/v1/outputs", "{\"add\": [\"http://127.0.0.1/live/" + keyUnknown + "\"]}"),
                    400, "invalid-config", "add[0]: must be an rtmp:// or rtmps:// URL, got scheme 'http'"));
            answers.add(assertRefused(api.post("/v1/outputs", "{\"add\": [\"" + b + "\"], \"remove\": [\"" + b + "\"]}"),
                    400, "invalid-config", "add[0]: is also in remove"));
            answers.add(assertRefused(api.post("/v1/outputs", change(List.of(), List.of(ingest.rtmpUrl(keyUnknown)))),
                    409, "invalid-config", "remove[0]: is not one of the session's rtmpUrls"));
            answers.add(assertRefused(api.post("/v1/outputs", change(List.of(a), List.of())), 409, "invalid-config",
                    "add[0]: is already one of the session's rtmpUrls"));
            answers.add(assertRefused(api.post("/v1/outputs", change(List.of(b, ingest.rtmpUrl("c"),
                    ingest.rtmpsUrl("d")), List.of())), 409, "invalid-config", "rtmpUrls: at most 3 URLs, got 4"));
            answers.add(assertRefused(api.post("/v1/outputs", change(List.of(), List.of(a))), 409, "invalid-config",
                    "remove: would leave nothing running: the session does not record and this removes its last stream"));
            assertThat(Files.exists(ingest.recording(keyB))).as("nothing was sent to a refused URL").isFalse();

            // Added once the first stream is well into its first 2 s GOP, measured from the request
            // to the first picture in nginx's recording of it.
            Scrapes scrapes = new Scrapes(api);
            scrapes.until(m -> written(m, "0") > 50);
            long asked = System.nanoTime();
            CompletableFuture<Api.Response> adding = CompletableFuture.supplyAsync(() -> post(api, change(List.of(b), List.of())));
            await("the added stream's first picture at the ingest").atMost(Duration.ofSeconds(5))
                    .pollInterval(Duration.ofMillis(5)).until(() -> FlvFirstFrame.hasVideoFrame(ingest.recording(keyB)));
            double firstPictureMs = (System.nanoTime() - asked) / 1e6;
            Api.Response added = adding.join();
            double answeredMs = (System.nanoTime() - asked) / 1e6;
            System.out.printf("OutputsIT: the added stream's first picture reached nginx-rtmp %.0f ms after the "
                    + "request (the answer came within %.0f ms)%n", firstPictureMs, answeredMs);
            answers.add(added);
            assertThat(added.code()).as(added.body()).isEqualTo(200);
            assertThat(outputs(added)).containsExactly(masked + " running", masked + " running");

            PrometheusText both = scrapes.until(m -> written(m, "0") > 0 && written(m, "1") > 150);
            assertThat(both.value("recbot_output_up", "session", "controlled", "kind", "rtmp", "output", "1")).isEqualTo(1);

            Api.Response removed = api.post("/v1/outputs", change(List.of(), List.of(a)));
            answers.add(removed);
            assertThat(removed.code()).as(removed.body()).isEqualTo(200);
            assertThat(outputs(removed)).containsExactly(masked + " running");
            assertThat(removed.json().at("/rtmpStreamingState/running").asBoolean()).isTrue();
            // A scrape may be up to a second old (it is made at most once a second): wait for one without output 0.
            PrometheusText after = scrapes.until(m -> m.find("recbot_output_up", "session", "controlled", "output", "0")
                    .isEmpty());
            assertThat(after.value("recbot_output_up", "session", "controlled", "kind", "rtmp", "output", "1"))
                    .as("the remaining output's meters").isEqualTo(1);
            answers.add(assertRefused(api.post("/v1/outputs", change(List.of(), List.of(b))), 409, "invalid-config",
                    "remove: would leave nothing running: the session does not record and this removes its last stream"));
            double addedWritten = written(after, "1");
            scrapes.until(m -> written(m, "1") > addedWritten + 150);

            Api.Response stopped = api.post("/v1/stop", "");
            answers.add(stopped);
            assertThat(stopped.code()).as(stopped.body()).isEqualTo(200);
            for (String key : List.of(keyA, keyB)) {
                assertStreamStartsOnAKeyframeAndDecodes(ingest.recording(key));
            }
            // Not asserted (a forced keyframe may fall next to a scheduled one): the first stream's
            // keyframes show the one asked for at the add, off the 2 s schedule.
            System.out.printf("OutputsIT: keyframes of the first stream at %s s%n", MediaProbe.of(ingest.recording(keyA))
                    .firstPackets(Integer.MAX_VALUE).stream().filter(p -> p.type().equals("video") && p.key())
                    .map(p -> String.format("%.3f", p.dtsSeconds())).toList());
            for (Api.Response r : answers) {
                assertThat(r.body()).doesNotContain(keys);
            }
            serve.terminate();
            assertThat(serve.waitForExit(EXIT)).isZero();
            assertThat(serve.stdout() + serve.stderr()).doesNotContain(keys).contains("rtmp-1: added (" + masked + ")");
            serve.assertNothingLeftRunning();
        }
    }

    private static String change(List<String> add, List<String> remove) {
        return "{\"add\": [" + quoted(add) + "], \"remove\": [" + quoted(remove) + "]}";
    }

    private static String quoted(List<String> urls) {
        return String.join(", ", urls.stream().map(u -> "\"" + u + "\"").toList());
    }

    private static Api.Response post(Api api, String body) {
        try {
            return api.post("/v1/outputs", body);
        } catch (Exception e) {
            throw new CompletionException(e);
        }
    }

    private static Api.Response assertRefused(Api.Response r, int code, String errorCode, String message) {
        assertThat(r.code()).as(r.body()).isEqualTo(code);
        assertThat(r.json().at("/error/code").asText()).isEqualTo(errorCode);
        assertThat(r.json().at("/error/message").asText()).isEqualTo(message);
        return r;
    }

    /** Each listed RTMP output as "url running|stopped". */
    private static List<String> outputs(Api.Response r) {
        List<String> out = new ArrayList<>();
        for (JsonNode o : r.json().at("/rtmpStreamingState/outputs")) {
            out.add(o.path("url").asText() + (o.path("running").asBoolean() ? " running" : " stopped"));
        }
        return out;
    }

    private static double written(PrometheusText m, String output) {
        return m.value("recbot_output_written_packets_total", "session", "controlled", "kind", "rtmp", "output", output);
    }

    /** What nginx-rtmp recorded: video first, on a keyframe, no sound before it, and no decode error. */
    private static void assertStreamStartsOnAKeyframeAndDecodes(Path flv) throws Exception {
        MediaProbe probe = MediaProbe.of(flv);
        assertThat(probe.video()).as("video in " + flv).hasValueSatisfying(v -> {
            assertThat(v.codec()).isEqualTo("h264");
            assertThat(v.width()).isEqualTo(320);
            assertThat(v.height()).isEqualTo(180);
        });
        assertThat(probe.audio()).as("sound in " + flv).isPresent();
        assertThat(probe.durationSeconds()).as("duration of " + flv).isGreaterThan(2.0);
        assertThat(probe.decodeErrors()).as("decode errors in " + flv).isEmpty();
        List<MediaProbe.Packet> head = probe.firstPackets(30);
        MediaProbe.Packet first = head.get(0);
        assertThat(first.type()).as("the first packet of " + flv).isEqualTo("video");
        assertThat(first.key()).as("the first packet of " + flv + " is a keyframe").isTrue();
        assertThat(head).filteredOn(p -> p.type().equals("audio")).as("sound at the start of " + flv)
                .isNotEmpty().allSatisfy(p -> assertThat(p.dtsSeconds()).isGreaterThanOrEqualTo(first.dtsSeconds()));
    }

    /** GET /metrics, parsed. */
    private record Scrapes(Api api) {
        PrometheusText next() throws Exception {
            Api.Response r = api.get("/metrics");
            assertThat(r.code()).as(r.body()).isEqualTo(200);
            return PrometheusText.parse(r.body());
        }

        PrometheusText until(Predicate<PrometheusText> condition) {
            return await("GET /metrics to show what is awaited").atMost(Duration.ofSeconds(20))
                    .pollInterval(Duration.ofMillis(250)).ignoreExceptionsInstanceOf(ConnectException.class)
                    .until(this::next, m -> {
                        try {
                            return condition.test(m);
                        } catch (AssertionError e) {
                            return false;
                        }
                    });
        }
    }
}
