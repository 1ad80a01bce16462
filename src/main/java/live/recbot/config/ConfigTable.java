package live.recbot.config;

import java.util.stream.Collectors;
import java.util.stream.Stream;

/** The README's configuration table, generated from {@link ConfigField} so the documentation cannot drift. */
public final class ConfigTable {
    private ConfigTable() {
    }

    /**
     * How a field's environment variable is named, then one markdown row per field under a header;
     * every line ends with a newline. The variable follows from the name, so it has no column.
     */
    public static String markdown() {
        ConfigField example = ConfigField.MAX_DURATION;
        String variables = "A field's environment variable is `RECBOT_` and its name in upper snake case (`"
                + example.json() + "`: `" + example.env() + "`).\n\n";
        String header = "| JSON field | flag | default | rule |\n|---|---|---|---|\n";
        return variables + header + Stream.of(ConfigField.values()).map(ConfigTable::row).collect(Collectors.joining());
    }

    private static String row(ConfigField f) {
        return "| " + String.join(" | ", code(f.json()), flag(f), defaultText(f), escape(f.rule())) + " |\n";
    }

    private static String flag(ConfigField f) {
        if (f.kind() == ConfigField.Kind.BOOLEAN) {
            return code(f.flag()) + " / " + code("--no-" + f.flag().substring(2));
        }
        return code(f.flag() + " " + f.paramLabel().orElseThrow());
    }

    private static String defaultText(ConfigField f) {
        if (f.required()) {
            return "required";
        }
        return f.defaultText().map(ConfigTable::code).orElse("none");
    }

    private static String code(String text) {
        return "`" + escape(text) + "`";
    }

    private static String escape(String text) {
        return text.replace("|", "\\|");
    }
}
