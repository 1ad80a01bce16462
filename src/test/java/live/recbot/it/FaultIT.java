package live.recbot.it;

import static live.recbot.it.PipelineIT.onlyRecording;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.stream.Stream;
import live.recbot.proc.HelperTmpDir;
import live.recbot.testpage.TestPageServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Faults injected for real, with the outputs decoded afterwards: an ingest that goes away, one
 * that stops reading, one that refuses the stream key, a disk that fills up, SIGKILL, a crashed
 * renderer, a hung page, a dying X server, and a meeting that goes still.
 */
class FaultIT {
    private static final Duration RUNNING = Duration.ofSeconds(60);
    private static final Duration EXIT = Duration.ofSeconds(60);
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

    private static String key() {
        return "key-" + UUID.randomUUID().toString().replace("-", "");
    }

    private static JsonNode output(JsonNode status, int i) {
        return status.at("/rtmpStreamingState/outputs/" + i);
    }

    @Test
    void anRtmpOutputThatGoesAwayReconnectsWhileTheFileAndTheOtherOutputCarryOn() throws Exception {
        Path status = dir.resolve("status.json");
        String ka = key();
        String kb = key();
        LocalIngest a = LocalIngest.start(dir.resolve("a1"));
        try (LocalIngest b = LocalIngest.start(dir.resolve("b"));
             RecbotRun run = RecbotRun.start(dir, "run", "--meeting-url", page.url().toString(), "--record",
                     "--resolution", "320x180", "--output-dir", dir.resolve("out").toString(),
                     "--rtmp-url", a.rtmpUrl(ka), "--rtmp-url", b.rtmpUrl(kb), "--status-file", status.toString())) {
            JsonNode up = RecbotRun.awaitStatus(status, RUNNING, s -> output(s, 0).path("running").asBoolean()
                    && output(s, 1).path("running").asBoolean());
            Instant started = Instant.parse(up.at("/browserRecordingState/startedAt").asText());
            a.close();
            JsonNode down = RecbotRun.awaitStatus(status, Duration.ofSeconds(20),
                    s -> !output(s, 0).path("error").isNull() && output(s, 0).path("retries").asInt() >= 1);
            assertThat(output(down, 0).path("running").asBoolean()).isFalse();
            assertThat(down.at("/rtmpStreamingState/error/code").asText()).isEqualTo("rtmp-output-down");
            assertThat(output(down, 1).path("running").asBoolean()).as("the other output").isTrue();
            assertThat(output(down, 1).path("error").isNull()).isTrue();
            assertThat(down.at("/browserRecordingState/running").asBoolean()).as("the file").isTrue();
            assertThat(down.at("/browserRecordingState/error").isNull()).isTrue();

            a = LocalIngest.start(dir.resolve("a2"), a.rtmpPort, a.rtmpsPort);
            RecbotRun.awaitStatus(status, Duration.ofSeconds(30), s -> output(s, 0).path("running").asBoolean()
                    && output(s, 0).path("error").isNull() && s.at("/rtmpStreamingState/error").isNull());
            // Let the reconnected stream carry a few seconds.
            LocalIngest restarted = a;
            await().atMost(Duration.ofSeconds(20)).until(() -> Files.exists(restarted.recording(ka))
                    && Files.size(restarted.recording(ka)) > 100_000);
            run.terminate();
            assertThat(run.waitForExit(EXIT)).as(run.stderr()).isZero();
            double ran = Duration.between(started, Instant.parse(RecbotRun.json(status).at("/updatedAt").asText()))
                    .toMillis() / 1000.0;
            PipelineIT.assertPlayable(onlyRecording(dir.resolve("out")), 320, 180, ran);
            PipelineIT.assertPlayable(b.recording(kb), 320, 180, ran);
            // The reconnected stream starts on a keyframe: it decodes cleanly from its first packet.
            MediaProbe resumed = MediaProbe.of(restarted.recording(ka));
            assertThat(resumed.video()).isPresent();
            assertThat(resumed.decodeErrors()).isEmpty();
            run.assertNothingLeftRunning();
        } finally {
            a.close();
        }
    }

