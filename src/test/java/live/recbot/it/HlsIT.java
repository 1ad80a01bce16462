package live.recbot.it;

import static live.recbot.it.PipelineIT.onlyRecording;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import live.recbot.testing.HlsPlaylist;
import live.recbot.testpage.TestPageServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The live HLS rendition of a real session, played back through its playlist with Debian's
 * ffmpeg: after a normal stop, and after SIGKILL mid-run.
 */
class HlsIT {
    private static final Duration RUNNING = Duration.ofSeconds(60);
    private static TestPageServer page;

    @TempDir
    Path dir;

    @BeforeAll
    static void startPage() throws IOException {
        page = TestPageServer.start(0);
    }

    @AfterAll
    static void stopPage() {
        page.close();
    }

    @Test
    void aStoppedSessionLeavesAClosedPlaylistOfSegmentsAsLongAsAskedBesideTheRecording() throws Exception {
        Path status = dir.resolve("status.json");
        Path out = dir.resolve("out");
        try (RecbotRun run = RecbotRun.start(dir, "run", "--meeting-url", page.url().toString(), "--record",
                "--hls", "--hls-segment-seconds", "3", "--resolution", "320x180", "--output-dir", out.toString(),
                "--status-file", status.toString())) {
            JsonNode up = RecbotRun.awaitStatus(status, RUNNING, s -> s.at("/hlsRecordingState/running").asBoolean());
            Instant started = Instant.parse(up.at("/hlsRecordingState/startedAt").asText());
            Path playlist = Path.of(up.at("/hlsRecordingState/playlist").asText());
            await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200))
                    .until(() -> Duration.between(started, Instant.now()).toMillis() >= 8_000);
            run.terminate();
            assertThat(run.waitForExit(Duration.ofSeconds(60))).isZero();

            JsonNode last = RecbotRun.json(status);
            assertThat(last.at("/hlsRecordingState/running").asBoolean()).isFalse();
            assertThat(last.at("/hlsRecordingState/error").isNull()).isTrue();
            assertThat(last.at("/hlsRecordingState/playlist").asText()).isEqualTo(playlist.toString());
            Path recording = onlyRecording(out);
            assertThat(playlist).isEqualTo(out.resolve(recording.getFileName().toString()
                    .replaceFirst("\\.mp4$", "-hls")).resolve("index.m3u8"));

            String text = Files.readString(playlist);
            assertThat(text).contains("#EXT-X-PLAYLIST-TYPE:EVENT", "#EXT-X-INDEPENDENT-SEGMENTS", "#EXT-X-ENDLIST");
            List<Double> durations = HlsPlaylist.durations(text);
            assertThat(durations).as("segments of " + text).hasSizeGreaterThanOrEqualTo(3);
            assertThat(durations.subList(0, durations.size() - 1))
                    .allSatisfy(d -> assertThat(d).isCloseTo(3.0, within(0.1)));
            assertEverySegmentStartsWithAKeyframe(playlist, HlsPlaylist.segments(text));

