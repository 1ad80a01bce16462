package live.recbot.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import live.recbot.testpage.TestPageServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Nothing a session starts leaves anything outside its output directory: not in recbot's own
 * temp dir, not in the shared /tmp and /dev/shm where Chromium, Xvfb and PulseAudio put sockets
 * and locks by default; a failed session's helper logs end up, bounded, under the output directory.
 */
class LeftoversIT {
    private static final Duration EXIT = Duration.ofSeconds(60);
    /**
     * What recbot's helpers make in a shared temp dir: Chromium's singleton and shared memory,
     * chromedriver's scratch, PulseAudio's runtime dir, Xvfb's lock, a session's working directory.
     * The machine is shared, so only entries of these names that a run added count.
     */
    private static final Pattern OURS = Pattern.compile(
            "\\.?org\\.chromium\\..*|\\.?com\\.google\\.Chrome\\..*|scoped_dir.*|pulse-.*|\\.X\\d+-lock|recbot-.*");
    private static final List<Path> SHARED = List.of(Path.of("/tmp"), Path.of("/dev/shm"), Path.of("/tmp/.X11-unix"));

    @TempDir
    Path dir;

    @Test
    void aGoodAndAFailedSessionLeaveNothingBehindAndTheFailedOneKeepsBoundedLogs() throws Exception {
        Path out = dir.resolve("out");
        Set<String> before = sharedEntries();
        try (TestPageServer page = TestPageServer.start(0);
             RecbotRun run = RecbotRun.start(dir.resolve("good"), "run", "--meeting-url", page.url().toString(),
                     "--record", "--resolution", "320x180", "--output-dir", out.toString(), "--max-duration", "3s")) {
            assertThat(run.waitForExit(EXIT)).as(run.stderr()).isZero();
            run.assertNothingLeftRunning();
            assertThat(entries(dir.resolve("good/tmp"))).as("recbot's java.io.tmpdir").isEmpty();
            assertThat(added(before)).as("new entries in /tmp and /dev/shm").isEmpty();
            assertThat(out.resolve("logs")).as("a good session keeps no logs").doesNotExist();
            assertThat(recordings(out)).as("the good session's recording").hasSize(1);
        }

        Path status = dir.resolve("status.json");
        int closedPort = LocalIngest.freePort();
        try (RecbotRun run = RecbotRun.start(dir.resolve("failed"), "run", "--meeting-url",
                "http://127.0.0.1:" + closedPort + "/room?token=sekrit123", "--record", "--resolution", "320x180",
                "--output-dir", out.toString(), "--status-file", status.toString())) {
            assertThat(run.waitForExit(EXIT)).as(run.stderr()).isEqualTo(1);
            run.assertNothingLeftRunning();
            assertThat(entries(dir.resolve("failed/tmp"))).as("recbot's java.io.tmpdir").isEmpty();
            assertThat(added(before)).as("new entries in /tmp and /dev/shm").isEmpty();

            JsonNode last = RecbotRun.json(status);
            assertThat(last.at("/endReason").asText()).isEqualTo("failed");
            assertThat(recordings(out)).as("recordings after a session that recorded nothing").hasSize(1);
            assertThat(last.at("/browserRecordingState/file").isNull()).as(last.toString()).isTrue();
            Path logs = Path.of(last.at("/logs").asText());
            assertThat(logs.getParent()).isEqualTo(out.resolve("logs"));
            assertThat(entries(out.resolve("logs"))).containsExactly(logs.getFileName().toString());
            assertThat(entries(logs)).contains("xvfb.log", "pulseaudio.log", "browser-0-chromium.log",
                    "browser-0-chromedriver.log");
            long size = 0;
            for (String f : entries(logs)) {
                size += Files.size(logs.resolve(f));
                assertThat(Files.readString(logs.resolve(f), StandardCharsets.ISO_8859_1)).as(f).doesNotContain("sekrit123");
            }
            assertThat(size).isLessThanOrEqualTo(1024 * 1024);
            assertThat(run.stderr()).contains("kept in " + logs).doesNotContain("sekrit123");
        }
    }

    private static List<String> recordings(Path out) throws IOException {
        return entries(out).stream().filter(n -> n.endsWith(".mp4")).toList();
    }

    /** Entries of the shared temp dirs that are named as recbot's helpers name theirs. */
    private static Set<String> sharedEntries() throws IOException {
        Set<String> found = new java.util.TreeSet<>();
        for (Path d : SHARED) {
            for (String name : entries(d)) {
                if (OURS.matcher(name).matches() || d.endsWith(".X11-unix")) {
                    found.add(d.resolve(name).toString());
                }
            }
        }
        return found;
    }

    private static Set<String> added(Set<String> before) throws IOException {
        Set<String> now = sharedEntries();
        now.removeAll(before);
        return now;
    }

    private static List<String> entries(Path d) throws IOException {
        if (!Files.isDirectory(d)) {
            return List.of();
        }
        try (Stream<Path> s = Files.list(d)) {
            return s.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }
}
