package live.recbot.browser;

import live.recbot.core.ErrorCode;
import live.recbot.core.HostPolicy;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;
import java.lang.reflect.Type;
import org.openqa.selenium.WebDriverException;
import org.openqa.selenium.devtools.Command;
import org.openqa.selenium.devtools.Connection;
import org.openqa.selenium.devtools.Event;
import org.openqa.selenium.devtools.idealized.target.model.SessionID;
import org.openqa.selenium.remote.http.HttpClient;

/**
 * Selenium's DevTools protocol client, attached to the meeting tab from the moment Chromium's
 * DevTools endpoint is up. It watches the page load and holds the viewport override.
 *
 * <p>Why not the WebDriver session for that: chromedriver's session set-up enables several
 * protocol domains, injects its own script into every new document and pauses each new renderer
 * until it has attached, which delays the page's load; a plain protocol session does not. The
 * WebDriver session attaches once the page has loaded (docs/architecture.md, record 10).
 *
 * <p>An emulation override lives as long as the protocol session that set it, so this connection
 * stays open while the browser runs.
 */
final class PageConnection implements AutoCloseable {
    private static final org.slf4j.Logger log = org.slf4j.LoggerFactory.getLogger(PageConnection.class);
    private static final Duration COMMAND_TIMEOUT = Duration.ofSeconds(10);
    private static final Duration TAB_POLL = Duration.ofMillis(10);

    private final Connection connection;
    private final SessionID session;
    private final String tab;

    private PageConnection(Connection connection, SessionID session, String tab) {
        this.connection = connection;
        this.session = session;
        this.tab = tab;
    }

    /**
     * Connects to the browser endpoint {@code ws://address/browserPath} and attaches to the tab
     * that shows (or is about to show) the meeting page, waiting up to {@code timeout} for it.
     */
    static PageConnection open(String address, String browserPath, Duration timeout) throws BrowserException {
        URI uri = URI.create("ws://" + address + browserPath);
        HttpClient client = HttpClient.Factory.createDefault().createClient(LoopbackHttp.config(uri));
        Connection c;
        try {
            c = new Connection(client, uri.toString());
        } catch (RuntimeException e) {
            client.close();
            throw failed("cannot connect to the DevTools endpoint: " + ChromiumBrowser.firstLine(e.getMessage()));
        }
        try {
            String tab = awaitTab(c, timeout);
            Map<String, Object> attached = c.sendAndWait(null, command("Target.attachToTarget",
                    Map.of("targetId", tab, "flatten", true)), COMMAND_TIMEOUT);
            return new PageConnection(c, new SessionID(String.valueOf(attached.get("sessionId"))), tab);
        } catch (RuntimeException | BrowserException e) {
            c.close();
            if (e instanceof BrowserException b) {
                throw b;
            }
            throw failed(ChromiumBrowser.firstLine(e.getMessage()));
        }
    }

