package live.recbot.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.net.ConnectException;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.function.Predicate;
import javax.imageio.ImageIO;
import live.recbot.testpage.TestPageServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * GET /metrics of the packaged recbot while it records, read by a real Prometheus text parser:
 * the counters grow between scrapes, the gauges follow the room, a stopped session's meters go,
 * and no secret reaches the text.
 */
class MetricsIT {
    private static final Duration EXIT = Duration.ofSeconds(60);
    private static final List<String> STATES = List.of("rtmpStreamingState", "browserRecordingState", "serverRecordingState");
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

    @Test
    void serveCountsWhileRecordingAndStreamingAndForgetsAStoppedSession() throws Exception {
        String archiveSecret = "archive-secret-" + UUID.randomUUID();
        String meetingSecret = "meeting-secret-" + UUID.randomUUID();
        String streamKey = "sk-secret-" + UUID.randomUUID();
        List<String> secrets = List.of(archiveSecret, meetingSecret, streamKey, "token=");
        try (LocalIngest ingest = LocalIngest.start(dir.resolve("ingest"));
             // --no-warm: a warm stack is WarmStartIT's subject; these sessions are of other sizes.
             RecbotRun serve = RecbotRun.start(Files.createDirectories(dir.resolve("serve")), "serve", "--no-warm", "--port", "0",
                     "--output-dir", dir.resolve("out").toString(), "--server-recording",
                     "--meeting-url", page.url() + "?token=" + archiveSecret, "--resolution", "256x144")) {
            Api api = new Api(serve.awaitServePort(), null);
            Scrapes scrapes = new Scrapes(api, secrets);
            // The archival recording alone: the worker is not busy, and only the archival session is measured.
            PrometheusText archival = scrapes.until(m -> m.value("recbot_state_running", "state", "serverRecordingState") == 1);
            assertThat(archival.value("recbot_worker_busy")).isZero();
            assertThat(archival.find("recbot_video_captured_frames_total", "session", "archival")).hasSize(1);
            assertThat(archival.find("recbot_video_captured_frames_total", "session", "controlled")).isEmpty();
            assertThat(previewSize(api)).as("the preview shows the archival recording alone").containsExactly(256, 144);

            Api.Response started = api.post("/v1/start", "{\"meetingUrl\": \"" + page.url() + "?token=" + meetingSecret
                    + "\", \"record\": true, \"resolution\": \"320x180\", \"rtmpUrls\": [\"" + ingest.rtmpUrl(streamKey) + "\"]}");
            assertThat(started.code()).as(started.body()).isEqualTo(200);
            assertThat(previewSize(api)).as("the preview shows the recording start/stop control").containsExactly(320, 180);
            // A scrape may be up to a second old: wait for one made since the start.
            PrometheusText first = scrapes.until(m -> m.value("recbot_worker_busy") == 1);
            for (String state : STATES) {
                assertThat(first.value("recbot_state_running", "state", state)).as(state).isEqualTo(1);
                assertThat(first.value("recbot_state_error", "state", state)).as(state).isZero();
            }
            for (String kind : List.of("file", "rtmp")) {
                assertThat(first.value("recbot_output_up", "session", "controlled", "kind", kind, "output", "0"))
                        .as(kind).isEqualTo(1);
            }

            // Counters only grow: wait for a later scrape in which each of them has.
            PrometheusText later = scrapes.until(m -> grew(first, m, "recbot_video_captured_frames_total")
                    && grew(first, m, "recbot_video_encoded_frames_total")
                    && grew(first, m, "recbot_video_encode_seconds_count")
                    && grew(first, m, "recbot_encoded_bytes_total")
                    && grew(first, m, "recbot_output_sent_bytes_total", "kind", "file")
                    && grew(first, m, "recbot_output_sent_bytes_total", "kind", "rtmp")
                    && grew(first, m, "recbot_output_written_packets_total", "kind", "file"));
            assertThat(later.value("recbot_video_encode_seconds_sum", "session", "controlled")).isPositive();
            assertThat(later.value("recbot_video_dropped_frames_total", "session", "controlled")).isNotNegative();
            assertThat(later.value("recbot_output_reconnects_total", "session", "controlled", "kind", "rtmp")).isZero();
            assertThat(later.value("recbot_output_queue_packets", "session", "controlled", "kind", "file"))
                    .isNotNegative();
            // The test page draws the picture stamp, so the lag is measured and the sound follows it.
            assertThat(later.value("recbot_picture_lag_seconds", "session", "controlled")).isPositive();
            assertThat(later.value("recbot_sound_delay_seconds", "session", "controlled")).isPositive();
            assertThat(Math.abs(later.value("recbot_sound_steering_ratio", "session", "controlled")))
                    .as("the steering's documented bound").isLessThanOrEqualTo(0.003);
            assertThat(later.value("process_cpu_seconds_total")).isGreaterThan(first.value("process_cpu_seconds_total"));
            assertThat(later.value("process_resident_memory_bytes")).isGreaterThan(50e6);
            assertTypes(later);

            Api.Response stopped = api.post("/v1/stop", "");
            assertThat(stopped.code()).as(stopped.body()).isEqualTo(200);
            // A scrape may be up to a second old (Scrapes.MAX_AGE): wait for one made after the stop.
            PrometheusText after = scrapes.until(m -> m.value("recbot_worker_busy") == 0);
            assertThat(after.value("recbot_state_running", "state", "rtmpStreamingState")).isZero();
            assertThat(after.value("recbot_state_running", "state", "browserRecordingState")).isZero();
            assertThat(after.value("recbot_state_running", "state", "serverRecordingState")).isEqualTo(1);
            assertThat(after.samples()).as("a stopped session's meters are gone")
                    .noneMatch(s -> "controlled".equals(s.labels().get("session")));
            assertThat(after.value("recbot_video_captured_frames_total", "session", "archival"))
                    .isGreaterThan(archival.value("recbot_video_captured_frames_total", "session", "archival"));

            serve.terminate();
            assertThat(serve.waitForExit(EXIT)).isZero();
            assertThat(scrapes.count()).isGreaterThanOrEqualTo(4);
            serve.assertNothingLeftRunning();
        }
    }

