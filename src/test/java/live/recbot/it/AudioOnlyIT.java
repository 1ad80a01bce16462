package live.recbot.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import live.recbot.bench.MediaAnalysis;
import live.recbot.testpage.TestPageServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code "audioOnly": true} over the real API: a recording with a stream to a local nginx-rtmp,
 * then a recording alone, each decoded: only AAC, no picture, the test page's beeps once a second,
 * the length the session ran. While the first records, nothing of the picture runs in recbot.
 */
class AudioOnlyIT {
    private static final Duration EXIT = Duration.ofSeconds(60);

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

    @Test
    void recordsAndStreamsTheSoundAloneWithNothingOfThePictureRunning() throws Exception {
        String key = "key-" + UUID.randomUUID().toString().replace("-", "");
        try (RecbotRun serve = RecbotRun.start(dir, "serve", "--port", "0", "--output-dir",
                dir.resolve("out").toString())) {
            Api api = new Api(serve.awaitServePort(), null);

            Api.Response started = api.post("/v1/start", "{\"meetingUrl\": \"" + page.url() + "\", \"record\": true, "
                    + "\"rtmpUrls\": [\"" + ingest.rtmpUrl(key) + "\"], \"audioOnly\": true}");
            assertThat(started.code()).as(started.body()).isEqualTo(200);
            assertThat(started.json().at("/rtmpStreamingState/running").asBoolean()).isTrue();
            Path file = Path.of(started.json().at("/browserRecordingState/file").asText());
            assertThat(file.getFileName().toString()).endsWith(".m4a");

            List<String> threads = threadNames(serve);
            assertThat(threads).as("recbot's threads while it records").contains("recbot-capture-audio")
                    .doesNotContain("recbot-capture-video", "recbot-encode-video");
            String metrics = api.get("/metrics").body();
            assertThat(metrics).contains("recbot_encoded_bytes_total{session=\"controlled\"}")
                    .contains("recbot_sound_steering_ratio{session=\"controlled\"}")
                    .doesNotContain("recbot_video_").doesNotContain("recbot_picture_lag");
            Api.Response preview = api.get("/v1/preview.jpg");
            assertThat(preview.code()).isEqualTo(503);
            assertThat(preview.json().at("/error/message").asText())
                    .isEqualTo("preview: the session records the sound alone (audioOnly): it has no picture");

            // Cut into fragments as it records, each complete on disk: what a killed process would leave.
            await("a second of sound in the growing file").atMost(Duration.ofSeconds(10))
                    .pollInterval(Duration.ofMillis(250)).until(() -> MediaProbe.of(file).durationSeconds() >= 1.0);

            double ran = stopAfter(api, started, Duration.ofSeconds(8));
            assertSoundAlone(file, ran);
            Path flv = ingest.recording(key);
            await("nginx-rtmp to close the stream").atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(200))
                    .until(() -> Files.exists(flv) && MediaProbe.of(flv).durationSeconds() > 0);
            assertSoundAlone(flv, ran);
            MediaProbe.Packet first = MediaProbe.of(flv).firstPackets(1).get(0);
            assertThat(first.type()).as("the stream's first packet").isEqualTo("audio");

            Api.Response recordOnly = api.post("/v1/start", "{\"meetingUrl\": \"" + page.url()
                    + "\", \"record\": true, \"audioOnly\": true}");
            assertThat(recordOnly.code()).as(recordOnly.body()).isEqualTo(200);
            Path second = Path.of(recordOnly.json().at("/browserRecordingState/file").asText());
            assertSoundAlone(second, stopAfter(api, recordOnly, Duration.ofSeconds(5)));

            serve.terminate();
            assertThat(serve.waitForExit(EXIT)).as(serve.stderr()).isZero();
            assertThat(serve.stdout() + serve.stderr()).doesNotContain(key);
            serve.assertNothingLeftRunning();
        }
    }

    /** Stops the session once it has recorded {@code length}; how long it recorded, in seconds. */
    private static double stopAfter(Api api, Api.Response started, Duration length) throws Exception {
        Instant since = Instant.parse(started.json().at("/browserRecordingState/startedAt").asText());
        await().atMost(length.plusSeconds(10)).pollInterval(Duration.ofMillis(50))
                .until(() -> Duration.between(since, Instant.now()).compareTo(length) >= 0);
        Api.Response stopped = api.post("/v1/stop", "");
        assertThat(stopped.code()).as(stopped.body()).isEqualTo(200);
        Instant until = Instant.parse(stopped.json().at("/updatedAt").asText());
        return Duration.between(since, until).toMillis() / 1000.0;
    }

    /** AAC at 48 kHz stereo and nothing else, decoding cleanly, as long as the session ran, with its beeps. */
    private static void assertSoundAlone(Path file, double seconds) throws Exception {
        MediaProbe probe = MediaProbe.of(file);
        assertThat(probe.video()).as("video stream in " + file).isEmpty();
        assertThat(probe.audio()).as("audio stream in " + file).isPresent();
        assertThat(probe.audio().get().codec()).isEqualTo("aac");
        assertThat(probe.audio().get().sampleRate()).isEqualTo(48000);
        assertThat(probe.audio().get().channels()).isEqualTo(2);
        assertThat(probe.decodeErrors()).as("decode errors in " + file).isEmpty();
        assertThat(probe.durationSeconds()).as("duration of " + file).isCloseTo(seconds, within(1.0));
        assertThat(probe.meanVolumeDb()).as("mean volume of " + file).isGreaterThan(-40.0);
        // The test page beeps once a second, each 0 to 0.1 s into its second: every second of the
        // recording has its beep, 0.9 to 1.1 s after the last.
        List<Double> beeps = MediaAnalysis.beepOnsets(file);
        assertThat(beeps.size()).as("beeps in " + file + ": " + beeps).isGreaterThanOrEqualTo((int) seconds - 1);
        for (int i = 1; i < beeps.size(); i++) {
            assertThat(beeps.get(i) - beeps.get(i - 1)).as("from beep to beep in " + file + ": " + beeps)
                    .isCloseTo(1.0, within(0.1));
        }
    }

    /** The names of the recbot JVM's threads, as jcmd prints them. */
    private static List<String> threadNames(RecbotRun run) throws Exception {
        Process jcmd = new ProcessBuilder("jcmd", Long.toString(run.pid()), "Thread.print")
                .redirectErrorStream(true).start();
        byte[] out = jcmd.getInputStream().readAllBytes();
        if (!jcmd.waitFor(30, TimeUnit.SECONDS) || jcmd.exitValue() != 0) {
            throw new AssertionError("jcmd Thread.print failed for " + run.pid());
        }
        return new String(out, StandardCharsets.UTF_8).lines().filter(l -> l.startsWith("\""))
                .map(l -> l.substring(1, l.indexOf('"', 1))).toList();
    }
}