    @Test
    void aStalledIngestIsFoundByLackOfProgressAndResumesWhenItReadsAgain() throws Exception {
        Path status = dir.resolve("status.json");
        String k = key();
        try (LocalIngest ingest = LocalIngest.start(dir.resolve("ingest"));
             RecbotRun run = RecbotRun.start(dir, "run", "--meeting-url", page.url().toString(), "--record",
                     "--resolution", "320x180", "--output-dir", dir.resolve("out").toString(),
                     "--rtmp-url", ingest.rtmpUrl(k), "--status-file", status.toString())) {
            RecbotRun.awaitStatus(status, RUNNING, s -> output(s, 0).path("running").asBoolean());
            // A stopped nginx keeps its sockets open but reads nothing: no error, just no progress.
            ingest.signal("STOP");
            RecbotRun.awaitStatus(status, Duration.ofSeconds(30), s -> output(s, 0).path("retries").asInt() >= 1);
            assertThat(RecbotRun.json(status).at("/browserRecordingState/running").asBoolean()).isTrue();
            ingest.signal("CONT");
            RecbotRun.awaitStatus(status, Duration.ofSeconds(40), s -> output(s, 0).path("running").asBoolean()
                    && output(s, 0).path("error").isNull());
            run.terminate();
            assertThat(run.waitForExit(EXIT)).as(run.stderr()).isZero();
            assertThat(MediaProbe.of(onlyRecording(dir.resolve("out"))).decodeErrors()).isEmpty();
            run.assertNothingLeftRunning();
        }
    }

    @Test
    void aServerThatNeverReadsIsGivenUpOnAndStopDoesNotWaitForIt() throws Exception {
        Path status = dir.resolve("status.json");
        try (ServerSocket blackHole = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
             RecbotRun run = RecbotRun.start(dir, "run", "--meeting-url", page.url().toString(), "--record",
                     "--resolution", "320x180", "--output-dir", dir.resolve("out").toString(),
                     "--rtmp-url", "rtmp://127.0.0.1:" + blackHole.getLocalPort() + "/live/" + key(),
                     "--rtmp-retry-timeout", "8s", "--status-file", status.toString())) {
            List<Socket> accepted = new ArrayList<>();
            Thread acceptor = new Thread(() -> {
                try {
                    while (true) {
                        accepted.add(blackHole.accept());
                    }
                } catch (IOException e) {
                    // closed at the end of the test
                }
            });
            acceptor.start();
            JsonNode gaveUp = RecbotRun.awaitStatus(status, Duration.ofSeconds(60),
                    s -> "rtmp-output-gave-up".equals(output(s, 0).at("/error/code").asText()));
            assertThat(gaveUp.at("/browserRecordingState/running").asBoolean()).as("the file goes on").isTrue();
            long signalled = System.nanoTime();
            run.terminate();
            assertThat(run.waitForExit(Duration.ofSeconds(10))).isZero();
            assertThat(Duration.ofNanos(System.nanoTime() - signalled)).isLessThan(Duration.ofSeconds(10));
            assertThat(MediaProbe.of(onlyRecording(dir.resolve("out"))).decodeErrors()).isEmpty();
            for (Socket s : accepted) {
                s.close();
            }
            run.assertNothingLeftRunning();
        }
    }

    @Test
    void aRejectedStreamKeyFailsFastWithoutEndlessRetries() throws Exception {
        Path status = dir.resolve("status.json");
        String k = key();
        try (LocalIngest ingest = LocalIngest.start(dir.resolve("ingest"));
             RecbotRun run = RecbotRun.start(dir, "run", "--meeting-url", page.url().toString(), "--record",
                     "--resolution", "320x180", "--output-dir", dir.resolve("out").toString(),
                     "--rtmp-url", ingest.deniedUrl(k), "--status-file", status.toString())) {
            JsonNode failed = RecbotRun.awaitStatus(status, RUNNING,
                    s -> "rtmp-publish-rejected".equals(output(s, 0).at("/error/code").asText()));
            assertThat(output(failed, 0).path("retries").asInt()).isZero();
            assertThat(failed.at("/browserRecordingState/running").asBoolean()).isTrue();
            assertThat(failed.toString()).doesNotContain(k);
            run.terminate();
            assertThat(run.waitForExit(EXIT)).isZero();
            assertThat(run.stderr()).doesNotContain(k);
            run.assertNothingLeftRunning();
        }
    }

