package live.recbot.browser;

import java.util.Map;
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

    private LoadedPage() {
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
