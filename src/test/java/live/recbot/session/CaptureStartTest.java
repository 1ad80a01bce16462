package live.recbot.session;

import live.recbot.testing.MutableClock;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import live.recbot.capture.ScreenCapture;
import live.recbot.core.ErrorCode;
import live.recbot.core.RecbotError;
import org.junit.jupiter.api.Test;

class CaptureStartTest {
    static final String AUDIO = "audio";
    static final Instant T0 = Instant.parse("2025-03-01T10:00:00Z");

    private final MutableClock clock = new MutableClock(T0);
    private final StopSignal stop = new StopSignal();
    private final CaptureStart captures = new CaptureStart(clock, stop);

    @Test
    void theRecordingStartsWithTheFirstPicture() throws Exception {
        captures.started(AUDIO);
        clock.advance(Duration.ofMillis(40));
        captures.started(ScreenCapture.SOURCE);
        clock.advance(Duration.ofMillis(40));
        assertThat(captures.await(Duration.ofSeconds(1))).isEqualTo(new Startup.Started(T0.plusMillis(40)));
        assertThat(stop.isRequested()).isFalse();
    }

    @Test
    void aCaptureFailingWhileStartingEndsTheWaitAndStopsTheSession() throws Exception {
        RecbotError e = new RecbotError.SessionError(ErrorCode.AUDIO_CAPTURE_FAILED, "no monitor source", false);
        captures.started(ScreenCapture.SOURCE);
        captures.failed(AUDIO, e);
        assertThat(captures.await(Duration.ofSeconds(10))).isEqualTo(new Startup.Ended(new Ending.Failed(e)));
        assertThat(stop.isRequested()).isTrue();
    }

    @Test
    void aCaptureThatNeverStartsTimesOut() throws Exception {
        captures.started(ScreenCapture.SOURCE);
        Startup s = captures.await(Duration.ofMillis(20));
        assertThat(s).isInstanceOfSatisfying(Startup.Ended.class, ended -> assertThat(ended.ending())
                .isInstanceOfSatisfying(Ending.Failed.class,
                        f -> assertThat(f.error().code()).isEqualTo(ErrorCode.CAPTURE_START_TIMEOUT)));
    }
}
