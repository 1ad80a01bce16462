package live.recbot.browser;

import java.net.URL;
import java.time.Duration;
import java.util.Map;
import org.openqa.selenium.Capabilities;
import org.openqa.selenium.ImmutableCapabilities;
import org.openqa.selenium.remote.HttpCommandExecutor;
import org.openqa.selenium.remote.http.ClientConfig;
import org.openqa.selenium.remote.RemoteWebDriver;
import org.openqa.selenium.remote.http.HttpClient;

/**
 * A WebDriver session attached to a Chromium that recbot started itself. Plain WebDriver: unlike
 * Selenium's ChromeDriver it opens no DevTools connection of its own to the browser (the browser
 * has {@link PageConnection} for that). The page load strategy is "none": waiting for the page is
 * {@link ChromiumBrowser}'s job.
 */
final class AttachedDriver extends RemoteWebDriver {
    private final HttpClient client;

    private AttachedDriver(HttpCommandExecutor executor, Capabilities caps, HttpClient client) {
        super(executor, caps);
        this.client = client;
    }

    static AttachedDriver attach(URL chromedriver, String debuggerAddress, Duration scriptTimeout) {
        OwnedClient owned = new OwnedClient();
        HttpCommandExecutor executor = new HttpCommandExecutor(Map.of(),
                LoopbackHttp.config(chromedriver), owned);
        Capabilities caps = new ImmutableCapabilities(Map.of(
                "browserName", "chrome",
                "pageLoadStrategy", "none",
                // The page's guard answers dialogs too; this only keeps a command that meets one
                // from failing with "unexpected alert open".
                "unhandledPromptBehavior", "accept",
                "timeouts", Map.of("script", scriptTimeout.toMillis()),
                "goog:chromeOptions", Map.of("debuggerAddress", debuggerAddress)));
        try {
            return new AttachedDriver(executor, caps, owned.client);
        } catch (RuntimeException e) {
            owned.close();
            throw e;
        }
    }

    /**
     * Releases the HTTP client without asking chromedriver for anything: the browser and the
     * driver are killed, so a polite quit would only wait for them.
     */
    void release() {
        client.close();
    }

    /** Remembers the one client the executor creates, so that it can be closed without a quit. */
    private static final class OwnedClient implements HttpClient.Factory {
        private final HttpClient.Factory delegate = HttpClient.Factory.createDefault();
        private HttpClient client;

        @Override
        public HttpClient createClient(ClientConfig config) {
            client = delegate.createClient(config);
            return client;
        }

        @Override
        public void cleanupIdleClients() {
            delegate.cleanupIdleClients();
        }

        void close() {
            if (client != null) {
                client.close();
            }
        }
    }
}
