package live.recbot.doctor;

import java.nio.file.Path;
import java.util.List;
import live.recbot.browser.Chromedriver;
import live.recbot.browser.ChromiumBrowser;
import live.recbot.browser.PulseAudioServer;
import live.recbot.browser.XvfbDisplay;
import live.recbot.encode.LibyuvConverter;

/** The doctor's checks, each pointed at what a session really uses: the same paths, libraries and rules. */
public final class HostChecks {
    private HostChecks() {
    }

    /** The checks for recbot writing to {@code outputDir}, with Chromium's sandbox as {@code sandbox} asks. */
    public static List<Check> forRecbot(Path outputDir, boolean sandbox) {
        BrowserVersions browsers = new BrowserVersions(ChromiumBrowser.CHROMIUM, Chromedriver.CHROMEDRIVER);
        return List.of(
                new ChromiumCheck(browsers),
                new ChromedriverCheck(browsers),
                new ExecutableCheck("Xvfb", Path.of(XvfbDisplay.XVFB), "apt-get install xvfb (or run scripts/setup)"),
                new ExecutableCheck("PulseAudio", Path.of(PulseAudioServer.PULSEAUDIO),
                        "apt-get install pulseaudio (or run scripts/setup)"),
                FFmpegCheck.forRecbot(),
                new LibyuvCheck(LibyuvConverter::unavailable),
                ShmCheck.forRecbot(),
                new DiskSpaceCheck(outputDir, DiskSpaceCheck.DEFAULT_MIN_FREE),
                SandboxCheck.forRecbot(ChromiumBrowser.runningAsRoot(), sandbox),
                FontsCheck.forRecbot());
    }
}
