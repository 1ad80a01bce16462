package live.recbot.doctor;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What {@code --version} says for Chromium and chromedriver, asked once each: the chromedriver
 * check compares its version with Chromium's, which the Chromium check asks for as well.
 */
final class BrowserVersions {
    private static final Duration TIMEOUT = Duration.ofSeconds(10);
    private static final Pattern VERSION = Pattern.compile("\\b(\\d+)\\.\\d+\\.\\d+\\.\\d+\\b");
    /** No session bus here: without this Chromium may wait on failed D-Bus connections. */
    private static final Map<String, String> ENV = Map.of("DBUS_SESSION_BUS_ADDRESS", "disabled:");

    /** A binary's version, or why there is none. */
    sealed interface Probe {
        record Version(String full, int major) implements Probe {
        }

        record Missing(String why) implements Probe {
        }
    }

    private final Path chromium;
    private final Path chromedriver;
    private Probe chromiumVersion;
    private Probe chromedriverVersion;

    BrowserVersions(Path chromium, Path chromedriver) {
        this.chromium = chromium;
        this.chromedriver = chromedriver;
    }

    Path chromiumPath() {
        return chromium;
    }

    Path chromedriverPath() {
        return chromedriver;
    }

    synchronized Probe chromium() {
        if (chromiumVersion == null) {
            chromiumVersion = probe(chromium);
        }
        return chromiumVersion;
    }

    synchronized Probe chromedriver() {
        if (chromedriverVersion == null) {
            chromedriverVersion = probe(chromedriver);
        }
        return chromedriverVersion;
    }

    private static Probe probe(Path binary) {
        if (!Files.exists(binary)) {
            return new Probe.Missing(binary + " is missing");
        }
        if (!Files.isExecutable(binary)) {
            return new Probe.Missing(binary + " is not executable");
        }
        ShortCommand.Outcome outcome = ShortCommand.run(List.of(binary.toString(), "--version"), ENV, TIMEOUT);
        if (outcome instanceof ShortCommand.Outcome.NotRun n) {
            return new Probe.Missing(binary + " --version did not run: " + n.why());
        }
        ShortCommand.Outcome.Exited e = (ShortCommand.Outcome.Exited) outcome;
        if (e.code() != 0) {
            return new Probe.Missing(binary + " --version exited " + e.code() + firstLine(e.output()));
        }
        return parse(e.output())
                .orElseGet(() -> new Probe.Missing(binary + " --version printed no version" + firstLine(e.output())));
    }

    /** The first dotted four-part version in {@code output}, as Chromium and chromedriver print it. */
    static Optional<Probe> parse(String output) {
        Matcher m = VERSION.matcher(output);
        if (!m.find()) {
            return Optional.empty();
        }
        return Optional.of(new Probe.Version(m.group(), Integer.parseInt(m.group(1))));
    }

    private static String firstLine(String output) {
        String line = output.strip().lines().findFirst().orElse("");
        return line.isEmpty() ? "" : ": " + (line.length() > 120 ? line.substring(0, 120) : line);
    }
}
