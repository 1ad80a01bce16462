package live.recbot.browser;

import java.time.Duration;
import java.util.Map;
import java.util.function.BooleanSupplier;
import java.util.function.Function;
import live.recbot.config.HMSResolution;
import live.recbot.core.ErrorCode;
import org.openqa.selenium.WebDriverException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** What is done with the meeting page once its load event fired: refuse error pages, stamp frames. */
final class LoadedPage {
    // The browser's logger: these lines belong to the browser's start-up.
    private static final Logger log = LoggerFactory.getLogger(ChromiumBrowser.class);

    /** How often the load is checked: the recording starts this much after the load, at most. */
    private static final Duration LOAD_POLL = Duration.ofMillis(20);

    private LoadedPage() {
    }

    /** Throws when the browser is gone; asked after a probe fails. */
    @FunctionalInterface
    interface AliveCheck {
        void check() throws BrowserException;
    }

    /**
     * Waits until the requested page's load event fired, within {@code timeout}; false, having
     * waited no longer, once {@code cancelled} holds.
     */
    static boolean await(PageConnection page, Duration timeout, String shown, BooleanSupplier cancelled,
                         AliveCheck alive) throws BrowserException {
        long deadline = System.nanoTime() + timeout.toNanos();
        // Until the first response commits, the tab still holds its about:blank document.
        String probe = "location.href === 'about:blank' ? 'pending' : document.readyState";
        while (!cancelled.getAsBoolean()) {
            try {
                if ("complete".equals(page.evaluate(probe))) {
                    return true;
                }
            } catch (WebDriverException e) {
                // A document being replaced has no context to run scripts in; ask again.
                alive.check();
            }
            if (System.nanoTime() > deadline) {
                throw BrowserException.session(ErrorCode.PAGE_LOAD_TIMEOUT, "meeting page " + shown
                        + " did not load in time", true);
            }
            ChromiumBrowser.pause(LOAD_POLL);
        }
        return false;
    }

    /**
     * Refuses a page that could not be reached or answered with an HTTP error, naming the cause,
     * and has the page stamp its frames.
     */
    static void check(PageConnection page, HMSResolution size, String shown,
                      Function<String, BrowserException> startFailed) throws BrowserException {
        // One round trip: error pages and certificate interstitials keep the requested URL, but
        // their document lives at chrome-error://; the navigation entry has the HTTP status.
        Map<String, Object> loaded = describe(page, startFailed);
        if (loaded.get("error") != null) {
            throw BrowserException.session(ErrorCode.PAGE_UNREACHABLE, "cannot open meeting page " + shown + ": "
                    + loaded.get("error"), true);
        }
        if (loaded.get("status") instanceof Number n && n.intValue() >= 400) {
            throw BrowserException.session(ErrorCode.PAGE_HTTP_ERROR, "meeting page " + shown + " answered HTTP " + n.intValue(),
                    n.intValue() >= 500);
        }
        log.info("meeting page {} loaded; viewport {}", shown, loaded.get("viewport"));
        installPictureStamp(page, size);
    }

    /**
     * Has the page stamp its frames ({@link PictureStamp}), in this document and in any the tab
     * loads later. Without the stamp the recording goes on with the sound at a fixed delay, so a
     * page that refuses it is reported, not failed.
     */
    private static void installPictureStamp(PageConnection page, HMSResolution size) {
        String script = PictureStamp.installScript(size.width());
        try {
            page.evaluate(script);
            page.send("Page.addScriptToEvaluateOnNewDocument", Map.of("source", script));
        } catch (WebDriverException e) {
            log.warn("the page's frames cannot be stamped, so the sound keeps a fixed delay: {}",
                    ChromiumBrowser.firstLine(e.getMessage()));
        }
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> describe(PageConnection page, Function<String, BrowserException> startFailed)
            throws BrowserException {
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
            throw startFailed.apply("the loaded page did not answer: " + ChromiumBrowser.firstLine(e.getMessage()));
        }
    }
}
