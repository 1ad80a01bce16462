package live.recbot.browser;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import live.recbot.config.HMSResolution;
import org.junit.jupiter.api.Test;

class ChromiumFlagsTest {
    private static final HMSResolution SIZE = HMSResolution.parse("resolution", "640x360");

    @Test
    void theSandboxIsOnUnlessTurnedOff() {
        assertThat(ChromiumFlags.forSession(SIZE, Path.of("/p"), true)).doesNotContain("--no-sandbox")
                .contains("--user-data-dir=/p");
        assertThat(ChromiumFlags.forSession(SIZE, Path.of("/p"), false)).contains("--no-sandbox");
    }
}