    /**
     * A real filesystem that fills up: a tmpfs (mounting needs root, as CI runs) with just the room
     * the start-time check asks for, filled by another writer once the recording runs.
     */
    @Test
    void aFullDiskFailsTheRecordingButNotTheStreamAndKeepsWhatWasWritten() throws Exception {
        Path full = Files.createDirectories(dir.resolve("small-disk"));
        long size = live.recbot.session.HostSpace.recordingFloor(new live.recbot.config.HMSResolution(640, 360),
                Duration.ofSeconds(60)) + (1 << 20);
        exec("mount", "-t", "tmpfs", "-o", "size=" + size, "tmpfs", full.toString());
        Path status = dir.resolve("status.json");
        String k = key();
        try (LocalIngest ingest = LocalIngest.start(dir.resolve("ingest"));
             RecbotRun run = RecbotRun.start(dir, "run", "--meeting-url", page.url().toString(), "--record",
                     "--resolution", "640x360", "--output-dir", full.toString(), "--rtmp-url", ingest.rtmpUrl(k),
                     "--status-file", status.toString(), "--max-duration", "60s")) {
            // A few fragments first, then the disk fills under the recording.
            await().atMost(Duration.ofSeconds(60)).until(() -> onlyRecordingSize(full) > 200_000);
            fill(full.resolve("filler"));
            JsonNode failed = RecbotRun.awaitStatus(status, Duration.ofSeconds(90),
                    s -> "recording-write-failed".equals(s.at("/browserRecordingState/error/code").asText()));
            assertThat(failed.at("/browserRecordingState/running").asBoolean()).isFalse();
            assertThat(failed.at("/rtmpStreamingState/running").asBoolean()).as("the stream goes on").isTrue();
            assertThat(failed.at("/rtmpStreamingState/error").isNull()).isTrue();
            long before = Files.size(ingest.recording(k));
            await().atMost(Duration.ofSeconds(20)).until(() -> Files.size(ingest.recording(k)) > before + 50_000);
            run.terminate();
            assertThat(run.waitForExit(EXIT)).isZero();
            // Every complete fragment written before the disk filled plays.
            Path file = onlyRecording(full);
            Path copy = dir.resolve("copy.mp4");
            Files.copy(file, copy);
            MediaProbe probe = MediaProbe.of(copy);
            assertThat(probe.video()).isPresent();
            assertThat(probe.videoFrames()[0]).isGreaterThan(30);
            assertThat(MediaProbe.of(ingest.recording(k)).decodeErrors()).isEmpty();
            run.assertNothingLeftRunning();
        } finally {
            exec("umount", full.toString());
        }
    }

    private static long onlyRecordingSize(Path dir) throws IOException {
        try (var files = Files.list(dir)) {
            return files.filter(f -> f.toString().endsWith(".mp4")).mapToLong(f -> f.toFile().length()).sum();
        }
    }

    /** Writes {@code file} until the file system refuses more. */
    private static void fill(Path file) throws IOException {
        byte[] chunk = new byte[64 * 1024];
        try (var out = Files.newOutputStream(file)) {
            while (true) {
                out.write(chunk);
            }
        } catch (IOException e) {
            if (!String.valueOf(e.getMessage()).contains("No space left")) {
                throw e;
            }
        }
    }

    /** Deleted mid-recording: writes to the unlinked file would still succeed, so recbot must notice. */
    @Test
    void aDeletedOutputDirectoryFailsTheRecordingButNotTheStream() throws Exception {
        Path gone = dir.resolve("gone");
        Path status = dir.resolve("status.json");
        String k = key();
        try (LocalIngest ingest = LocalIngest.start(dir.resolve("ingest"));
             RecbotRun run = RecbotRun.start(dir, "run", "--meeting-url", page.url().toString(), "--record",
                     "--resolution", "256x144", "--output-dir", gone.toString(), "--rtmp-url", ingest.rtmpUrl(k),
                     "--status-file", status.toString())) {
            RecbotRun.awaitStatus(status, RUNNING, s -> s.at("/browserRecordingState/running").asBoolean());
            exec("rm", "-rf", gone.toString());
            JsonNode deleted = RecbotRun.awaitStatus(status, Duration.ofSeconds(30),
                    s -> "recording-file-removed".equals(s.at("/browserRecordingState/error/code").asText()));
            assertThat(deleted.at("/browserRecordingState/running").asBoolean()).isFalse();
            assertThat(deleted.at("/rtmpStreamingState/running").asBoolean()).as("the stream goes on").isTrue();
            assertThat(deleted.at("/rtmpStreamingState/error").isNull()).isTrue();
            long before = Files.size(ingest.recording(k));
            await().atMost(Duration.ofSeconds(20)).until(() -> Files.size(ingest.recording(k)) > before + 20_000);
            run.terminate();
            assertThat(run.waitForExit(EXIT)).isZero();
            assertThat(MediaProbe.of(ingest.recording(k)).decodeErrors()).isEmpty();
            run.assertNothingLeftRunning();
        }
    }

