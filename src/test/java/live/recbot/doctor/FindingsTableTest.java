package live.recbot.doctor;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class FindingsTableTest {
    @Test
    void passedChecksAreOneAlignedRowEachAndTheLastLineCountsThem() {
        String table = FindingsTable.format(List.of(
                new Finding("Chromium", CheckResult.pass("/usr/lib/chromium/chromium 120.0.6099.224")),
                new Finding("fonts", CheckResult.pass("DejaVu among 11 font families"))));
        assertThat(table).isEqualTo("""
                CHECK     RESULT  DETAIL
                Chromium  PASS    /usr/lib/chromium/chromium 120.0.6099.224
                fonts     PASS    DejaVu among 11 font families
                all 2 checks passed
                """);
    }

    @Test
    void aFailedCheckHasItsFixOnTheLineBelowInTheDetailColumn() {
        String table = FindingsTable.format(List.of(
                new Finding("Xvfb", CheckResult.pass("/usr/bin/Xvfb is executable")),
                new Finding("chromedriver", CheckResult.fail("/usr/bin/chromedriver is missing",
                        "apt-get install chromium-driver (or run scripts/setup)")),
                new Finding("fonts", CheckResult.fail("no DejaVu or Liberation font among 0 font families",
                        "apt-get install fonts-dejavu-core fonts-liberation"))));
        assertThat(table).isEqualTo("""
                CHECK         RESULT  DETAIL
                Xvfb          PASS    /usr/bin/Xvfb is executable
                chromedriver  FAIL    /usr/bin/chromedriver is missing
                                      fix: apt-get install chromium-driver (or run scripts/setup)
                fonts         FAIL    no DejaVu or Liberation font among 0 font families
                                      fix: apt-get install fonts-dejavu-core fonts-liberation
                2 of 3 checks failed
                """);
    }

    @Test
    void noLineEndsInSpaces() {
        String table = FindingsTable.format(List.of(new Finding("x", CheckResult.fail("", "y"))));
        assertThat(table.lines()).noneMatch(l -> l.endsWith(" "));
    }
}
