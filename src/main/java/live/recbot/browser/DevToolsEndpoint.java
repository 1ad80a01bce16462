package live.recbot.browser;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.function.BooleanSupplier;

/** Where Chromium's DevTools endpoint listens: {@code 127.0.0.1:PORT} and {@code /devtools/browser/ID}. */
record DevToolsEndpoint(String address, String browserPath) {
    private static final Duration POLL = Duration.ofMillis(5);

    /**
     * The endpoint Chromium writes to {@code profile}/DevToolsActivePort once it listens; empty when
     * {@code alive} stops holding or {@code timeout} passes first.
     */
    static Optional<DevToolsEndpoint> await(Path profile, BooleanSupplier alive, Duration timeout)
            throws BrowserException {
        Path portFile = profile.resolve("DevToolsActivePort");
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            try {
                List<String> lines = Files.exists(portFile) ? Files.readAllLines(portFile) : List.of();
                if (lines.size() >= 2 && lines.get(0).matches("\\d+") && lines.get(1).startsWith("/devtools/")) {
                    return Optional.of(new DevToolsEndpoint("127.0.0.1:" + lines.get(0), lines.get(1)));
                }
            } catch (IOException e) {
                // Being written; read again.
            }
            if (!alive.getAsBoolean() || System.nanoTime() > deadline) {
                return Optional.empty();
            }
            ChromiumBrowser.pause(POLL);
        }
    }
}