    /** A read-only filesystem (root ignores file modes, so a read-only mount) is refused before anything starts. */
    @Test
    void aReadOnlyOutputDirectoryIsRefusedBeforeAnythingStarts() throws Exception {
        Path ro = Files.createDirectories(dir.resolve("ro"));
        exec("mount", "-t", "tmpfs", "-o", "ro,size=1m", "tmpfs", ro.toString());
        try (RecbotRun run = RecbotRun.start(dir, "run", "--meeting-url", page.url().toString(), "--record",
                "--output-dir", ro.toString())) {
            assertThat(run.waitForExit(EXIT)).isEqualTo(1);
            assertThat(run.stderr().strip()).contains("output-dir-unusable").contains(ro.toString()).hasLineCount(1);
            assertThat(run.leftoverProcesses()).isEmpty();
        } finally {
            exec("umount", ro.toString());
        }
    }

    /**
     * Also: what the killed session left in its temp dir, the helpers' short folder under /tmp
     * included (the run's folder is deep enough for one), goes when the next worker starts there.
     */
    @Test
    void sigkillLeavesAPlayableRecordingAndNoProcessBehind() throws Exception {
        Path runDir = Files.createDirectories(dir.resolve("killed-run"));
        Path status = dir.resolve("status.json");
        Path out = dir.resolve("out");
        try (RecbotRun run = RecbotRun.start(runDir, "run", "--meeting-url", page.url().toString(), "--record",
                "--resolution", "640x360", "--output-dir", out.toString(), "--status-file", status.toString())) {
            JsonNode up = RecbotRun.awaitStatus(status, RUNNING, s -> s.at("/browserRecordingState/running").asBoolean());
            Instant started = Instant.parse(up.at("/browserRecordingState/startedAt").asText());
            await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200))
                    .until(() -> Duration.between(started, Instant.now()).toSeconds() >= 7);
            double killedAt = Duration.between(started, Instant.now()).toMillis() / 1000.0;
            new ProcessBuilder("kill", "-KILL", Long.toString(run.pid())).start().waitFor();
            assertThat(run.waitForExit(Duration.ofSeconds(10))).isEqualTo(137);
            run.assertNothingLeftRunning();
            MediaProbe probe = MediaProbe.of(onlyRecording(out));
            assertThat(probe.decodeErrors()).isEmpty();
            // Fragments are cut at each keyframe (every 2 s): at most the last one is lost.
            assertThat(probe.durationSeconds()).isGreaterThan(killedAt - 3.0);