            double total = durations.stream().mapToDouble(Double::doubleValue).sum();
            double recorded = MediaProbe.of(recording).durationSeconds();
            System.out.printf("HLS after a stop: segments %s s, %.3f s listed; the recording %.3f s%n", durations,
                    total, recorded);
            assertDecodesWhole(playlist, total, List.of());
            MediaProbe probe = MediaProbe.of(playlist);
            assertThat(probe.video().orElseThrow()).isEqualTo(new MediaProbe.Stream("h264", 320, 180, 0, 0));
            assertThat(probe.audio().orElseThrow().codec()).isEqualTo("aac");
            assertThat(total).as("the rendition is as long as the recording of the same encode")
                    .isCloseTo(recorded, within(0.5));
        }
    }

    @Test
    void sigkillLeavesAPlayablePlaylistOfTheCompletedSegments() throws Exception {
        Path status = dir.resolve("status.json");
        Path out = dir.resolve("out");
        // HLS alone is an output: no file, no stream.
        try (RecbotRun run = RecbotRun.start(dir, "run", "--meeting-url", page.url().toString(), "--hls",
                "--hls-segment-seconds", "2", "--resolution", "320x180", "--output-dir", out.toString(),
                "--status-file", status.toString())) {
            JsonNode up = RecbotRun.awaitStatus(status, RUNNING, s -> s.at("/hlsRecordingState/running").asBoolean());
            Instant started = Instant.parse(up.at("/hlsRecordingState/startedAt").asText());
            Path playlist = Path.of(up.at("/hlsRecordingState/playlist").asText());
            await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200))
                    .until(() -> Duration.between(started, Instant.now()).toMillis() >= 7_000);
            double killedAt = Duration.between(started, Instant.now()).toMillis() / 1000.0;
            new ProcessBuilder("kill", "-KILL", Long.toString(run.pid())).start().waitFor();
            assertThat(run.waitForExit(Duration.ofSeconds(10))).isEqualTo(137);
            run.assertNothingLeftRunning();

            assertThat(PipelineIT.recordings(out)).as("no recording file was asked for").isEmpty();
            String text = Files.readString(playlist);
            assertThat(text).doesNotContain("#EXT-X-ENDLIST");
            List<Double> durations = HlsPlaylist.durations(text);
            double total = durations.stream().mapToDouble(Double::doubleValue).sum();
            System.out.printf("HLS after SIGKILL at %.3f s: segments %s s, %.3f s listed%n", killedAt, durations,
                    total);
            // Each segment is listed once complete: at most the one being written, and the
            // picture still on its way through the pipeline, are lost.
            assertThat(total).as("seconds listed of " + killedAt + " s run").isGreaterThan(killedAt - 2 * 2 - 1);
            assertThat(durations).allSatisfy(d -> assertThat(d).isCloseTo(2.0, within(0.1)));
            for (String segment : HlsPlaylist.segments(text)) {
                assertThat(playlist.resolveSibling(segment)).as("listed segment").isNotEmptyFile();
            }
            // Unended, the playlist is live to a player: it plays what is listed, then gives up waiting
            // (Debian's ffmpeg 5.1 refuses it at once with a hold counter of 1).
            assertDecodesWhole(playlist, total, List.of("-live_start_index", "0", "-m3u8_hold_counters", "2"));
        }
    }

    /** Decoded through the playlist: no error, pictures and sound for all of {@code seconds}. */
    private static void assertDecodesWhole(Path playlist, double seconds, List<String> inputOptions)
            throws Exception {
        List<String> cmd = new ArrayList<>(List.of("ffmpeg", "-nostdin", "-v", "error"));
        cmd.addAll(inputOptions);
        cmd.addAll(List.of("-i", playlist.toString(), "-f", "framemd5", "-"));
        MediaProbe.Result r = MediaProbe.run(cmd);
        assertThat(r.exit()).as("ffmpeg: " + r.stderr()).isZero();
        assertThat(r.stderr().lines().filter(l -> !l.isBlank()).toList()).as("decode errors").isEmpty();
        long video = r.stdout().lines().filter(l -> l.startsWith("0,")).count();
        long audio = r.stdout().lines().filter(l -> l.startsWith("1,")).count();
        assertThat(video / 30.0).as("seconds of pictures decoded").isCloseTo(seconds, within(0.2));
        assertThat(audio * 1024 / 48_000.0).as("seconds of sound decoded").isCloseTo(seconds, within(0.2));
    }

    /** Each segment, read after the init segment as a player reads it, opens on a video keyframe. */
    private void assertEverySegmentStartsWithAKeyframe(Path playlist, List<String> segments) throws Exception {
        byte[] init = Files.readAllBytes(playlist.resolveSibling("init.mp4"));
        for (String segment : segments) {
            Path joined = dir.resolve("joined-" + segment + ".mp4");
            Files.write(joined, init);
            Files.write(joined, Files.readAllBytes(playlist.resolveSibling(segment)),
                    java.nio.file.StandardOpenOption.APPEND);
            MediaProbe.Packet first = MediaProbe.of(joined).firstPackets(20).stream()
                    .filter(p -> p.type().equals("video")).findFirst().orElseThrow();
            assertThat(first.key()).as("the first picture of " + segment + " is a keyframe").isTrue();
        }
    }
}
