package live.recbot.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import live.recbot.bench.MediaAnalysis;
import live.recbot.bench.PictureLatency;
import live.recbot.testpage.TestPageServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The whole path for real: Xvfb, PulseAudio, Chromium on the bundled test page, the encoder, the
 * recording file and a local nginx-rtmp (with an rtmps:// TLS endpoint). Every output is checked by
 * decoding it.
 */
class PipelineIT {
    private static final Duration EXIT_TIMEOUT = Duration.ofSeconds(90);
    private static final Duration RUNNING_TIMEOUT = Duration.ofSeconds(60);

    @TempDir
    static Path shared;
    private static TestPageServer page;
    private static LocalIngest ingest;

    @TempDir
    Path dir;

    @BeforeAll
    static void startServers() throws IOException {
        page = TestPageServer.start(0);
        ingest = LocalIngest.start(shared.resolve("ingest"));
    }

    @AfterAll
    static void stopServers() {
        if (ingest != null) {
            ingest.close();
        }
        if (page != null) {
            page.close();
        }
    }

    private static String key() {
        return "key-" + UUID.randomUUID().toString().replace("-", "");
    }

    @Test
    void landscapeRecordingAndThreeRtmpOutputsIncludingRtmps() throws Exception {
        String k1 = key();
        String k2 = key();
        String k3 = key();
        String token = "tok" + UUID.randomUUID().toString().replace("-", "");
        Path out = dir.resolve("out");
        Path status = dir.resolve("status.json");
        try (RecbotRun run = RecbotRun.start(dir, "run",
                "--meeting-url", page.url() + "?name=Landscape&token=" + token,
                "--record", "--output-dir", out.toString(),
                "--rtmp-url", ingest.rtmpUrl(k1),
                "--rtmp-url", ingest.rtmpsUrl(k2) + "?secret=" + token,
                "--rtmp-url", ingest.rtmpUrl(k3),
                "--max-duration", "8s", "--status-file", status.toString())) {

            JsonNode live = RecbotRun.awaitStatus(status, RUNNING_TIMEOUT,
                    s -> s.at("/rtmpStreamingState/running").asBoolean() && s.at("/browserRecordingState/running").asBoolean()
                            && allOutputsRunning(s));
            assertThat(live.at("/rtmpStreamingState/startedAt").isTextual()).isTrue();
            assertThat(live.at("/rtmpStreamingState/error").isNull()).isTrue();
            assertThat(live.at("/browserRecordingState/startedAt").isTextual()).isTrue();
            assertMemoryStaysFlatWhileRecording(run, onlyRecording(out));

            assertThat(run.waitForExit(EXIT_TIMEOUT)).as(run.stderr()).isZero();
            Path file = onlyRecording(out);
            assertPlayable(file, 1280, 720, 8.0);
            assertPictureLagMeasured(run.stderr(), file);
            for (String k : List.of(k1, k2, k3)) {
                assertStreamReceived(ingest.recording(k), 1280, 720, 8.0);
            }

            JsonNode last = RecbotRun.json(status);
            assertThat(last.at("/endReason").asText()).isEqualTo("max-duration");
            assertThat(last.at("/rtmpStreamingState/running").asBoolean()).isFalse();
            assertThat(last.at("/rtmpStreamingState/error").isNull()).isTrue();
            assertThat(last.at("/browserRecordingState/running").asBoolean()).isFalse();
            assertThat(last.at("/browserRecordingState/error").isNull()).isTrue();
            assertThat(last.at("/browserRecordingState/file").asText()).isEqualTo(file.toString());
            assertThat(last.at("/serverRecordingState/running").asBoolean()).isFalse();
            assertThat(last.at("/resolution/width").asInt()).isEqualTo(1280);
            assertThat(last.at("/resolution/height").asInt()).isEqualTo(720);
            assertThat(last.at("/rtmpStreamingState/outputs")).hasSize(3);
            assertThat(last.at("/rtmpStreamingState/outputs/1/url").asText())
                    .isEqualTo("rtmps://127.0.0.1:" + ingest.rtmpsPort + "/live/***");

            String everything = run.stdout() + run.stderr() + RecbotRun.read(status);
            for (String secret : List.of(k1, k2, k3, token)) {
                assertThat(everything).doesNotContain(secret);
            }
            run.assertNothingLeftRunning();
        }
    }

    @Test
    void portraitRecordingOnlyEndsWhenTheMeetingEnds() throws Exception {
        Path out = dir.resolve("out");
        Path status = dir.resolve("status.json");
        try (RecbotRun run = RecbotRun.start(dir, "run", "--meeting-url", page.url() + "?endAfter=8",
                "--record", "--resolution", "720x1280", "--output-dir", out.toString(),
                "--status-file", status.toString())) {
            JsonNode live = RecbotRun.awaitStatus(status, RUNNING_TIMEOUT, s -> s.at("/browserRecordingState/running").asBoolean());
            Instant started = Instant.parse(live.at("/browserRecordingState/startedAt").asText());
            assertThat(run.waitForExit(EXIT_TIMEOUT)).as(run.stderr()).isZero();
            JsonNode last = RecbotRun.json(status);
            assertThat(last.at("/endReason").asText()).isEqualTo("meeting-ended");
            // The page ends the meeting 8 s after it loaded; the recording spans from the first
            // captured picture to the end.
            double ran = Duration.between(started, Instant.parse(last.at("/updatedAt").asText())).toMillis() / 1000.0;
            assertPlayable(onlyRecording(out), 720, 1280, ran);
            assertThat(last.at("/rtmpStreamingState/outputs")).isEmpty();
            assertThat(last.at("/rtmpStreamingState/running").asBoolean()).isFalse();
            run.assertNothingLeftRunning();
        }
    }

    @Test
    void smallSizeStreamOnlyWritesNoFile() throws Exception {
        String k = key();
        Path out = dir.resolve("out");
        try (RecbotRun run = RecbotRun.start(dir, "run", "--meeting-url", page.url().toString(),
                "--rtmp-url", ingest.rtmpUrl(k), "--resolution", "480x80", "--output-dir", out.toString(),
                "--max-duration", "6s", "--log-format", "json")) {
            assertThat(run.waitForExit(EXIT_TIMEOUT)).as(run.stderr()).isZero();
            // --log-format json: every line one JSON object; state changes carry the status document.
            com.fasterxml.jackson.databind.ObjectMapper json = new com.fasterxml.jackson.databind.ObjectMapper();
            List<JsonNode> lines = new java.util.ArrayList<>();
            for (String line : run.stderr().lines().toList()) {
                lines.add(json.readTree(line));
            }
            assertThat(lines).isNotEmpty().allMatch(l -> l.has("ts") && l.has("level") && l.has("message"));
            assertThat(lines).anyMatch(l -> l.at("/status/rtmpStreamingState/running").asBoolean());
            assertStreamReceived(ingest.recording(k), 480, 80, 6.0);
            assertThat(Files.exists(out) ? recordings(out) : List.of()).isEmpty();
            assertThat(run.stdout() + run.stderr()).doesNotContain(k);
            run.assertNothingLeftRunning();
        }
    }

    @Test
    void sigtermStopsGracefullyWithAFinalisedFileAndTheFinalStateReachesTheWebhook() throws Exception {
        Path out = dir.resolve("out");
        Path status = dir.resolve("status.json");
        String secret = "whsec-" + UUID.randomUUID();
        int statusPort = LocalIngest.freePort();
        try (WebhookReceiver hook = new WebhookReceiver(0);
             RecbotRun run = RecbotRun.start(dir, java.util.Map.of("RECBOT_WEBHOOK_SECRET", secret), "run",
                     "--meeting-url", page.url().toString(), "--record", "--resolution", "640x360",
                     "--output-dir", out.toString(), "--status-file", status.toString(),
                     "--status-port", Integer.toString(statusPort), "--webhook-url", hook.url())) {
            RecbotRun.awaitStatus(status, RUNNING_TIMEOUT, s -> s.at("/browserRecordingState/running").asBoolean());
            Api api = new Api(statusPort, null);
            assertThat(api.get("/v1/status").json().at("/browserRecordingState/running").asBoolean()).isTrue();
            assertThat(api.post("/v1/stop", "").code()).as("a run's status port is read-only").isEqualTo(405);
            assertThat(api.get("/healthz").code()).isEqualTo(200);
            // Let some media flow: wait until the fragmented file has a few seconds in it.
            org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(250))
                    .until(() -> Files.size(onlyRecording(out)) > 150_000);
            long signalled = System.nanoTime();
            run.terminate();
            assertThat(run.waitForExit(Duration.ofSeconds(10))).as(run.stderr()).isZero();
            assertThat(Duration.ofNanos(System.nanoTime() - signalled)).isLessThan(Duration.ofSeconds(10));
            Path file = onlyRecording(out);
            assertThat(MediaProbe.of(file).video()).isPresent();
            assertThat(MediaProbe.of(file).decodeErrors()).isEmpty();
            assertThat(RecbotRun.json(status).at("/endReason").asText()).isEqualTo("stopped");
            assertThat(RecbotRun.json(status).at("/browserRecordingState/running").asBoolean()).isFalse();
            // Delivered before the process exited, and signed.
            List<WebhookReceiver.Delivery> accepted = hook.accepted();
            assertThat(accepted).isNotEmpty();
            WebhookReceiver.Delivery last = accepted.get(accepted.size() - 1);
            assertThat(new com.fasterxml.jackson.databind.ObjectMapper().readTree(last.body()).at("/status/endReason").asText())
                    .isEqualTo("stopped");
            assertThat(last.signature()).isEqualTo(live.recbot.status.WebhookNotifier.signature(last.body(),
                    new javax.crypto.spec.SecretKeySpec(secret.getBytes(java.nio.charset.StandardCharsets.UTF_8), "HmacSHA256")));
            run.assertNothingLeftRunning();
        }
    }

    /**
     * Ctrl-C in a terminal signals the whole foreground process group, not only recbot: the X
     * server, the sound server and the browser must not hear it, or they die under the recording.
     */
    @Test
    void ctrlCInATerminalStopsGracefullyWithAFinalisedFile() throws Exception {
        Path out = dir.resolve("out");
        Path status = dir.resolve("status.json");
        try (RecbotRun run = RecbotRun.startAsTerminalJob(dir, "run", "--meeting-url", page.url().toString(),
                "--record", "--resolution", "640x360", "--output-dir", out.toString(), "--status-file", status.toString())) {
            RecbotRun.awaitStatus(status, RUNNING_TIMEOUT, s -> s.at("/browserRecordingState/running").asBoolean());
            org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(250))
                    .until(() -> Files.size(onlyRecording(out)) > 100_000);
            run.interruptProcessGroup();
            assertThat(run.waitForExit(Duration.ofSeconds(10))).as(run.stderr()).isZero();
            assertThat(RecbotRun.json(status).at("/endReason").asText()).as(run.stderr()).isEqualTo("stopped");
            Path file = onlyRecording(out);
            assertThat(MediaProbe.of(file).video()).isPresent();
            assertThat(MediaProbe.of(file).audio()).isPresent();
            assertThat(MediaProbe.of(file).decodeErrors()).isEmpty();
            run.assertNothingLeftRunning();
        }
    }

    /** Any page can say "meeting ended" through a JavaScript condition of the config. */
    @Test
    void aCustomEndConditionEndsTheMeeting() throws Exception {
        Path status = dir.resolve("status.json");
        try (RecbotRun run = RecbotRun.start(dir, "run", "--meeting-url", page.url().toString(), "--record",
                "--resolution", "128x72", "--output-dir", dir.resolve("out").toString(), "--max-duration", "60s",
                "--end-condition", "window.recbotTestPage.flashes >= 3", "--status-file", status.toString())) {
            assertThat(run.waitForExit(EXIT_TIMEOUT)).as(run.stderr()).isZero();
            assertThat(RecbotRun.json(status).at("/endReason").asText()).isEqualTo("meeting-ended");
            assertThat(MediaProbe.of(onlyRecording(dir.resolve("out"))).durationSeconds()).isLessThan(10.0);
            run.assertNothingLeftRunning();
        }
    }

    /** Each bot has its own display and its own audio server, so two on one host never mix. */
    @Test
    void twoBotsSideBySideKeepTheirOwnDisplayAndSound() throws Exception {
        Path dirA = Files.createDirectories(dir.resolve("a"));
        Path dirB = Files.createDirectories(dir.resolve("b"));
        String kb = key();
        try (RecbotRun a = RecbotRun.start(dirA, "run", "--meeting-url", page.url() + "?name=A", "--record",
                "--resolution", "320x180", "--output-dir", dirA.resolve("out").toString(), "--max-duration", "6s");
             RecbotRun b = RecbotRun.start(dirB, "run", "--meeting-url", page.url() + "?name=B",
                     "--rtmp-url", ingest.rtmpUrl(kb), "--resolution", "256x144", "--max-duration", "6s",
                     "--output-dir", dirB.resolve("out").toString())) {
            assertThat(a.waitForExit(EXIT_TIMEOUT)).as(a.stderr()).isZero();
            assertThat(b.waitForExit(EXIT_TIMEOUT)).as(b.stderr()).isZero();
            assertPlayable(onlyRecording(dirA.resolve("out")), 320, 180, 6.0);
            assertStreamReceived(ingest.recording(kb), 256, 144, 6.0);
            a.assertNothingLeftRunning();
            b.assertNothingLeftRunning();
        }
    }

    private static boolean allOutputsRunning(JsonNode s) {
        JsonNode outputs = s.at("/rtmpStreamingState/outputs");
        if (outputs.size() == 0) {
            return false;
        }
        for (JsonNode o : outputs) {
            if (!o.path("running").asBoolean()) {
                return false;
            }
        }
        return true;
    }

    static List<Path> recordings(Path out) throws IOException {
        try (Stream<Path> files = Files.list(out)) {
            return files.filter(p -> p.toString().endsWith(".mp4")).toList();
        }
    }

    static Path onlyRecording(Path out) throws IOException {
        List<Path> files = recordings(out);
        assertThat(files).hasSize(1);
        return files.get(0);
    }

    /** h264 + aac at the exact size, the expected length, no decode error, sound, and a moving picture. */
    /**
     * Resident memory must not grow with the media: captured images once leaked (3.6 MB each at
     * 720p, over 300 MB in the window below), which only long recordings would have revealed.
     */
    private static void assertMemoryStaysFlatWhileRecording(RecbotRun run, Path recording) throws Exception {
        long rssBeforeKb = run.resourceUse()[2];
        long sizeBefore = Files.size(recording);
        // About 3 s of media at 2.5 Mb/s: some 90 captured images pass through the pipeline.
        await("1 MB more recorded").atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(100))
                .until(() -> Files.size(recording) >= sizeBefore + 1_000_000);
        long growthMb = (run.resourceUse()[2] - rssBeforeKb) / 1024;
        assertThat(growthMb).as("RSS growth in MB while 1 MB of media was recorded").isLessThan(96);
    }

    static void assertPlayable(Path file, int width, int height, double seconds) throws Exception {
        MediaProbe probe = MediaProbe.of(file);
        assertThat(probe.video()).as("video stream in " + file).isPresent();
        assertThat(probe.video().get().codec()).isEqualTo("h264");
        assertThat(probe.video().get().width()).isEqualTo(width);
        assertThat(probe.video().get().height()).isEqualTo(height);
        assertThat(probe.audio()).as("audio stream in " + file).isPresent();
        assertThat(probe.audio().get().codec()).isEqualTo("aac");
        assertThat(probe.audio().get().sampleRate()).isEqualTo(48000);
        assertThat(probe.audio().get().channels()).isEqualTo(2);
        assertThat(probe.durationSeconds()).as("duration of " + file).isCloseTo(seconds, within(1.0));
        assertThat(probe.decodeErrors()).as("decode errors in " + file).isEmpty();
        assertThat(probe.meanVolumeDb()).as("mean volume of " + file).isGreaterThan(-40.0);
        int[] frames = probe.videoFrames();
        assertThat(frames[0]).as("video frames").isGreaterThan((int) (seconds * 30 * 0.5));
        assertThat(frames[1]).as("distinct pictures among " + frames[0] + " frames").isGreaterThan(frames[0] / 2);
    }

    /**
     * recbot's own measure of the browser's picture delay, read from the stamp it has the page draw
     * below the picture, agrees with the test page's stamp in the recorded picture within two
     * display frames. They stamp different times of a frame: the test page the time of day its
     * callback runs, recbot the frame's time that Chromium hands every callback, up to a frame
     * ahead of when they run.
     */
    private static void assertPictureLagMeasured(String log, Path recording) throws Exception {
        Matcher m = Pattern.compile("picture lag: (\\d+) of (\\d+) recorded frames stamped; "
                + "the page's pictures reached the capture ([0-9.]+) ms \\(median").matcher(log);
        assertThat(m.find()).as("recbot's picture lag summary in\n" + log).isTrue();
        int stamped = Integer.parseInt(m.group(1));
        int recorded = Integer.parseInt(m.group(2));
        assertThat(stamped).as("frames carrying recbot's stamp, of " + recorded).isGreaterThan(recorded * 9 / 10);
        double measured = Double.parseDouble(m.group(3));
        Optional<Double> page = PictureLatency.medianMs(MediaAnalysis.analyze(recording, 30).frames(),
                log.lines().toList());
        assertThat(page).as("the test page's stamp in " + recording).isPresent();
        assertThat(measured).as("recbot's median picture delay, in ms").isBetween(1.0, 300.0)
                .isCloseTo(page.get(), within(34.0));
    }

    static void assertStreamReceived(Path flv, int width, int height, double seconds) throws Exception {
        assertThat(flv).as("stream recorded by nginx-rtmp").exists();
        assertPlayable(flv, width, height, seconds);
        // A stream starts with its first picture, sent at once, and no sound from before it.
        List<MediaProbe.Packet> head = MediaProbe.of(flv).firstPackets(30);
        assertThat(head).as("packets at the start of " + flv).isNotEmpty();
        MediaProbe.Packet first = head.get(0);
        assertThat(first.type()).as("the stream's first packet").isEqualTo("video");
        assertThat(first.key()).as("the stream's first packet is a keyframe").isTrue();
        assertThat(head).filteredOn(p -> p.type().equals("audio")).as("sound at the start of " + flv)
                .isNotEmpty().allSatisfy(p -> assertThat(p.dtsSeconds()).isGreaterThanOrEqualTo(first.dtsSeconds()));
    }
}
