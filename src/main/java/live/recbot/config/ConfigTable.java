package live.recbot.config;

import java.util.stream.Collectors;
import java.util.stream.Stream;

/** The README's configuration table, generated from {@link ConfigField} so the documentation cannot drift. */
public final class ConfigTable {
    private ConfigTable() {
    }

    /** One markdown row per field, under a header; every line ends with a newline. */
    public static String markdown() {
        String header = "| JSON field | environment variable | flag | default | rule |\n|---|---|---|---|---|\n";
        return header + Stream.of(ConfigField.values()).map(ConfigTable::row).collect(Collectors.joining());
    }

    private static String row(ConfigField f) {
        return "| " + String.join(" | ", code(f.json()), code(f.env()), flag(f), defaultText(f), escape(f.rule()))
                + " |\n";
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
