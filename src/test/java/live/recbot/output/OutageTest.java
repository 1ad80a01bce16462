package live.recbot.output;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import live.recbot.core.ErrorCode;
import live.recbot.core.RecbotError;
import org.junit.jupiter.api.Test;

class OutageTest {
    private static final RetryPolicy RETRY = new RetryPolicy(Duration.ofMillis(500), Duration.ofSeconds(2),
            Duration.ofSeconds(10));
    private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");
    private static final RecbotError DOWN = new RecbotError.OutputError("rtmp://x/live/***", ErrorCode.RTMP_OUTPUT_DOWN,
            "refused", true);
    private final Outage outage = new Outage(RETRY);

    @Test
    void theBackoffDoublesUpToTheLongest() {
        assertThat(outage.backoff()).isEqualTo(Duration.ofMillis(500));
        outage.backOff();
        assertThat(outage.backoff()).isEqualTo(Duration.ofSeconds(1));
        outage.backOff();
        assertThat(outage.backoff()).isEqualTo(Duration.ofSeconds(2));
        outage.backOff();
        assertThat(outage.backoff()).isEqualTo(Duration.ofSeconds(2));
    }

    @Test
    void givesUpOnceTheOutageHasLastedTheRetryTimeout() {
        assertThat(outage.failedAt(T0, DOWN)).isFalse();
        assertThat(outage.ongoing()).isTrue();
        assertThat(outage.failedAt(T0.plusMillis(9_999), DOWN)).isFalse();
        assertThat(outage.failedAt(T0.plusSeconds(10), DOWN)).isTrue();
    }

    @Test
    void retriesCountWithinOneOutage() {
        outage.failedAt(T0, DOWN);
        assertThat(outage.retrying()).isEqualTo(1);
        outage.failedAt(T0.plusSeconds(1), DOWN);
        assertThat(outage.retrying()).isEqualTo(2);
        assertThat(outage.retries()).isEqualTo(2);
    }

    @Test
    void recoveringStartsTheNextOutageAfresh() {
        outage.failedAt(T0, DOWN);
        outage.retrying();
        outage.backOff();

        outage.recovered();

        assertThat(outage.ongoing()).isFalse();
        assertThat(outage.retries()).isZero();
        assertThat(outage.backoff()).isEqualTo(Duration.ofMillis(500));
        assertThat(outage.lastError()).as("kept for the final state").isEqualTo(DOWN);
        assertThat(outage.failedAt(T0.plusSeconds(20), DOWN)).as("a new outage, not 20 s of one").isFalse();
        assertThat(outage.failedAt(T0.plusSeconds(29), DOWN)).isFalse();
        assertThat(outage.failedAt(T0.plusSeconds(30), DOWN)).isTrue();
    }
}
