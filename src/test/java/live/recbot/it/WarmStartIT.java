package live.recbot.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.ConnectException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import live.recbot.testpage.TestPageServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A serve worker's warm stack, through the packaged recbot: a start takes the X server, sound
 * server and Chromium made ready while idle, the recording decodes, the next stack is a new one
 * with a new profile, a start of another size starts cold, and nothing is left once the worker ends.
 */
class WarmStartIT {
    private static final Duration EXIT = Duration.ofSeconds(60);
    private static final Pattern PROFILE = Pattern.compile("--user-data-dir=(\\S+)");

    @TempDir
    Path dir;

    @Test
    void aStartTakesTheWarmStackAndTheNextOneIsFresh() throws Exception {
        Path out = dir.resolve("out");
        try (TestPageServer page = TestPageServer.start(0);
             LocalIngest ingest = LocalIngest.start(dir.resolve("ingest"));
             RecbotRun serve = RecbotRun.start(Files.createDirectories(dir.resolve("serve")), "serve", "--port", "0",
                     "--output-dir", out.toString())) {
            Api api = new Api(serve.awaitServePort(), null);
            awaitWarm(api);
            List<Long> warmX = serve.sessionProcesses("Xvfb");
            String firstProfile = profile(serve).orElseThrow();
            assertThat(warmX).as("the warm stack's X server").hasSize(1);
            Api.Response refused = api.post("/v1/start", "{\"meetingUrl\": \"ftp://x/\", \"record\": true}");
            assertThat(refused.code()).as(refused.body()).isEqualTo(400);
            assertThat(serve.sessionProcesses("Xvfb")).as("a refused start leaves the warm stack").isEqualTo(warmX);

            Api.Response started = api.post("/v1/start", "{\"meetingUrl\": \"" + page.url() + "\", \"record\": true, "
                    + "\"rtmpUrls\": [\"" + ingest.rtmpUrl("warm") + "\"]}");
            assertThat(started.code()).as(started.body()).isEqualTo(200);
            assertThat(serve.sessionProcesses("Xvfb")).as("the session runs on the warm X server").isEqualTo(warmX);
            assertThat(profile(serve)).as("and in the warm browser").contains(firstProfile);
            // A scrape may be up to a second old.
            await("the gauge to show the stack taken").atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(200))
                    .until(() -> metric(api, "recbot_worker_warm") == 0);
            assertThat(serve.sessionProcesses("Xvfb")).as("no stack is made while a session runs").isEqualTo(warmX);
            await("two seconds recorded").atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200))
                    .until(() -> recordingSeconds(out) >= 2);
            Api.Response stopped = api.post("/v1/stop", "");
            assertThat(stopped.code()).as(stopped.body()).isEqualTo(200);
            Path recording = onlyRecording(out);
            MediaProbe probe = MediaProbe.of(recording);
            assertThat(probe.video()).hasValueSatisfying(v -> {
                assertThat(v.codec()).isEqualTo("h264");
                assertThat(v.width()).isEqualTo(1280);
                assertThat(v.height()).isEqualTo(720);
            });
            assertThat(probe.audio()).hasValueSatisfying(a -> assertThat(a.codec()).isEqualTo("aac"));
            assertThat(probe.decodeErrors()).isEmpty();
            assertThat(Files.size(dir.resolve("ingest/streams/warm.flv"))).as("the stream as received").isPositive();

            awaitWarm(api);
            List<Long> nextX = serve.sessionProcesses("Xvfb");
            assertThat(nextX).as("the next warm stack's X server").hasSize(1).doesNotContainAnyElementsOf(warmX);
            String nextProfile = profile(serve).orElseThrow();
            assertThat(nextProfile).as("a new profile for the next meeting").isNotEqualTo(firstProfile);
            assertThat(Path.of(firstProfile)).as("the first meeting's profile").doesNotExist();

            // Another picture size: the warm stack does not fit, the start is cold and works.
            Api.Response small = api.post("/v1/start", "{\"meetingUrl\": \"" + page.url() + "\", \"record\": true, "
                    + "\"resolution\": \"320x180\"}");
            assertThat(small.code()).as(small.body()).isEqualTo(200);
            assertThat(api.post("/v1/stop", "").code()).isEqualTo(200);
            assertThat(serve.stderr()).contains("does not fit a start at 320x180; starting cold");
            await("a warm stack of the size last asked for").atMost(Duration.ofSeconds(60))
                    .pollInterval(Duration.ofMillis(200)).until(() -> serve.stderr().contains("warm stack ready for 320x180"));

            serve.terminate();
            assertThat(serve.waitForExit(EXIT)).as(serve.stderr()).isZero();
            serve.assertNothingLeftRunning();
            try (Stream<Path> left = Files.list(dir.resolve("serve/tmp"))) {
                assertThat(left.toList()).as("recbot's java.io.tmpdir").isEmpty();
            }
        }
    }

    private static void awaitWarm(Api api) {
        await("a warm stack").atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200))
                .ignoreExceptionsInstanceOf(ConnectException.class)
                .until(() -> metric(api, "recbot_worker_warm") == 1);
    }

    /** A gauge of {@code /metrics}, which answers from a scrape up to a second old. */
    private static double metric(Api api, String name) throws IOException, InterruptedException {
        Api.Response r = api.get("/metrics");
        assertThat(r.code()).isEqualTo(200);
        Matcher m = Pattern.compile("(?m)^" + name + " (\\S+)$").matcher(r.body());
        assertThat(m.find()).as(name + " in " + r.body()).isTrue();
        return Double.parseDouble(m.group(1));
    }

    /** The profile of the one browser this worker runs (warm or recording), from its command line. */
    private static Optional<String> profile(RecbotRun serve) throws IOException {
        for (long pid : serve.sessionProcesses("/usr/lib/chromium/chromium")) {
            try {
                String cmd = Files.readString(Path.of("/proc/" + pid + "/cmdline")).replace('\0', ' ');
                Matcher m = PROFILE.matcher(cmd);
                if (m.find()) {
                    return Optional.of(m.group(1));
                }
            } catch (java.nio.file.NoSuchFileException e) {
                // Ended while being looked at.
            }
        }
        return Optional.empty();
    }

    private static double recordingSeconds(Path out) throws IOException, InterruptedException {
        if (!Files.isDirectory(out)) {
            return 0;
        }
        try (Stream<Path> files = Files.list(out)) {
            Optional<Path> f = files.filter(p -> p.toString().endsWith(".mp4")).findFirst();
            return f.isPresent() ? Math.max(0, MediaProbe.of(f.get()).durationSeconds()) : 0;
        }
    }

    private static Path onlyRecording(Path out) throws IOException {
        try (Stream<Path> files = Files.list(out)) {
            List<Path> mp4 = files.filter(p -> p.toString().endsWith(".mp4")).toList();
            assertThat(mp4).hasSize(1);
            return mp4.get(0);
        }
    }
}
