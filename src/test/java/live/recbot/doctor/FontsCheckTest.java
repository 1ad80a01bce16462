package live.recbot.doctor;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FontsCheckTest {
    @TempDir
    Path dir;

    @Test
    void theFontsScriptsSetupInstallsAreFound() {
        CheckResult r = FontsCheck.forRecbot().run();
        assertThat(r).isInstanceOf(CheckResult.Pass.class);
        assertThat(r.detail()).matches("(DejaVu and Liberation|DejaVu|Liberation) among \\d+ font families");
    }

    /** Fontconfig reads FONTCONFIG_FILE in fc-list as in Chromium: a configuration without font folders has no fonts. */
    @Test
    void noFontsFailsWithTheFontPackages() throws Exception {
        Path config = Files.writeString(dir.resolve("fonts.conf"),
                "<?xml version=\"1.0\"?>\n<fontconfig><cachedir>" + dir + "</cachedir></fontconfig>\n");
        CheckResult r = new FontsCheck(List.of("env", "FONTCONFIG_FILE=" + config, "fc-list", ":", "family")).run();
        assertThat(r).isEqualTo(CheckResult.fail("no DejaVu or Liberation font among 0 font families",
                FontsCheck.FONTS_FIX));
    }

    @Test
    void withoutFcListTheFixIsFontconfig() {
        CheckResult r = new FontsCheck(List.of("recbot-no-such-fc-list", ":", "family")).run();
        assertThat(r).isEqualTo(CheckResult.fail("recbot-no-such-fc-list: not found", FontsCheck.FONTCONFIG_FIX));
    }
}
