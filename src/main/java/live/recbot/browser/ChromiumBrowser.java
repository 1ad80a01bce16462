package live.recbot.browser;

import live.recbot.core.ErrorCode;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.BooleanSupplier;
import live.recbot.config.HMSResolution;
import live.recbot.core.HostPolicy;
import live.recbot.core.Redactor;
import live.recbot.proc.ChildProcess;
import org.openqa.selenium.JavascriptException;
import org.openqa.selenium.UnhandledAlertException;
import org.openqa.selenium.WebDriverException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Chromium showing the meeting page full-screen on the session's X display and playing its sound
 * into the session's PulseAudio sink.
 *
 * <p>recbot starts Chromium itself on a blank tab and has Selenium's DevTools client request the
 * meeting page as soon as it can: the URL, whose query may carry a join token, never appears on a
 * command line. The client also watches the load and guards the page ({@link PageGuard}); once
 * the page has loaded a WebDriver session attaches through chromedriver to drive it from then on
 * (see {@link PageConnection} for why not earlier). Not thread-safe: one thread drives it.
 */
public final class ChromiumBrowser implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(ChromiumBrowser.class);
    /**
     * Debian's Chromium binary itself: /usr/bin/chromium is a wrapper script that costs every start
     * tens of milliseconds for flags recbot sets itself (see README.md).
     */
    public static final Path CHROMIUM = Path.of("/usr/lib/chromium/chromium");
    /**
     * The interval of Chromium's frame clock on a display that reports no refresh timing, as Xvfb:
     * a whole number of microseconds, 16 666 (60.0024 Hz), not 1/60 s.
     */
    public static final Duration FRAME_INTERVAL = Duration.ofNanos(16_666_000);
    /**
     * A JVM property, only for the benchmark's side-by-side comparison: when true, Chromium draws
     * its own 60 frames a second (its energy saver off, docs/architecture.md, record 31).
     */
    public static final String FULL_FRAME_RATE_PROPERTY = "recbot.bench.browserFullFrameRate";
    private static final Duration DEVTOOLS_TIMEOUT = Duration.ofSeconds(30);
    private static final Duration SCRIPT_TIMEOUT = Duration.ofSeconds(5);

    /**
     * Where a browser shows its pages and how it treats them; {@code sandbox} false asks for
     * {@code --no-sandbox} as any user. The meeting page itself comes with {@link #openMeeting}.
     */
    public record Spec(HMSResolution size, XvfbDisplay display, PulseAudioServer audio, Path runDir,
                       String endCondition, Duration pageLoadTimeout, HostPolicy meetingHosts, boolean sandbox) {
    }

    private final Spec spec;
    private final ChildProcess process;
    private final Path profile;
    private PageConnection page;
    private PageGuard guard;
    private String debuggerAddress;
    private AttachedDriver driver;
    private Chromedriver chromedriver;
    private boolean endConditionBroken;

    private ChromiumBrowser(Spec spec, ChildProcess process, Path profile) {
        this.spec = spec;
        this.process = process;
        this.profile = profile;
    }

    /**
     * Starts Chromium on the meeting page, waits until the page has loaded and attaches a WebDriver
     * session through the chromedriver from {@code drivers}, which the browser then owns. Empty,
     * with the browser closed again, once {@code cancelled} holds; a browser that fails is closed
     * before the error is thrown.
     */
    public static Optional<ChromiumBrowser> open(Spec spec, URI meetingUrl, DriverSource drivers,
                                                 BooleanSupplier cancelled) throws BrowserException {
        ChromiumBrowser browser = start(spec, drivers);
        try {
            if (!browser.openMeeting(meetingUrl, cancelled)) {
                browser.close();
                return Optional.empty();
            }
            return Optional.of(browser);
        } catch (BrowserException | RuntimeException e) {
            browser.close();
            throw e;
        }
    }

    /**
     * Starts Chromium on a blank tab and connects to it, ready for {@link #openMeeting}; the
     * chromedriver from {@code drivers} is the browser's from then on. A browser that fails is
     * closed before the error is thrown.
     */
    public static ChromiumBrowser start(Spec spec, DriverSource drivers) throws BrowserException {
        if (!Files.isExecutable(CHROMIUM)) {
            throw BrowserException.host(ErrorCode.BROWSER_MISSING, CHROMIUM + " is not installed (run scripts/setup)");
        }
        Path profile = prepareProfile(spec.runDir());
        ChildProcess process;
        try {
            process = ChromiumLaunch.start(spec, profile);
        } catch (IOException e) {
            throw BrowserException.session(ErrorCode.BROWSER_START_FAILED, "Chromium did not start: " + e.getMessage(), true);
        }
        ChromiumBrowser browser = new ChromiumBrowser(spec, process, profile);
        try {
            browser.connect(drivers.get());
            return browser;
        } catch (BrowserException | RuntimeException e) {
            browser.close();
            throw e;
        }
    }

    /**
     * Guards the blank tab, requests the meeting page, waits until it has loaded and attaches the
     * WebDriver session; false, having waited no longer, once {@code cancelled} holds. Once only.
     */
    public boolean openMeeting(URI meetingUrl, BooleanSupplier cancelled) throws BrowserException {
        if (guard != null) {
            throw new IllegalStateException("the meeting page was opened already");
        }
        request(meetingUrl);
        if (!awaitLoaded(Redactor.meetingUrl(meetingUrl), cancelled)) {
            return false;
        }
        // Attached before the caller lets the media flow: attaching while the first pictures
        // are captured stalls Chromium's rendering and leaves the picture behind the sound.
        attachDriver();
        return true;
    }

    /** Whether Chromium still runs. */
    public boolean isAlive() {
        return process.isAlive();
    }

    /** Writes the browser's profile in {@code runDir} ahead of {@link #open}, unless done already. */
    public static Path prepareProfile(Path runDir) throws BrowserException {
        return ChromiumProfile.prepare(runDir);
    }

    public static boolean runningAsRoot() {
        return new com.sun.security.auth.module.UnixSystem().getUid() == 0;
    }

    /**
     * Connects to the blank tab as soon as Chromium's DevTools endpoint is up, and puts the request
     * blocker and the picture's viewport in force there, ahead of any page.
     */
    private void connect(Chromedriver chromedriver) throws BrowserException {
        this.chromedriver = chromedriver;
        DevToolsEndpoint endpoint = DevToolsEndpoint.await(profile, process::isAlive, DEVTOOLS_TIMEOUT)
                .orElseThrow(() -> startFailed(process.isAlive() ? "no DevTools endpoint within "
                        + DEVTOOLS_TIMEOUT.toSeconds() + " s" : "Chromium exited at start"));
        debuggerAddress = endpoint.address();
        log.debug("DevTools endpoint at {}", debuggerAddress);
        page = PageConnection.open(debuggerAddress, endpoint.browserPath(), DEVTOOLS_TIMEOUT);
        try {
            long preparing = System.nanoTime();
            // The blocker (the browser's, in force before the page is requested) and the viewport go
            // together; the guard waits for both answers, since a guard sent sooner missed the page's
            // print() in PageBehaviourIT.
            var blocking = page.blockRequests(spec.meetingHosts());
            // The CSS viewport must equal the requested size even where it is below Chromium's
            // minimum window size, so the page is laid out for exactly the captured area: the
            // picture and the stamp strip below it. It holds across navigations.
            var viewport = page.sendAsync("Emulation.setDeviceMetricsOverride", Map.of("width", spec.size().width(),
                    "height", PictureStamp.windowHeight(spec.size().height()), "deviceScaleFactor", 1, "mobile", false));
            page.await(List.of(blocking, viewport));
            log.debug("blank tab blocked and sized in {} ms", (System.nanoTime() - preparing) / 1_000_000);
        } catch (WebDriverException e) {
            throw startFailed(firstLine(e.getMessage()));
        }
    }

    /**
     * Guards the tab and requests the meeting page: the guard's commands and the request go
     * together, and the tab handles them in order.
     */
    private void request(URI meetingUrl) throws BrowserException {
        try {
            long requesting = System.nanoTime();
            guard = PageGuard.install(page, meetingUrl);
            page.navigate(meetingUrl);
            long sent = System.nanoTime();
            guard.awaitInstalled();
            log.debug("meeting page requested {} ms after the guard began; guard answered after {} ms",
                    (sent - requesting) / 1_000_000, (System.nanoTime() - requesting) / 1_000_000);
        } catch (WebDriverException e) {
            throw startFailed(firstLine(e.getMessage()));
        }
    }

    private BrowserException startFailed(String why) {
        return BrowserException.session(ErrorCode.BROWSER_START_FAILED, "Chromium did not start: " + why + " ("
                + BrowserException.seeLog(spec.runDir().resolve("chromium.log")) + ")", true);
    }

    /**
     * Waits until the meeting page has loaded, refuses error pages and has the page stamp its
     * frames; false, having waited no longer, once {@code cancelled} holds.
     */
    private boolean awaitLoaded(String shown, BooleanSupplier cancelled) throws BrowserException {
        if (!LoadedPage.await(page, spec.pageLoadTimeout(), shown, cancelled, () -> {
            if (!process.isAlive()) {
                throw startFailed("the browser exited while the page loaded");
            }
        })) {
            return false;
        }
        log.debug("load event seen");
        LoadedPage.check(page, spec.size(), shown, this::startFailed);
        guard.pageLoaded();
        return true;
    }

    /** Attaches the WebDriver session that drives the page from now on, once it has loaded. */
    private void attachDriver() throws BrowserException {
        try {
            driver = AttachedDriver.attach(chromedriver.url(), debuggerAddress, SCRIPT_TIMEOUT);
        } catch (WebDriverException e) {
            throw startFailed(firstLine(e.getMessage()));
        }
        log.debug("WebDriver session attached");
    }

    static void pause(Duration d) throws BrowserException {
        try {
            Thread.sleep(d.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw BrowserException.session(ErrorCode.INTERRUPTED, "interrupted while the browser started", true);
        }
    }

    /** True once the page closed its window ({@code window.close()}) or its tab is gone. */
    public boolean pageClosed() {
        return guard.pageClosed();
    }

    /**
     * True once the configured end condition holds. A condition that throws counts as false (the
     * page may not have defined its variables yet) and is reported once; so does a dialog that
     * chromedriver saw before the guard answered it.
     */
    public boolean meetingEnded() throws BrowserException {
        try {
            Object v = driver.executeScript("return !!(" + spec.endCondition() + ");");
            return Boolean.TRUE.equals(v);
        } catch (JavascriptException e) {
            if (!endConditionBroken) {
                endConditionBroken = true;
                log.warn("end condition failed in the page: {}", firstLine(e.getMessage()));
            }
            return false;
        } catch (UnhandledAlertException e) {
            return false;
        } catch (WebDriverException e) {
            throw BrowserException.session(ErrorCode.BROWSER_LOST, "the browser stopped answering: " + firstLine(e.getMessage()), true);
        }
    }

    /** The first line of an exception message: Selenium's carry build and system details after it. */
    static String firstLine(String s) {
        if (s == null) {
            return "unknown error";
        }
        int nl = s.indexOf('\n');
        return (nl < 0 ? s : s.substring(0, nl)).trim();
    }

    /**
     * Kills Chromium with all its processes, and its chromedriver. The profile is a throw-away
     * directory, so nothing is lost that a graceful quit would have saved.
     */
    @Override
    public void close() {
        if (page != null) {
            page.close();
        }
        process.kill();
        if (chromedriver != null) {
            chromedriver.close();
        }
        if (driver != null) {
            driver.release();
        }
    }
}
