package live.recbot.capture;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class ScreenCaptureTest {
    private static final Duration CHROMIUM_FRAME = Duration.ofNanos(16_666_000);

    @Test
    void grabsEveryWholeNumberOfBrowserFramesNearestTheFrameRate() {
        assertThat(ScreenCapture.interval(30, CHROMIUM_FRAME)).isEqualTo(Duration.ofNanos(33_332_000));
        assertThat(ScreenCapture.interval(60, CHROMIUM_FRAME)).isEqualTo(CHROMIUM_FRAME);
        assertThat(ScreenCapture.interval(25, CHROMIUM_FRAME)).isEqualTo(Duration.ofNanos(33_332_000));
        assertThat(ScreenCapture.interval(15, CHROMIUM_FRAME)).isEqualTo(Duration.ofNanos(66_664_000));
    }

    @Test
    void neverGrabsFasterThanTheBrowserDraws() {
        assertThat(ScreenCapture.interval(120, CHROMIUM_FRAME)).isEqualTo(CHROMIUM_FRAME);
    }
}
