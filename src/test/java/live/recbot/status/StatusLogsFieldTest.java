package live.recbot.status;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import live.recbot.core.ComponentState;
import live.recbot.core.ErrorCode;
import live.recbot.core.RecbotError;
import live.recbot.core.Redactor;
import org.junit.jupiter.api.Test;

class StatusLogsFieldTest {
    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-01-01T00:00:00Z"), ZoneOffset.UTC);

    private static StatusReporter reporter() {
        return new StatusReporter(new StatusReporter.Layout("http://127.0.0.1/", 320, 180, Optional.of("/out/a.mp4"),
                List.of()), Redactor.none(), CLOCK);
    }

    @Test
    void aFailedSessionsFinalStatusNamesItsLogs() throws Exception {
        try (StatusReporter r = reporter()) {
            r.publish(StatusReporter.SESSION, new ComponentState.Failed(new RecbotError.SessionError(
                    ErrorCode.PAGE_UNREACHABLE, "cannot open meeting page", false)));
            r.ended("failed", Optional.of(Path.of("/out/logs/a")));
            JsonNode n = StatusJson.mapper().readTree(StatusJson.write(r.current()));
            assertThat(n.get("logs").textValue()).isEqualTo("/out/logs/a");
            assertThat(n.get("endReason").textValue()).isEqualTo("failed");
        }
    }

    @Test
    void otherwiseTheDocumentHasNoLogsField() throws Exception {
        try (StatusReporter r = reporter()) {
            r.ended("stopped");
            JsonNode n = StatusJson.mapper().readTree(StatusJson.write(r.current()));
            assertThat(n.has("logs")).isFalse();
        }
    }
}
