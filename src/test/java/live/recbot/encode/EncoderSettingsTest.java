package live.recbot.encode;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import live.recbot.config.HMSResolution;
import org.junit.jupiter.api.Test;

class EncoderSettingsTest {
    private static final Duration CHROMIUM_FRAME = Duration.ofNanos(16_666_000);

    @Test
    void picturesComeEveryWholeNumberOfBrowserFramesNearestTheFrameRate() {
        assertThat(EncoderSettings.frameInterval(30, CHROMIUM_FRAME)).isEqualTo(Duration.ofNanos(33_332_000));
        assertThat(EncoderSettings.frameInterval(60, CHROMIUM_FRAME)).isEqualTo(CHROMIUM_FRAME);
        assertThat(EncoderSettings.frameInterval(25, CHROMIUM_FRAME)).isEqualTo(Duration.ofNanos(33_332_000));
        assertThat(EncoderSettings.frameInterval(15, CHROMIUM_FRAME)).isEqualTo(Duration.ofNanos(66_664_000));
        assertThat(EncoderSettings.forResolution(HMSResolution.DEFAULT, CHROMIUM_FRAME).frameInterval())
                .isEqualTo(Duration.ofNanos(33_332_000));
    }

    @Test
    void neverFasterThanTheBrowserDraws() {
        assertThat(EncoderSettings.frameInterval(120, CHROMIUM_FRAME)).isEqualTo(CHROMIUM_FRAME);
    }
}