    @Test
    void aRunsStatusPortServesTheMetricsWhileItRecords() throws Exception {
        String meetingSecret = "meeting-secret-" + UUID.randomUUID();
        int port = LocalIngest.freePort();
        try (RecbotRun run = RecbotRun.start(dir, "run", "--meeting-url", page.url() + "?token=" + meetingSecret,
                "--record", "--resolution", "256x144", "--output-dir", dir.resolve("out").toString(),
                "--status-port", Integer.toString(port))) {
            Scrapes scrapes = new Scrapes(new Api(port, null), List.of(meetingSecret, "token="));
            PrometheusText first = scrapes.until(m -> m.value("recbot_state_running", "state", "browserRecordingState") == 1);
            assertThat(first.value("recbot_worker_busy")).isEqualTo(1);
            assertThat(first.value("recbot_output_up", "session", "controlled", "kind", "file")).isEqualTo(1);
            scrapes.until(m -> grew(first, m, "recbot_video_encoded_frames_total")
                    && grew(first, m, "recbot_output_sent_bytes_total", "kind", "file"));
            assertThat(previewSize(new Api(port, null))).as("the status port's preview").containsExactly(256, 144);

            run.terminate();
            assertThat(run.waitForExit(EXIT)).as(run.stderr()).isZero();
            run.assertNothingLeftRunning();
        }
    }

    /** The width and height of the picture GET /v1/preview.jpg answers with. */
    private static int[] previewSize(Api api) throws Exception {
        HttpResponse<byte[]> r = api.bytes("/v1/preview.jpg", "GET");
        assertThat(r.statusCode()).as(new String(r.body(), StandardCharsets.UTF_8)).isEqualTo(200);
        BufferedImage image = ImageIO.read(new ByteArrayInputStream(r.body()));
        return new int[] {image.getWidth(), image.getHeight()};
    }

    /** Whether the controlled session's sample {@code name} (with {@code labels}) is larger in {@code now}. */
    private static boolean grew(PrometheusText before, PrometheusText now, String name, String... labels) {
        String[] all = new String[labels.length + 2];
        all[0] = "session";
        all[1] = "controlled";
        System.arraycopy(labels, 0, all, 2, labels.length);
        return now.value(name, all) > before.value(name, all);
    }

    private static void assertTypes(PrometheusText m) {
        for (String counter : List.of("recbot_video_captured_frames_total", "recbot_video_encoded_frames_total",
                "recbot_encoded_bytes_total",
                "recbot_video_dropped_frames_total", "recbot_output_sent_bytes_total", "recbot_output_written_packets_total",
                "recbot_output_dropped_packets_total", "recbot_output_reconnects_total", "process_cpu_seconds_total")) {
            assertThat(m.find(counter)).as(counter).isNotEmpty().allMatch(s -> s.type().equals("counter"));
        }
        for (String gauge : List.of("recbot_worker_busy", "recbot_state_running", "recbot_state_error", "recbot_output_up",
                "recbot_output_queue_packets", "recbot_sound_delay_seconds", "recbot_picture_lag_seconds",
                "recbot_sound_steering_ratio", "recbot_sound_steering_error_seconds", "process_resident_memory_bytes")) {
            assertThat(m.find(gauge)).as(gauge).isNotEmpty().allMatch(s -> s.type().equals("gauge"));
        }
        assertThat(m.find("recbot_video_encode_seconds_count")).isNotEmpty().allMatch(s -> s.type().equals("summary"));
        // Outputs are told apart by kind and index only.
        assertThat(m.find("recbot_output_up")).allMatch(s -> s.labels().keySet().equals(
                Set.of("session", "kind", "output")));
    }

    /** Scrapes of one API's /metrics, each parsed, and each checked for secrets. */
    private static final class Scrapes {
        private final Api api;
        private final List<String> secrets;
        private int count;

        Scrapes(Api api, List<String> secrets) {
            this.api = api;
            this.secrets = secrets;
        }

        PrometheusText next() throws Exception {
            Api.Response r = api.get("/metrics");
            assertThat(r.code()).as(r.body()).isEqualTo(200);
            for (String secret : secrets) {
                assertThat(r.body()).as("the metrics text").doesNotContain(secret);
            }
            count++;
            return PrometheusText.parse(r.body());
        }

        /** The first scrape that meets {@code condition}; the endpoint may not be up yet at first. */
        PrometheusText until(Predicate<PrometheusText> condition) {
            return await("GET /metrics to show what is awaited").atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500))
                    .ignoreExceptionsInstanceOf(ConnectException.class)
                    .until(this::next, m -> safely(condition, m));
        }

        private static boolean safely(Predicate<PrometheusText> condition, PrometheusText m) {
            try {
                return condition.test(m);
            } catch (AssertionError e) {
                // A sample not there yet (a session still starting).
                return false;
            }
        }

        int count() {
            return count;
        }
    }
}
