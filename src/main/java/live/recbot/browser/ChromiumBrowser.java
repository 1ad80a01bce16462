package live.recbot.browser;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import live.recbot.config.HMSResolution;
import live.recbot.config.Redactor;
import live.recbot.proc.ChildProcess;
import live.recbot.proc.ProcessLauncher;
import org.openqa.selenium.JavascriptException;
import org.openqa.selenium.PageLoadStrategy;
import org.openqa.selenium.TimeoutException;
import org.openqa.selenium.WebDriverException;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Chromium, driven by Selenium, showing the meeting page full-screen on the session's X display and
 * playing its sound into the session's PulseAudio sink. Not thread-safe: one thread drives it.
 */
public final class ChromiumBrowser implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(ChromiumBrowser.class);
    static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");

    private static final java.util.regex.Pattern NET_ERROR = java.util.regex.Pattern.compile("net::(ERR_[A-Z_]+)");
    private final ChromeDriver driver;
    private final ChromeDriverService service;
    private final String endCondition;
    private boolean endConditionBroken;

    private ChromiumBrowser(ChromeDriver driver, ChromeDriverService service, String endCondition) {
        this.driver = driver;
        this.service = service;
        this.endCondition = endCondition;
    }

    /** Starts Chromium on {@code display}, sized to {@code size}, with no page open yet. */
    public static ChromiumBrowser start(HMSResolution size, XvfbDisplay display, PulseAudioServer audio, Path runDir,
                                        String endCondition, Duration pageLoadTimeout) throws BrowserException {
        for (Path bin : List.of(CHROMIUM, CHROMEDRIVER)) {
            if (!Files.isExecutable(bin)) {
                throw BrowserException.host("browser-missing", bin + " is not installed (run scripts/setup)");
            }
        }
        ChromeDriverService service = null;
        try {
            Path home = Files.createDirectories(runDir.resolve("chromium-home"));
            Map<String, String> env = new HashMap<>();
            env.put(ChildProcess.SESSION_ENV, runDir.toString());
            env.put("DISPLAY", display.name());
            env.put("PULSE_SERVER", audio.serverAddress());
            env.put("PULSE_SINK", PulseAudioServer.SINK);
            env.put("HOME", home.toString());
            env.put("XDG_CONFIG_HOME", home.resolve(".config").toString());
            env.put("XDG_CACHE_HOME", home.resolve(".cache").toString());
            service = new ChromeDriverService.Builder()
                    .usingDriverExecutable(wrapper(runDir, "chromedriver", CHROMEDRIVER).toFile())
                    .usingAnyFreePort()
                    .withEnvironment(env)
                    .withLogFile(runDir.resolve("chromedriver.log").toFile())
                    .build();
            ChromeOptions options = options(size, runDir, wrapper(runDir, "chromium", CHROMIUM));
            ChromeDriverService svc = service;
            // chromedriver is forked by the calling thread; fork it from the launcher thread so the
            // parent-death signal of its wrapper stays armed for the JVM's whole life.
            ChromeDriver driver = ProcessLauncher.shared().call(() -> new ChromeDriver(svc, options));
            driver.manage().timeouts().pageLoadTimeout(pageLoadTimeout);
            driver.manage().timeouts().scriptTimeout(Duration.ofSeconds(5));
            // The CSS viewport must equal the requested size even where it is below Chromium's
            // minimum window size, so the page is laid out for exactly the captured area.
            driver.executeCdpCommand("Emulation.setDeviceMetricsOverride", Map.of(
                    "width", size.width(), "height", size.height(), "deviceScaleFactor", 1, "mobile", false));
            return new ChromiumBrowser(driver, service, endCondition);
        } catch (BrowserException e) {
            throw e;
        } catch (Exception e) {
            if (service != null) {
                service.stop();
            }
            if (e instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
            throw BrowserException.session("browser-start-failed", "Chromium did not start: "
                    + firstLine(e.getMessage()) + " (see " + runDir.resolve("chromedriver.log") + ")", true);
        }
    }

    /**
     * A launcher that arms the parent-death signal, so the process dies if its parent does, even
     * when nobody gets to run cleanup code.
     */
    private static Path wrapper(Path runDir, String name, Path target) throws IOException {
        Path script = runDir.resolve(name + "-wrapper");
        Files.writeString(script, "#!/bin/sh\nexec /usr/bin/setpriv --pdeathsig KILL -- " + target + " \"$@\"\n");
        Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwx------"));
        return script;
    }

    private static ChromeOptions options(HMSResolution size, Path runDir, Path binary) {
        ChromeOptions o = new ChromeOptions();
        o.setBinary(binary.toFile());
        o.setPageLoadStrategy(PageLoadStrategy.NORMAL);
        List<String> args = new ArrayList<>(List.of(
                "--kiosk",
                "--window-position=0,0",
                "--window-size=" + size.width() + "," + size.height(),
                "--force-device-scale-factor=1",
                "--user-data-dir=" + runDir.resolve("chromium-profile"),
                "--no-first-run",
                "--no-default-browser-check",
                "--disable-infobars",
                "--noerrdialogs",
                "--disable-session-crashed-bubble",
                "--hide-scrollbars",
                "--autoplay-policy=no-user-gesture-required",
                "--use-fake-ui-for-media-stream",
                "--use-fake-device-for-media-stream",
                "--disable-notifications",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--disable-default-apps",
                "--disable-extensions",
                "--disable-domain-reliability",
                "--disable-client-side-phishing-detection",
                "--disable-quic",
                "--metrics-recording-only",
                "--no-pings",
                "--password-store=basic",
                "--use-mock-keychain",
                "--disable-dev-shm-usage",
                "--disable-gpu",
                // A meeting in a hidden or occluded window must still render and play at full rate.
                "--disable-background-timer-throttling",
                "--disable-backgrounding-occluded-windows",
                "--disable-renderer-backgrounding",
                "--disable-features=Translate,MediaRouter,OptimizationHints,AutofillServerCommunication,"
                        + "CalculateNativeWinOcclusion,InterestFeedContentSuggestions,DialMediaRouteProvider",
                "--alsa-output-device=null"));
        if (runningAsRoot()) {
            // Chromium refuses to start its sandbox as root; only then is it switched off.
            args.add("--no-sandbox");
        }
        o.addArguments(args);
        o.setExperimentalOption("excludeSwitches", List.of("enable-automation"));
        o.setExperimentalOption("prefs", Map.of(
                "profile.default_content_setting_values.media_stream_mic", 1,
                "profile.default_content_setting_values.media_stream_camera", 1,
                "profile.default_content_setting_values.notifications", 2,
                "credentials_enable_service", false,
                "profile.password_manager_enabled", false));
        return o;
    }

    static boolean runningAsRoot() {
        return new com.sun.security.auth.module.UnixSystem().getUid() == 0;
    }

    /**
     * Opens the meeting page and waits for its load event. A page that cannot be reached or answers
     * with an HTTP error is refused with a message naming the cause.
     */
    public void open(URI meetingUrl) throws BrowserException {
        String shown = Redactor.meetingUrl(meetingUrl);
        try {
            driver.get(meetingUrl.toString());
        } catch (TimeoutException e) {
            throw BrowserException.session("page-load-timeout", "meeting page " + shown + " did not load in time", true);
        } catch (WebDriverException e) {
            // chromedriver reports a failed navigation as "unknown error: net::ERR_CONNECTION_REFUSED".
            java.util.regex.Matcher net = NET_ERROR.matcher(String.valueOf(e.getMessage()));
            if (net.find()) {
                throw BrowserException.session("page-unreachable", "cannot open meeting page " + shown + ": " + net.group(1), true);
            }
            throw BrowserException.session("page-open-failed", "cannot open meeting page " + shown + ": "
                    + firstLine(e.getMessage()), true);
        }
        // Error pages and certificate interstitials keep the requested URL for WebDriver, but the
        // document itself lives at chrome-error://.
        Object error = driver.executeScript("if (location.protocol !== 'chrome-error:') return null;"
                + " var e = document.querySelector('.error-code, #error-code');"
                + " return e && e.textContent.trim() ? e.textContent.trim() : (document.title || 'network error');");
        if (error != null) {
            throw BrowserException.session("page-unreachable", "cannot open meeting page " + shown + ": " + error, true);
        }
        Object status = driver.executeScript(
                "var n = performance.getEntriesByType('navigation')[0]; return n && n.responseStatus ? n.responseStatus : 0;");
        if (status instanceof Number n && n.intValue() >= 400) {
            throw BrowserException.session("page-http-error", "meeting page " + shown + " answered HTTP " + n.intValue(),
                    n.intValue() >= 500);
        }
        log.info("meeting page {} loaded; viewport {}", shown, viewport());
    }

    /** The page's CSS viewport as "WxH". */
    public String viewport() {
        return String.valueOf(driver.executeScript("return window.innerWidth + 'x' + window.innerHeight;"));
    }

    /**
     * True once the configured end condition holds. A condition that throws counts as false (the
     * page may not have defined its variables yet) and is reported once.
     */
    public boolean meetingEnded() throws BrowserException {
        try {
            Object v = driver.executeScript("return !!(" + endCondition + ");");
            return Boolean.TRUE.equals(v);
        } catch (JavascriptException e) {
            if (!endConditionBroken) {
                endConditionBroken = true;
                log.warn("end condition failed in the page: {}", firstLine(e.getMessage()));
            }
            return false;
        } catch (WebDriverException e) {
            throw BrowserException.session("browser-lost", "the browser stopped answering: " + firstLine(e.getMessage()), true);
        }
    }

    private static String firstLine(String s) {
        if (s == null) {
            return "unknown error";
        }
        int nl = s.indexOf('\n');
        return (nl < 0 ? s : s.substring(0, nl)).trim();
    }

    @Override
    public void close() {
        try {
            driver.quit();
        } catch (RuntimeException e) {
            log.debug("quitting the browser: {}", e.toString());
        }
        service.stop();
    }
}
