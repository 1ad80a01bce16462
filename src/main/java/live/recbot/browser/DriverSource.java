package live.recbot.browser;

/** Where a browser gets its chromedriver once Chromium runs; may wait for one starting meanwhile. */
@FunctionalInterface
public interface DriverSource {
    Chromedriver get() throws BrowserException;
}
