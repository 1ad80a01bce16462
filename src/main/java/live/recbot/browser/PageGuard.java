package live.recbot.browser;

import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import live.recbot.core.Redactor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps what a meeting page does on its own from covering or ending the recording: JavaScript
 * dialogs are answered at once, new windows and tabs closed at once, downloads refused, the page's
 * own navigations logged, and {@code window.close()} turned into a request to end the session, so
 * the kiosk window never vanishes.
 *
 * <p>Its handlers run on the DevTools client's event thread and never wait there: commands are
 * sent without waiting for their answers, which arrive on that same thread.
 */
final class PageGuard {
    private static final Logger log = LoggerFactory.getLogger(ChromiumBrowser.class);
    /** The page-side name of the binding {@code window.close()} calls instead of closing the window. */
    static final String CLOSE_BINDING = "__recbotPageClosed";
    /**
     * Run in every new document before the page's own scripts: {@code print()} would open Chromium's
     * print preview over the meeting, so it does nothing; the top document's {@code close()} asks
     * to end the session instead (a frame's close never closed the window either).
     */
    static final String GUARD_SCRIPT = "(function () { window.print = function () { };"
            + " if (window !== window.top) { return; }"
            + " var bound = window['" + CLOSE_BINDING + "'];"
            + " var close = function () { try { (bound || window['" + CLOSE_BINDING + "'])(''); } catch (e) { } };"
            + " try { Object.defineProperty(window, 'close', {value: close, writable: false, configurable: false}); }"
            + " catch (e) { window.close = close; } })();";

    private final PageConnection page;
    private final String meetingTab;
    private final Redactor redactor;
    private final AtomicBoolean closed = new AtomicBoolean();
    private final AtomicBoolean loaded = new AtomicBoolean();
    private final Set<String> closedTargets = ConcurrentHashMap.newKeySet();
    private List<CompletableFuture<Map<String, Object>>> installing = List.of();

    private PageGuard(PageConnection page, String meetingTab, Redactor redactor) {
        this.page = page;
        this.meetingTab = meetingTab;
        this.redactor = redactor;
    }

    /**
     * Guards the meeting tab from now on: set up before the meeting page is requested, so that a
     * page that opens a dialog or a window while it loads is caught too. The commands are sent
     * without waiting, so that the request for the page follows them at once; the tab handles
     * them in order. {@link #awaitInstalled} waits for their answers.
     */
    static PageGuard install(PageConnection page, URI meetingUrl) {
        PageGuard guard = new PageGuard(page, page.tab(), Redactor.of(meetingUrl, List.of()));
        page.onEvent("Page.javascriptDialogOpening", guard::dialogOpening);
        page.onEvent("Target.targetCreated", guard::targetCreated);
        page.onEvent("Target.targetDestroyed", guard::targetDestroyed);
        page.onEvent("Page.frameNavigated", guard::frameNavigated);
        page.onEvent("Runtime.bindingCalled", guard::bindingCalled);
        page.onEvent("Browser.downloadWillBegin", guard::downloadWillBegin);
        guard.installing = List.of(
                page.sendAsync("Page.enable", Map.of()),
                // Without the Runtime domain enabled, the binding's calls produce no event.
                page.sendAsync("Runtime.enable", Map.of()),
                page.sendAsync("Runtime.addBinding", Map.of("name", CLOSE_BINDING)),
                page.sendAsync("Page.addScriptToEvaluateOnNewDocument", Map.of("source", GUARD_SCRIPT)),
                // Before the page's scripts: they may play a participant outside the document.
                page.sendAsync("Page.addScriptToEvaluateOnNewDocument",
                        Map.of("source", MediaTracker.SCRIPT)),
                page.sendAsyncToBrowser("Target.setDiscoverTargets", Map.of("discover", true)),
                page.sendAsyncToBrowser("Browser.setDownloadBehavior", Map.of("behavior", "deny", "eventsEnabled", true)));
        return guard;
    }

    /** Waits until every guard command was answered; throws a {@code WebDriverException} for one that failed. */
    void awaitInstalled() {
        page.await(installing);
    }

    /** From now on the tab's navigations are the page's own, and are logged. */
    void pageLoaded() {
        loaded.set(true);
    }

    /** True once the page closed its window (or asked to), or the tab is gone. */
    boolean pageClosed() {
        return closed.get();
    }

    private void dialogOpening(Map<String, Object> e) {
        String type = String.valueOf(e.get("type"));
        Object defaultPrompt = e.get("defaultPrompt");
        page.sendAsync("Page.handleJavaScriptDialog", Map.of("accept", true,
                "promptText", defaultPrompt == null ? "" : String.valueOf(defaultPrompt)));
        log.info("the page opened a {} dialog, accepted at once: {}", type, shorten(redactor.scrub(String.valueOf(e.get("message")))));
    }

    private void targetCreated(Map<String, Object> e) {
        if (!(e.get("targetInfo") instanceof Map<?, ?> info) || !"page".equals(info.get("type"))) {
            return;
        }
        String id = String.valueOf(info.get("targetId"));
        if (id.equals(meetingTab) || PageConnection.isBrowserUi(String.valueOf(info.get("url")))
                || !closedTargets.add(id)) {
            return;
        }
        page.sendAsyncToBrowser("Target.closeTarget", Map.of("targetId", id));
        String url = String.valueOf(info.get("url"));
        log.info("the page opened a new window{}; closed it", url.isEmpty() ? "" : " (" + maskUrl(url) + ")");
    }

    private void targetDestroyed(Map<String, Object> e) {
        if (meetingTab.equals(String.valueOf(e.get("targetId"))) && closed.compareAndSet(false, true)) {
            log.info("the meeting tab was closed");
        }
    }

    private void bindingCalled(Map<String, Object> e) {
        if (CLOSE_BINDING.equals(e.get("name")) && closed.compareAndSet(false, true)) {
            log.info("the page closed its window");
        }
    }

    private void frameNavigated(Map<String, Object> e) {
        if (loaded.get() && e.get("frame") instanceof Map<?, ?> frame && frame.get("parentId") == null) {
            log.info("the page navigated to {}", maskUrl(String.valueOf(frame.get("url"))));
        }
    }

    private void downloadWillBegin(Map<String, Object> e) {
        log.info("the page started a download ({}); refused", maskUrl(String.valueOf(e.get("url"))));
    }

    /** A URL as {@link Redactor#meetingUrl} shows one: no user info, no query, no fragment. */
    static String maskUrl(String url) {
        try {
            URI u = URI.create(url);
            if (u.getHost() != null && u.getScheme() != null) {
                return Redactor.meetingUrl(u);
            }
        } catch (IllegalArgumentException e) {
            // Not a URL Java parses; masked by hand below.
        }
        int cut = url.indexOf('?');
        int hash = url.indexOf('#');
        if (hash >= 0 && (cut < 0 || hash < cut)) {
            return url.substring(0, hash);
        }
        return cut < 0 ? url : url.substring(0, cut + 1) + Redactor.MASK;
    }

    private static String shorten(String text) {
        String oneLine = text.replaceAll("\\s+", " ").trim();
        return oneLine.length() <= 200 ? oneLine : oneLine.substring(0, 200) + "…";
    }
}
