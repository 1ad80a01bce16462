package live.recbot.session;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import live.recbot.core.ErrorCode;
import live.recbot.core.RecbotError;
import org.junit.jupiter.api.Test;

class StopSignalTest {
    private final StopSignal stop = new StopSignal();

    @Test
    void notRequestedUntilAskedAndStoppedIsTheDefaultReason() throws Exception {
        assertThat(stop.isRequested()).isFalse();
        assertThat(stop.await(Duration.ofMillis(1))).isFalse();
        assertThat(stop.reason()).isEqualTo(EndReason.STOPPED);
    }

    @Test
    void theFirstReasonWins() throws Exception {
        stop.request(EndReason.MEETING_ENDED);
        stop.request(EndReason.MAX_DURATION);
        assertThat(stop.isRequested()).isTrue();
        assertThat(stop.await(Duration.ZERO)).isTrue();
        assertThat(stop.ending()).isEqualTo(new Ending.Stopped(EndReason.MEETING_ENDED));
    }

    @Test
    void aFailureStopsAndWinsOverAReason() {
        RecbotError first = new RecbotError.SessionError(ErrorCode.AUDIO_CAPTURE_FAILED, "first", false);
        stop.request(EndReason.STOPPED);
        stop.fail(first);
        stop.fail(new RecbotError.SessionError(ErrorCode.VIDEO_CAPTURE_FAILED, "second", false));
        assertThat(stop.failure()).contains(first);
        assertThat(stop.ending()).isEqualTo(new Ending.Failed(first));
    }
}