            List<Path> left = run.sessionDirs();
            assertThat(left).as("a killed worker removes nothing").hasSize(1);
            Path helpers = HelperTmpDir.of(left.get(0));
            assertThat(helpers).as("the helpers' folder, outside the run's temp dir").isDirectory()
                    .matches(h -> !h.startsWith(runDir));
            try (RecbotRun next = RecbotRun.start(runDir, "run", "--meeting-url", page.url().toString(),
                    "--record", "--resolution", "256x144", "--output-dir", dir.resolve("out-next").toString(),
                    "--max-duration", "1s")) {
                assertThat(next.waitForExit(EXIT)).as(next.stderr()).isZero();
                assertThat(next.stderr()).contains("removed " + left.get(0));
            }
            assertThat(left.get(0)).doesNotExist();
            assertThat(helpers).doesNotExist();
            assertThat(run.sessionDirs()).isEmpty();
        }
    }

    @Test
    void aKilledRendererIsReplacedWhileTheRecordingGoesOn() throws Exception {
        Path status = dir.resolve("status.json");
        Path out = dir.resolve("out");
        try (RecbotRun run = RecbotRun.start(dir, "run", "--meeting-url", page.url().toString(), "--record",
                "--resolution", "320x180", "--output-dir", out.toString(), "--status-file", status.toString())) {
            JsonNode up = RecbotRun.awaitStatus(status, RUNNING, s -> s.at("/browserRecordingState/running").asBoolean());
            Instant started = Instant.parse(up.at("/browserRecordingState/startedAt").asText());
            List<Long> renderers = run.sessionProcesses("--type=renderer");
            assertThat(renderers).isNotEmpty();
            for (long pid : renderers) {
                new ProcessBuilder("kill", "-KILL", Long.toString(pid)).start().waitFor();
            }
            JsonNode recovering = RecbotRun.awaitStatus(status, Duration.ofSeconds(20),
                    s -> !s.at("/browserRecordingState/error").isNull());
            assertThat(recovering.at("/browserRecordingState/running").asBoolean()).as("recording goes on").isTrue();
            RecbotRun.awaitStatus(status, Duration.ofSeconds(60), s -> s.at("/browserRecordingState/error").isNull()
                    && s.at("/browserRecordingState/running").asBoolean());
            // Record the reopened meeting for a while, so most of the file is the live page again.
            long recovered = Files.size(onlyRecording(out));
            await().atMost(Duration.ofSeconds(30)).until(() -> Files.size(onlyRecording(out)) > recovered + 250_000);
            run.terminate();
            assertThat(run.waitForExit(EXIT)).isZero();
            double ran = Duration.between(started, Instant.parse(RecbotRun.json(status).at("/updatedAt").asText()))
                    .toMillis() / 1000.0;
            PipelineIT.assertPlayable(onlyRecording(out), 320, 180, ran);
            run.assertNothingLeftRunning();
        }
    }

    @Test
    void aPageThatKeepsHangingFailsTheSessionCleanlyAfterTheConfiguredRecoveries() throws Exception {
        Path status = dir.resolve("status.json");
        Path out = dir.resolve("out");
        try (RecbotRun run = RecbotRun.start(dir, "run", "--meeting-url", page.url() + "?hangAfter=3", "--record",
                "--resolution", "320x180", "--output-dir", out.toString(), "--browser-recoveries", "1",
                "--status-file", status.toString())) {
            assertThat(run.waitForExit(Duration.ofSeconds(120))).isEqualTo(1);
            assertThat(run.stderr()).contains("browser-recovery-failed");
            JsonNode last = RecbotRun.json(status);
            assertThat(last.at("/browserRecordingState/error/code").asText()).isEqualTo("browser-recovery-failed");
            assertThat(last.at("/endReason").asText()).isEqualTo("failed");
            assertThat(MediaProbe.of(onlyRecording(out)).decodeErrors()).isEmpty();
            run.assertNothingLeftRunning();
        }
    }

    @Test
    void aDyingXServerFailsTheSessionAndTheFileIsFinalised() throws Exception {
        Path status = dir.resolve("status.json");
        Path out = dir.resolve("out");
        try (RecbotRun run = RecbotRun.start(dir, "run", "--meeting-url", page.url().toString(), "--record",
                "--resolution", "320x180", "--output-dir", out.toString(), "--status-file", status.toString())) {
            RecbotRun.awaitStatus(status, RUNNING, s -> s.at("/browserRecordingState/running").asBoolean());
            await().atMost(Duration.ofSeconds(20)).until(() -> Files.size(onlyRecording(out)) > 30_000);
            for (long pid : run.sessionProcesses("Xvfb")) {
                new ProcessBuilder("kill", "-KILL", Long.toString(pid)).start().waitFor();
            }
            assertThat(run.waitForExit(EXIT)).isEqualTo(1);
            JsonNode last = RecbotRun.json(status);
            assertThat(last.at("/endReason").asText()).isEqualTo("failed");
            assertThat(last.at("/browserRecordingState/error/code").asText()).isIn("display-lost", "video-capture-failed");
            assertThat(MediaProbe.of(onlyRecording(out)).decodeErrors()).isEmpty();
            run.assertNothingLeftRunning();
        }
    }

    @Test
    void aMeetingThatGoesStillAndSilentEndsAfterTheNoMediaTimeout() throws Exception {
        Path status = dir.resolve("status.json");
        try (RecbotRun run = RecbotRun.start(dir, "run", "--meeting-url", page.url() + "?freezeAfter=3", "--record",
                "--resolution", "320x180", "--output-dir", dir.resolve("out").toString(), "--no-media-timeout", "4s",
                "--status-file", status.toString())) {
            assertThat(run.waitForExit(Duration.ofSeconds(60))).as(run.stderr()).isZero();
            assertThat(RecbotRun.json(status).at("/endReason").asText()).isEqualTo("no-media");
            assertThat(MediaProbe.of(onlyRecording(dir.resolve("out"))).decodeErrors()).isEmpty();
            run.assertNothingLeftRunning();
        }
    }

    private static void exec(String... cmd) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (p.waitFor() != 0) {
            throw new AssertionError(String.join(" ", cmd) + " failed: " + out);
        }
    }
}
