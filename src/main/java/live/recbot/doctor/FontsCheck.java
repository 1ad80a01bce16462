package live.recbot.doctor;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * Fonts for pages to render text with, as fontconfig lists them to Chromium: at least one of the
 * families scripts/setup installs, DejaVu or Liberation (metric-compatible with Arial and Times).
 *
 * @param fcList the command that lists font families, found through PATH
 */
record FontsCheck(List<String> fcList) implements Check {
    static final String FONTS_FIX = "apt-get install fonts-dejavu-core fonts-liberation (or run scripts/setup)";
    static final String FONTCONFIG_FIX = "apt-get install fontconfig (or run scripts/setup)";
    private static final Duration TIMEOUT = Duration.ofSeconds(10);
    private static final List<String> WANTED = List.of("DejaVu", "Liberation");

    static FontsCheck forRecbot() {
        return new FontsCheck(List.of("fc-list", ":", "family"));
    }

    @Override
    public String name() {
        return "fonts";
    }

    @Override
    public CheckResult run() {
        ShortCommand.Outcome outcome = ShortCommand.run(fcList, Map.of(), TIMEOUT);
        if (outcome instanceof ShortCommand.Outcome.NotRun n) {
            return CheckResult.fail(fcList.get(0) + ": " + n.why(), FONTCONFIG_FIX);
        }
        ShortCommand.Outcome.Exited e = (ShortCommand.Outcome.Exited) outcome;
        if (e.code() != 0) {
            return CheckResult.fail(fcList.get(0) + " exited " + e.code(), FONTCONFIG_FIX);
        }
        List<String> families = e.output().lines().map(String::strip).filter(l -> !l.isEmpty()).toList();
        TreeSet<String> found = new TreeSet<>();
        for (String wanted : WANTED) {
            if (families.stream().anyMatch(f -> f.contains(wanted))) {
                found.add(wanted);
            }
        }
        if (found.isEmpty()) {
            return CheckResult.fail("no DejaVu or Liberation font among " + families.size() + " font families",
                    FONTS_FIX);
        }
        return CheckResult.pass(String.join(" and ", found) + " among " + families.size() + " font families");
    }
}
