package live.recbot.status;
import live.recbot.core.ComponentState;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;
import live.recbot.core.Redactor;
import live.recbot.core.ComponentState.Running;
import live.recbot.status.StatusDocument.BrowserRecordingState;
import live.recbot.status.StatusDocument.Resolution;
import live.recbot.status.StatusDocument.RtmpStreamingState;
import live.recbot.status.StatusDocument.ServerRecordingState;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StatusFileWriterTest {
    private static final Instant NOW = Instant.parse("2025-03-01T10:00:30Z");

    @TempDir
    Path dir;

    private static StatusDocument doc(String endReason, int n) {
        return new StatusDocument(new RtmpStreamingState(false, null, null, List.of()),
                new BrowserRecordingState(n % 2 == 0, null, null, "/rec/out-" + n + ".mp4"),
                new ServerRecordingState(false, null, null, null), "https://m.example.com/r?***", new Resolution(1280, 720),
                endReason, NOW.plusSeconds(n));
    }

    private static JsonNode read(Path file) throws IOException {
        return StatusJson.mapper().readTree(Files.readString(file, StandardCharsets.UTF_8));
    }

    private List<Path> listDir() throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.toList();
        }
    }

    @Test
    void writesTheDocumentAsJson() throws IOException {
        Path file = dir.resolve("status.json");
        StatusDocument d = doc("meeting_ended", 1);
        new StatusFileWriter(file).onStatus(d);

        String content = Files.readString(file, StandardCharsets.UTF_8);
        assertThat(content).isEqualTo(StatusJson.write(d) + "\n");
        assertThat(StatusJson.mapper().readValue(content, StatusDocument.class)).isEqualTo(d);
        assertThat(read(file).get("endReason").textValue()).isEqualTo("meeting_ended");
    }

    @Test
    void replacesThePreviousDocumentAndLeavesNoTempFile() throws IOException {
        Path file = dir.resolve("status.json");
        Files.writeString(file, "{\"old\": \"and much longer than the new document will ever be ........................"
                + ".............................................................................................."
                + "..............................................................................................\"}");
        StatusFileWriter writer = new StatusFileWriter(file);
        writer.onStatus(doc(null, 1));
        writer.onStatus(doc("stopped", 2));

        JsonNode n = read(file);
        assertThat(n.has("old")).isFalse();
        assertThat(n.get("endReason").textValue()).isEqualTo("stopped");
        assertThat(n.get("browserRecordingState").get("file").textValue()).isEqualTo("/rec/out-2.mp4");
        assertThat(listDir()).containsExactly(file);
    }

    @Test
    void aMissingDirectoryIsLoggedNotThrown() {
        Path file = dir.resolve("no/such/dir/status.json");
        assertThatCode(() -> new StatusFileWriter(file).onStatus(doc(null, 1))).doesNotThrowAnyException();
        assertThat(Files.exists(file)).isFalse();
    }

    @Test
    void readersNeverSeeAHalfWrittenFile() throws Exception {
        Path file = dir.resolve("status.json");
        StatusFileWriter writer = new StatusFileWriter(file);
        writer.onStatus(doc(null, 0));
        AtomicBoolean done = new AtomicBoolean();
        AtomicReference<String> bad = new AtomicReference<>();
        AtomicInteger reads = new AtomicInteger();
        Thread reader = new Thread(() -> {
            do {
                try {
                    String content = Files.readString(file, StandardCharsets.UTF_8);
                    StatusJson.mapper().readValue(content, StatusDocument.class);
                    reads.incrementAndGet();
                } catch (NoSuchFileException e) {
                    bad.set("file was missing between writes");
                } catch (IOException e) {
                    bad.set(e.toString());
                }
            } while (!done.get() && bad.get() == null);
        });
        reader.start();
        for (int i = 1; i <= 300; i++) {
            writer.onStatus(doc(i % 3 == 0 ? "x".repeat(i * 10) : null, i));
        }
        done.set(true);
        reader.join(5000);
        assertThat(bad.get()).isNull();
        assertThat(reads.get()).isPositive();
        assertThat(read(file).get("updatedAt").textValue()).isEqualTo(NOW.plusSeconds(300).toString());
    }

    @Test
    void followsAReporterAsAListener() throws IOException {
        Path file = dir.resolve("status.json");
        try (StatusReporter r = new StatusReporter(new StatusReporter.Layout("https://m.example.com/r?***", 1280, 720,
                Optional.of("/rec/out.mp4"), List.of("rtmp://a/app/***")), Redactor.none(), Clock.fixed(NOW, ZoneOffset.UTC))) {
            r.addListener(new StatusFileWriter(file));
            await().atMost(Duration.ofSeconds(5)).until(() -> Files.exists(file));
            r.publish(StatusReporter.SESSION, new Running(NOW));
            r.publish(StatusReporter.FILE, new Running(NOW));
            r.ended("max_duration");
        }
        JsonNode n = read(file);
        assertThat(n.get("endReason").textValue()).isEqualTo("max_duration");
        assertThat(n.get("browserRecordingState").get("running").booleanValue()).isTrue();
        assertThat(listDir()).containsExactly(file);
    }
}