    /** The browser's one tab: a "page" target that is not part of Chromium's own UI. */
    private static String awaitTab(Connection c, Duration timeout) throws BrowserException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            Map<String, Object> r = c.sendAndWait(null, command("Target.getTargets", Map.of()), COMMAND_TIMEOUT);
            Optional<String> tab = pageTarget(r.get("targetInfos"));
            if (tab.isPresent()) {
                return tab.get();
            }
            if (System.nanoTime() > deadline) {
                throw failed("no browser tab within " + timeout.toSeconds() + " s");
            }
            try {
                Thread.sleep(TAB_POLL.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw BrowserException.session(ErrorCode.INTERRUPTED, "interrupted while the browser started", true);
            }
        }
    }

    static Optional<String> pageTarget(Object targetInfos) {
        if (!(targetInfos instanceof List<?> infos)) {
            return Optional.empty();
        }
        for (Object o : infos) {
            if (o instanceof Map<?, ?> info && "page".equals(info.get("type"))) {
                if (!isBrowserUi(String.valueOf(info.get("url")))) {
                    return Optional.of(String.valueOf(info.get("targetId")));
                }
            }
        }
        return Optional.empty();
    }

    /**
     * Refuses the browser's requests that {@code meeting} forbids (see {@link RequestBlocker}) from
     * the moment the returned answer arrives.
     */
    CompletableFuture<Map<String, Object>> blockRequests(HostPolicy meeting) {
        return logged("Fetch.enable", RequestBlocker.install(connection, tab, meeting));
    }

    /** Waits for the answers to commands sent with {@link #sendAsync}; throws if one failed. */
    void await(List<CompletableFuture<Map<String, Object>>> sent) {
        try {
            CompletableFuture.allOf(sent.toArray(CompletableFuture[]::new))
                    .get(COMMAND_TIMEOUT.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS);
        } catch (java.util.concurrent.ExecutionException e) {
            throw new WebDriverException(ChromiumBrowser.firstLine(String.valueOf(e.getCause().getMessage())));
        } catch (java.util.concurrent.TimeoutException e) {
            throw new WebDriverException("no answer from the browser within " + COMMAND_TIMEOUT.toSeconds() + " s");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new WebDriverException("interrupted while the browser started");
        }
    }

    /** A page of Chromium's own UI rather than of the web. */
    static boolean isBrowserUi(String url) {
        return url.startsWith("chrome://") || url.startsWith("chrome-untrusted://") || url.startsWith("devtools://");
    }

    /**
     * Requests {@code url} in the tab without waiting for the answer, which comes only once the
     * server answered: the load is watched in the page itself.
     */
    void navigate(URI url) {
        long sent = System.nanoTime();
        sendAsync("Page.navigate", Map.of("url", url.toString())).thenRun(() ->
                log.debug("Page.navigate answered in {} ms", (System.nanoTime() - sent) / 1_000_000));
    }

    /** The meeting tab's target id. */
    String tab() {
        return tab;
    }

    /** Sends a command to the tab and waits for its answer. */
    void send(String method, Map<String, Object> params) {
        connection.sendAndWait(session, command(method, params), COMMAND_TIMEOUT);
    }

    /** Sends a command to the browser itself, not to a tab, and waits for its answer. */
    void sendToBrowser(String method, Map<String, Object> params) {
        connection.sendAndWait(null, command(method, params), COMMAND_TIMEOUT);
    }

    /**
     * Sends a command to the tab without waiting: for event handlers, whose thread also delivers
     * the answers. A failure is only logged.
     */
    CompletableFuture<Map<String, Object>> sendAsync(String method, Map<String, Object> params) {
        return logged(method, connection.send(session, command(method, params)));
    }

    /** {@link #sendAsync}, to the browser itself. */
    CompletableFuture<Map<String, Object>> sendAsyncToBrowser(String method, Map<String, Object> params) {
        return logged(method, connection.send(null, command(method, params)));
    }

    private static CompletableFuture<Map<String, Object>> logged(String method, CompletableFuture<Map<String, Object>> f) {
        f.whenComplete((r, e) -> {
            if (e != null) {
                log.debug("{} failed: {}", method, ChromiumBrowser.firstLine(e.getMessage()));
            }
        });
        return f;
    }

    /** Calls {@code handler} with the parameters of every {@code method} event, on the client's event thread. */
    @SuppressWarnings({"unchecked", "rawtypes"})
    void onEvent(String method, Consumer<Map<String, Object>> handler) {
        Event<Map<String, Object>> event = new Event<>(method, input -> (Map<String, Object>) input.read((Type) Map.class));
        connection.addListener(event, (sequence, params) -> {
            try {
                handler.accept(params);
            } catch (RuntimeException e) {
                log.warn("handling {} failed: {}", method, e.toString());
            }
        });
    }

    /**
     * The value of a JavaScript expression in the tab's current document. Throws a
     * {@link WebDriverException} when it cannot run there (a document being replaced) or throws.
     */
    Object evaluate(String expression) {
        Map<String, Object> r = connection.sendAndWait(session, command("Runtime.evaluate",
                Map.of("expression", expression, "returnByValue", true)), COMMAND_TIMEOUT);
        if (r.get("exceptionDetails") != null) {
            throw new WebDriverException("script failed in the page: " + r.get("exceptionDetails"));
        }
        return r.get("result") instanceof Map<?, ?> result ? result.get("value") : null;
    }

    /** Never throws: a browser that is gone already has closed the socket from its side. */
    @Override
    public void close() {
        try {
            connection.close();
        } catch (RuntimeException e) {
            log.debug("closing the DevTools connection: {}", e.toString());
        }
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private static Command<Map<String, Object>> command(String method, Map<String, Object> params) {
        return new Command<>(method, params, (java.lang.reflect.Type) Map.class);
    }

    private static BrowserException failed(String why) {
        return BrowserException.session(ErrorCode.BROWSER_START_FAILED, "Chromium did not start: " + why, true);
    }
}
