package live.recbot.config;

import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Parses "90" (seconds), "20s", "15m", "2h", "1h30m" or ISO-8601 "PT15M". */
public final class Durations {
    private static final Pattern HUMAN = Pattern.compile("(?:(\\d+)h)?(?:(\\d+)m)?(?:(\\d+)s)?");

    private Durations() {
    }

    public static Duration parse(String field, String text) {
        String t = text == null ? "" : text.trim().toLowerCase(Locale.ROOT);
        String rule = "must be a duration like 90, 20s, 15m, 2h or 1h30m, got '" + t + "'";
        if (t.isEmpty()) {
            throw new ConfigException(field, rule);
        }
        try {
            if (t.matches("\\d{1,9}")) {
                return Duration.ofSeconds(Long.parseLong(t));
            }
            if (t.startsWith("pt")) {
                return Duration.parse(t.toUpperCase(Locale.ROOT));
            }
            Matcher m = HUMAN.matcher(t);
            if (m.matches() && (m.group(1) != null || m.group(2) != null || m.group(3) != null)) {
                return Duration.ofHours(num(m.group(1))).plusMinutes(num(m.group(2))).plusSeconds(num(m.group(3)));
            }
        } catch (DateTimeParseException | ArithmeticException | NumberFormatException e) {
            throw new ConfigException(field, rule);
        }
        throw new ConfigException(field, rule);
    }

    private static long num(String group) {
        return group == null ? 0 : Long.parseLong(group);
    }

    /** "15m", "1h30m", "20s": the inverse of {@link #parse} for whole seconds. */
    public static String format(Duration d) {
        long s = d.toSeconds();
        StringBuilder b = new StringBuilder();
        if (s >= 3600) {
            b.append(s / 3600).append('h');
        }
        if (s % 3600 >= 60) {
            b.append(s % 3600 / 60).append('m');
        }
        if (s % 60 != 0 || b.length() == 0) {
            b.append(s % 60).append('s');
        }
        return b.toString();
    }
}
