package live.recbot.session;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.List;
import java.util.stream.Stream;
import live.recbot.core.Redactor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FailedSessionLogsTest {
    private static final Redactor REDACTOR = Redactor.of(URI.create("https://meet.example.com/room?token=s3cr3t"),
            List.of());

    @TempDir
    Path tmp;

    private Path workDir() throws IOException {
        Path work = Files.createDirectories(tmp.resolve("work"));
        Files.writeString(work.resolve("xvfb.log"), "xvfb line\n");
        Files.writeString(work.resolve("pulseaudio.log"), "pulse line\n");
        Files.createDirectories(work.resolve("browser-0/chromium-profile/Default"));
        Files.writeString(work.resolve("browser-0/chromedriver.log"), "driver line\n");
        Files.writeString(work.resolve("browser-0/chromium.log"), "opening https://meet.example.com/room?token=s3cr3t\n");
        // A profile's own database log: not a helper's log.
        Files.writeString(work.resolve("browser-0/chromium-profile/Default/000003.log"), "leveldb");
        return work;
    }

    private static List<String> names(Path dir) throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    private static long totalSize(Path dir) throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.mapToLong(p -> p.toFile().length()).sum();
        }
    }

    @Test
    void copiesTheHelpersLogsWholeWhenSmallWithSecretsMasked() throws IOException {
        Path out = tmp.resolve("out");
        Path kept = new FailedSessionLogs(out, REDACTOR).keep(workDir(), "recbot-20260101-120000");
        assertThat(kept).isEqualTo(out.resolve("logs/recbot-20260101-120000"));
        assertThat(names(kept)).containsExactly("browser-0-chromedriver.log", "browser-0-chromium.log",
                "pulseaudio.log", "xvfb.log");
        assertThat(Files.readString(kept.resolve("xvfb.log"))).isEqualTo("xvfb line\n");
        assertThat(Files.readString(kept.resolve("browser-0-chromium.log")))
                .isEqualTo("opening https://meet.example.com/room?***\n").doesNotContain("s3cr3t");
    }

    @Test
    void keepsAtMostOneMegabyteTheTailOfEachLogFromAWholeLine() throws IOException {
        Path work = workDir();
        StringBuilder big = new StringBuilder();
        for (int i = 0; big.length() < 3 * FailedSessionLogs.MAX_BYTES; i++) {
            big.append("chromium line ").append(i).append('\n');
        }
        String last = "the last line before the crash\n";
        Files.writeString(work.resolve("browser-0/chromium.log"), big + last);
        Files.writeString(work.resolve("xvfb.log"), big + "xvfb's last\n");
        Path kept = new FailedSessionLogs(tmp.resolve("out"), REDACTOR).keep(work, "s");
        assertThat(totalSize(kept)).isLessThanOrEqualTo(FailedSessionLogs.MAX_BYTES)
                .isGreaterThan(FailedSessionLogs.MAX_BYTES - 100);
        String chromium = Files.readString(kept.resolve("browser-0-chromium.log"), StandardCharsets.UTF_8);
        assertThat(chromium).endsWith(last).startsWith("chromium line ");
        assertThat(Files.readString(kept.resolve("xvfb.log"))).endsWith("xvfb's last\n");
        // The small logs stay whole; the two large ones share the rest.
        assertThat(Files.readString(kept.resolve("pulseaudio.log"))).isEqualTo("pulse line\n");
        assertThat(chromium.length()).isGreaterThan((int) (FailedSessionLogs.MAX_BYTES / 2 - 100));
    }

    @Test
    void keepsOnlyTheLatestTenSessionsFolders() throws IOException {
        Path out = tmp.resolve("out");
        Path logs = Files.createDirectories(out.resolve("logs"));
        Instant t = Instant.parse("2026-01-01T00:00:00Z");
        for (int i = 0; i < 12; i++) {
            Path old = Files.createDirectory(logs.resolve("old-" + i));
            Files.writeString(old.resolve("xvfb.log"), "x");
            Files.setLastModifiedTime(old, FileTime.from(t.plusSeconds(i)));
        }
        Path kept = new FailedSessionLogs(out, REDACTOR).keep(workDir(), "new");
        assertThat(names(logs)).hasSize(FailedSessionLogs.KEEP).contains(kept.getFileName().toString())
                .doesNotContain("old-0", "old-1", "old-2").contains("old-3", "old-11");
    }

    @Test
    void aTakenNameGetsANumber() throws IOException {
        Path out = tmp.resolve("out");
        FailedSessionLogs logs = new FailedSessionLogs(out, REDACTOR);
        Path first = logs.keep(workDir(), "same");
        Path second = logs.keep(workDir(), "same");
        assertThat(first.getFileName()).hasToString("same");
        assertThat(second.getFileName()).hasToString("same-1");
    }
}
