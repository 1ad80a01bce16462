package live.recbot.doctor;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import live.recbot.browser.Chromedriver;
import live.recbot.browser.ChromiumBrowser;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BrowserChecksTest {
    @TempDir
    Path dir;

    private static final BrowserVersions INSTALLED = new BrowserVersions(ChromiumBrowser.CHROMIUM,
            Chromedriver.CHROMEDRIVER);

    @Test
    void theInstalledChromiumAndChromedriverPassWithTheirVersions() {
        CheckResult chromium = new ChromiumCheck(INSTALLED).run();
        CheckResult driver = new ChromedriverCheck(INSTALLED).run();
        assertThat(chromium).isInstanceOf(CheckResult.Pass.class);
        assertThat(chromium.detail()).matches("/usr/lib/chromium/chromium \\d+\\.\\d+\\.\\d+\\.\\d+");
        assertThat(driver).isInstanceOf(CheckResult.Pass.class);
        assertThat(driver.detail()).matches("/usr/bin/chromedriver \\d+\\.\\d+\\.\\d+\\.\\d+, matches Chromium's major \\d+");
    }

    @Test
    void versionsAreReadAsChromiumAndChromedriverPrintThem() {
        assertThat(BrowserVersions.parse("Chromium 120.0.6099.224 built on Debian GNU/Linux 12 (bookworm)\n"))
                .contains(new BrowserVersions.Probe.Version("120.0.6099.224", 120));
        assertThat(BrowserVersions.parse("ChromeDriver 120.0.6099.224 (3587067cb3b2bc2b5ff7e1e1d8a3b3c2-refs/"
                + "branch-heads/6099@{#1761})\n")).contains(new BrowserVersions.Probe.Version("120.0.6099.224", 120));
        assertThat(BrowserVersions.parse("Chromium\n")).isEmpty();
    }

    @Test
    void aMissingBinaryFailsWithTheInstallFix() {
        BrowserVersions none = new BrowserVersions(dir.resolve("chromium"), dir.resolve("chromedriver"));
        CheckResult chromium = new ChromiumCheck(none).run();
        CheckResult driver = new ChromedriverCheck(none).run();
        assertThat(chromium).isEqualTo(CheckResult.fail(dir.resolve("chromium") + " is missing", ChromiumCheck.FIX));
        assertThat(driver).isEqualTo(CheckResult.fail(dir.resolve("chromedriver") + " is missing",
                ChromedriverCheck.FIX));
    }

    @Test
    void aBinaryThatFailsItsVersionQueryFails() {
        CheckResult r = new ChromiumCheck(new BrowserVersions(Path.of("/bin/false"), Chromedriver.CHROMEDRIVER)).run();
        assertThat(r).isInstanceOf(CheckResult.Fail.class);
        assertThat(r.detail()).startsWith("/bin/false --version exited 1");
        assertThat(((CheckResult.Fail) r).fix()).isEqualTo(ChromiumCheck.FIX);
    }

    @Test
    void aFileWithoutExecutePermissionFails() throws Exception {
        Path plain = Files.writeString(dir.resolve("chromedriver"), "");
        Files.setPosixFilePermissions(plain, PosixFilePermissions.fromString("rw-r--r--"));
        CheckResult r = new ChromedriverCheck(new BrowserVersions(ChromiumBrowser.CHROMIUM, plain)).run();
        assertThat(r).isEqualTo(CheckResult.fail(plain + " is not executable", ChromedriverCheck.FIX));
    }

    /**
     * Debian ships the two from one source package, so a mismatch needs a stand-in: a script that
     * answers --version as a chromedriver of another release does.
     */
    @Test
    void aChromedriverOfAnotherMajorFailsWithTheFixToInstallBothFromOneRelease() throws Exception {
        Path old = Files.writeString(dir.resolve("chromedriver"), "#!/bin/sh\necho 'ChromeDriver 99.0.4844.51 (abc)'\n");
        Files.setPosixFilePermissions(old, PosixFilePermissions.fromString("rwxr-xr-x"));
        CheckResult r = new ChromedriverCheck(new BrowserVersions(ChromiumBrowser.CHROMIUM, old)).run();
        assertThat(r).isInstanceOf(CheckResult.Fail.class);
        assertThat(r.detail()).startsWith(old + " 99.0.4844.51 does not match Chromium ").contains("(major 99 vs ");
        assertThat(((CheckResult.Fail) r).fix()).isEqualTo(ChromedriverCheck.MISMATCH_FIX);
    }

    @Test
    void chromedriverStillPassesOnItsOwnWhenChromiumsVersionIsUnknown() {
        CheckResult r = new ChromedriverCheck(new BrowserVersions(dir.resolve("chromium"), Chromedriver.CHROMEDRIVER))
                .run();
        assertThat(r).isInstanceOf(CheckResult.Pass.class);
        assertThat(r.detail()).endsWith("(Chromium's version unknown)");
    }
}
