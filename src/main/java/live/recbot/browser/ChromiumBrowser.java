package live.recbot.browser;

import live.recbot.core.ErrorCode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;
import live.recbot.config.HMSResolution;
import live.recbot.core.Redactor;
import live.recbot.proc.ChildProcess;
import org.openqa.selenium.JavascriptException;
import org.openqa.selenium.WebDriverException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Chromium showing the meeting page full-screen on the session's X display and playing its sound
 * into the session's PulseAudio sink.
 *
 * <p>recbot starts Chromium itself, with the meeting URL on its command line. Chromium thus fetches
 * the page while it is still starting up, instead of first loading chromedriver's blank start page
 * and only then being told where to go. Selenium's DevTools client watches the load, and once the
 * page has loaded a WebDriver session attaches through chromedriver to drive it from then on
 * (see {@link PageConnection} for why not earlier). Not thread-safe: one thread drives it.
 */
public final class ChromiumBrowser implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(ChromiumBrowser.class);
    /**
     * Debian's Chromium binary itself. /usr/bin/chromium is a shell script that runs grep, findmnt
     * and ls and sources /etc/chromium.d before it execs this: about 60 ms of the start of every
     * session (0.17 s against 0.11 s for --version), for flags recbot sets itself.
     */
    static final Path CHROMIUM = Path.of("/usr/lib/chromium/chromium");
    /**
     * The interval of Chromium's frame clock on a display that reports no refresh timing, as Xvfb:
     * a whole number of microseconds, 16 666 (60.0024 Hz), not 1/60 s. Measured on Chromium 156:
     * the mean requestAnimationFrame interval over 1 800 frames was 16.66598 ms, in two windows.
     */
    public static final Duration FRAME_INTERVAL = Duration.ofNanos(16_666_000);
    private static final Duration DEVTOOLS_TIMEOUT = Duration.ofSeconds(30);
    private static final Duration SCRIPT_TIMEOUT = Duration.ofSeconds(5);
    /** How often the load is checked: the recording starts this much after the load, at most. */
    private static final Duration LOAD_POLL = Duration.ofMillis(20);
    private static final ObjectMapper JSON = new ObjectMapper();

    /** What a browser shows, and where. */
    public record Spec(HMSResolution size, XvfbDisplay display, PulseAudioServer audio, Path runDir, URI meetingUrl,
                       String endCondition, Duration pageLoadTimeout) {
    }

    private final Spec spec;
    private final ChildProcess process;
    private final Path profile;
    private PageConnection page;
    private String debuggerAddress;
    private AttachedDriver driver;
    private Chromedriver chromedriver;
    private boolean endConditionBroken;

    private ChromiumBrowser(Spec spec, ChildProcess process, Path profile) {
        this.spec = spec;
        this.process = process;
        this.profile = profile;
    }

    /** Starts Chromium on the meeting page and returns at once; {@link #attach} takes it from there. */
    public static ChromiumBrowser launch(Spec spec) throws BrowserException {
        if (!Files.isExecutable(CHROMIUM)) {
            throw BrowserException.host(ErrorCode.BROWSER_MISSING, CHROMIUM + " is not installed (run scripts/setup)");
        }
        Path runDir = spec.runDir();
        Path profile = prepareProfile(runDir);
        Path home = home(runDir);
        try {
            Map<String, String> env = new HashMap<>();
            env.put(ChildProcess.SESSION_ENV, runDir.toString());
            env.put("DISPLAY", spec.display().name());
            env.put("PULSE_SERVER", spec.audio().serverAddress());
            env.put("PULSE_SINK", PulseAudioServer.SINK);
            env.put("HOME", home.toString());
            env.put("XDG_CONFIG_HOME", home.resolve(".config").toString());
            env.put("XDG_CACHE_HOME", home.resolve(".cache").toString());
            // No session bus exists here: without this Chromium's UI thread waits on failed D-Bus
            // connection attempts while it starts.
            env.put("DBUS_SESSION_BUS_ADDRESS", "disabled:");
            List<String> cmd = new ArrayList<>();
            cmd.add(CHROMIUM.toString());
            cmd.addAll(ChromiumFlags.forSession(spec.size(), profile, runningAsRoot()));
            cmd.add(spec.meetingUrl().toString());
            ChildProcess p = ChildProcess.start("chromium", cmd, env, runDir.resolve("chromium.log"), null);
            log.debug("chromium launched");
            return new ChromiumBrowser(spec, p, profile);
        } catch (IOException e) {
            throw BrowserException.session(ErrorCode.BROWSER_START_FAILED, "Chromium did not start: " + e.getMessage(), true);
        }
    }

    /**
     * Creates the directories of a browser in {@code runDir} and its profile, unless done already,
     * and returns the profile. Done ahead of {@link #launch} while the X server starts, it takes
     * 15-75 ms off the start of a session (the first use of the JSON writer included).
     *
     * <p>The profile starts with the permissions a meeting needs (camera and microphone allowed,
     * notifications blocked) and no password prompts: these are profile preferences, not flags.
     */
    public static Path prepareProfile(Path runDir) throws BrowserException {
        Path profile = runDir.resolve("chromium-profile");
        Path prefs = profile.resolve("Default").resolve("Preferences");
        if (Files.exists(prefs)) {
            return profile;
        }
        try {
            Files.createDirectories(home(runDir));
            writePreferences(prefs);
            return profile;
        } catch (IOException e) {
            throw BrowserException.session(ErrorCode.BROWSER_START_FAILED, "Chromium's profile could not be written: "
                    + e.getMessage(), true);
        }
    }

    /** Chromium's HOME, where it keeps what it writes outside its profile. */
    private static Path home(Path runDir) {
        return runDir.resolve("chromium-home");
    }

    private static void writePreferences(Path prefs) throws IOException {
        Files.createDirectories(prefs.getParent());
        Map<String, Object> preferences = Map.of(
                "profile", Map.of(
                        "default_content_setting_values", Map.of("media_stream_mic", 1, "media_stream_camera", 1,
                                "notifications", 2),
                        "password_manager_enabled", false),
                "credentials_enable_service", false);
        Files.writeString(prefs, JSON.writeValueAsString(preferences));
    }

    static boolean runningAsRoot() {
        return new com.sun.security.auth.module.UnixSystem().getUid() == 0;
    }

    /**
     * Connects to the meeting tab as soon as Chromium's DevTools endpoint is up and fixes the page's
     * viewport to the picture size. {@code chromedriver}, which this browser then owns, attaches its
     * WebDriver session once the page has loaded ({@link #attachDriver}).
     */
    public void attach(Chromedriver chromedriver) throws BrowserException {
        this.chromedriver = chromedriver;
        String[] endpoint = awaitDevTools();
        debuggerAddress = endpoint[0];
        log.debug("DevTools endpoint at {}", debuggerAddress);
        page = PageConnection.open(debuggerAddress, endpoint[1], DEVTOOLS_TIMEOUT);
        try {
            // The CSS viewport must equal the requested size even where it is below Chromium's
            // minimum window size, so the page is laid out for exactly the captured area: the
            // picture and the stamp strip below it. Set while the page loads; it holds across
            // navigations.
            page.send("Emulation.setDeviceMetricsOverride", Map.of("width", spec.size().width(),
                    "height", PictureStamp.windowHeight(spec.size().height()), "deviceScaleFactor", 1, "mobile", false));
        } catch (WebDriverException e) {
            throw startFailed(firstLine(e.getMessage()));
        }
        log.debug("DevTools session on the meeting tab");
    }

    /**
     * {"127.0.0.1:PORT", "/devtools/browser/ID"}, as Chromium writes them to its profile once its
     * DevTools endpoint listens.
     */
    private String[] awaitDevTools() throws BrowserException {
        Path portFile = profile.resolve("DevToolsActivePort");
        long deadline = System.nanoTime() + DEVTOOLS_TIMEOUT.toNanos();
        while (true) {
            try {
                List<String> lines = Files.exists(portFile) ? Files.readAllLines(portFile) : List.of();
                if (lines.size() >= 2 && lines.get(0).matches("\\d+") && lines.get(1).startsWith("/devtools/")) {
                    return new String[] {"127.0.0.1:" + lines.get(0), lines.get(1)};
                }
            } catch (IOException e) {
                // Being written; read again.
            }
            if (!process.isAlive()) {
                throw startFailed("Chromium exited at start");
            }
            if (System.nanoTime() > deadline) {
                throw startFailed("no DevTools endpoint within " + DEVTOOLS_TIMEOUT.toSeconds() + " s");
            }
            pause(Duration.ofMillis(5));
        }
    }

    private BrowserException startFailed(String why) {
        return BrowserException.session(ErrorCode.BROWSER_START_FAILED, "Chromium did not start: " + why + " (see "
                + spec.runDir().resolve("chromium.log") + ")", true);
    }

    /**
     * Waits until the meeting page has loaded (its load event fired), within the page load timeout.
     * A page that cannot be reached or answers with an HTTP error is refused with a message naming
     * the cause. Returns false, having waited no longer, once {@code cancelled} holds.
     */
    public boolean awaitLoaded(BooleanSupplier cancelled) throws BrowserException {
        String shown = Redactor.meetingUrl(spec.meetingUrl());
        long deadline = System.nanoTime() + spec.pageLoadTimeout().toNanos();
        // Until the first response commits, the tab still holds its initial about:blank document.
        String probe = "location.href === 'about:blank' ? 'pending' : document.readyState";
        while (true) {
            if (cancelled.getAsBoolean()) {
                return false;
            }
            try {
                if ("complete".equals(page.evaluate(probe))) {
                    break;
                }
            } catch (WebDriverException e) {
                // A document being replaced has no context to run scripts in; ask again.
                if (!process.isAlive()) {
                    throw startFailed("the browser exited while the page loaded: " + firstLine(e.getMessage()));
                }
            }
            if (System.nanoTime() > deadline) {
                throw BrowserException.session(ErrorCode.PAGE_LOAD_TIMEOUT, "meeting page " + shown + " did not load in time", true);
            }
            pause(LOAD_POLL);
        }
        log.debug("load event seen");
        // One round trip: error pages and certificate interstitials keep the requested URL, but
        // their document lives at chrome-error://; the navigation entry has the HTTP status.
        Map<String, Object> loaded = loadedPage();
        if (loaded.get("error") != null) {
            throw BrowserException.session(ErrorCode.PAGE_UNREACHABLE, "cannot open meeting page " + shown + ": "
                    + loaded.get("error"), true);
        }
        if (loaded.get("status") instanceof Number n && n.intValue() >= 400) {
            throw BrowserException.session(ErrorCode.PAGE_HTTP_ERROR, "meeting page " + shown + " answered HTTP " + n.intValue(),
                    n.intValue() >= 500);
        }
        log.info("meeting page {} loaded; viewport {}", shown, loaded.get("viewport"));
        installPictureStamp();
        return true;
    }

    /**
     * Has the page stamp its frames ({@link PictureStamp}), in this document and in any the tab
     * loads later. Without the stamp the recording goes on with the sound at a fixed delay, so a
     * page that refuses it is reported, not failed.
     */
    private void installPictureStamp() {
        String script = PictureStamp.installScript(spec.size().width());
        try {
            page.evaluate(script);
            page.send("Page.addScriptToEvaluateOnNewDocument", Map.of("source", script));
        } catch (WebDriverException e) {
            log.warn("the page's frames cannot be stamped, so the sound keeps a fixed delay: {}", firstLine(e.getMessage()));
        }
    }

    /**
     * Attaches the WebDriver session that drives the page from now on, once it has loaded: about
     * 0.1 s, which the caller may spend after letting the media flow.
     */
    public void attachDriver() throws BrowserException {
        try {
            driver = AttachedDriver.attach(chromedriver.url(), debuggerAddress, SCRIPT_TIMEOUT);
        } catch (WebDriverException e) {
            throw startFailed(firstLine(e.getMessage()));
        }
        log.debug("WebDriver session attached");
    }

    @SuppressWarnings("unchecked")
    private Map<String, Object> loadedPage() throws BrowserException {
        try {
            Object r = page.evaluate("(function () {"
                    + " var error = null;"
                    + " if (location.protocol === 'chrome-error:') {"
                    + "   var e = document.querySelector('.error-code, #error-code');"
                    + "   error = e && e.textContent.trim() ? e.textContent.trim() : (document.title || 'network error');"
                    + " }"
                    + " var n = performance.getEntriesByType('navigation')[0];"
                    + " return {error: error, status: n && n.responseStatus ? n.responseStatus : 0,"
                    + "   viewport: window.innerWidth + 'x' + window.innerHeight};"
                    + "})()");
            return r instanceof Map<?, ?> m ? (Map<String, Object>) m : Map.of();
        } catch (WebDriverException e) {
            throw startFailed("the loaded page did not answer: " + firstLine(e.getMessage()));
        }
    }

    private static void pause(Duration d) throws BrowserException {
        try {
            Thread.sleep(d.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw BrowserException.session(ErrorCode.INTERRUPTED, "interrupted while the browser started", true);
        }
    }

    /**
     * True once the configured end condition holds. A condition that throws counts as false (the
     * page may not have defined its variables yet) and is reported once.
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
