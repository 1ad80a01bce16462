package live.recbot.config;

import static live.recbot.config.ConfigErrors.assertConfigError;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

class HMSResolutionTest {
    private static final String FORMAT_RULE = "must look like WIDTHxHEIGHT, e.g. 1280x720, got ";

    @Test
    void defaultIs720p() {
        assertThat(HMSResolution.DEFAULT.width()).isEqualTo(1280);
        assertThat(HMSResolution.DEFAULT.height()).isEqualTo(720);
        assertThat(HMSResolution.DEFAULT).hasToString("1280x720");
    }

    @ParameterizedTest
    @CsvSource({"1280x720,1280,720", "720x1280,720,1280", "480x80,480,80", "1920x1080,1920,1080",
            "1080x1920,1080,1920", "64x64,64,64", "1920x64,1920,64", "64x1920,64,1920", "1280X720,1280,720",
            "' 640x360 ',640,360", "1440x1440,1440,1440"})
    void validSizesParse(String text, int width, int height) {
        HMSResolution r = HMSResolution.parse("resolution", text);
        assertThat(r).isEqualTo(new HMSResolution(width, height));
        assertThat(r).hasToString(width + "x" + height);
    }

    @ParameterizedTest
    @CsvSource({
            "1281x720, resolution.width, 'must be an even number, got 1281'",
            "1280x721, resolution.height, 'must be an even number, got 721'",
            "65x720, resolution.width, 'must be an even number, got 65'",
            "62x720, resolution.width, 'must be between 64 and 1920, got 62'",
            "1280x32, resolution.height, 'must be between 64 and 1920, got 32'",
            "63x720, resolution.width, 'must be between 64 and 1920, got 63'",
            "1922x720, resolution.width, 'must be between 64 and 1920, got 1922'",
            "720x2160, resolution.height, 'must be between 64 and 1920, got 2160'",
            "3840x2160, resolution.width, 'must be between 64 and 1920, got 3840'",
            "0x720, resolution.width, 'must be between 64 and 1920, got 0'",
            "-1280x720, resolution.width, 'must be between 64 and 1920, got -1280'",
            "1280x-720, resolution.height, 'must be between 64 and 1920, got -720'",
            "1920x1920, resolution, 'must be at most 2073600 pixels (1920x1080 or 1080x1920), got 1920x1920'",
            "1920x1082, resolution, 'must be at most 2073600 pixels'",
            "1082x1920, resolution, 'must be at most 2073600 pixels'",
            "1600x1600, resolution, 'must be at most 2073600 pixels'",
    })
    void outOfRangeSizesAreRefused(String text, String field, String rule) {
        assertConfigError(() -> HMSResolution.parse("resolution", text), field, rule);
    }

    @ParameterizedTest
    @ValueSource(strings = {"abc", "1280x", "x720", "x", "1280", "1280*720", "1280x720x3", "1280 x 720", "1280,720",
            "1280.5x720", "1280x720.0", "twelvexseven", "0x1280x720", "99999999999x720", "1280x0x10"})
    void malformedTextIsRefusedAndEchoed(String text) {
        assertConfigError(() -> HMSResolution.parse("resolution", text), "resolution", FORMAT_RULE + "'" + text + "'");
    }

    @ParameterizedTest
    @NullAndEmptySource
    @ValueSource(strings = {"   "})
    void emptyTextIsRefused(String text) {
        assertConfigError(() -> HMSResolution.parse("RECBOT_RESOLUTION", text), "RECBOT_RESOLUTION", FORMAT_RULE + "''");
    }

    @Test
    void parseReportsTheCallersFieldForFormatErrors() {
        assertConfigError(() -> HMSResolution.parse("--resolution", "big"), "--resolution", FORMAT_RULE + "'big'");
    }

    @Test
    void constructorValidatesToo() {
        assertConfigError(() -> new HMSResolution(1281, 720), "resolution.width", "even");
        assertConfigError(() -> new HMSResolution(1280, 1930), "resolution.height", "between 64 and 1920");
        assertConfigError(() -> new HMSResolution(1920, 1200), "resolution", "at most 2073600 pixels");
        assertThat(new HMSResolution(1080, 1920).width()).isEqualTo(1080);
    }

    @Test
    void pixelLimitIsInclusive() {
        assertThat((long) new HMSResolution(1920, 1080).width() * 1080).isEqualTo(HMSResolution.MAX_PIXELS);
        assertConfigError(() -> new HMSResolution(1920, 1082), "resolution", "got 1920x1082");
    }
}
