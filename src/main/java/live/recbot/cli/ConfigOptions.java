package live.recbot.cli;

import java.util.List;
import java.util.Map;
import java.util.Set;
import live.recbot.config.ConfigField;
import live.recbot.config.ConfigOverrides;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;

/** The command-line flags of the config fields, built from {@link ConfigField}'s table rather than spelled again. */
final class ConfigOptions {
    private ConfigOptions() {
    }

    /** Adds a flag for each of {@code fields}, described by the table unless {@code describedAs} says otherwise. */
    static CommandSpec add(CommandSpec spec, Set<ConfigField> fields, Map<ConfigField, String> describedAs) {
        for (ConfigField f : ConfigField.values()) {
            if (fields.contains(f)) {
                spec.addOption(option(f, describedAs.getOrDefault(f, description(f))));
            }
        }
        return spec;
    }

    private static OptionSpec option(ConfigField f, String description) {
        OptionSpec.Builder b = OptionSpec.builder(f.flag()).description(description);
        return switch (f.kind()) {
            case BOOLEAN -> b.type(Boolean.class).arity("0").negatable(true).build();
            case LIST -> b.type(List.class).auxiliaryTypes(String.class).arity("1")
                    .paramLabel(f.paramLabel().orElseThrow()).build();
            default -> b.type(String.class).paramLabel(f.paramLabel().orElseThrow()).build();
        };
    }

    /** The help line: the rule, the default, and where else the value may come from. */
    static String description(ConfigField f) {
        return description(f, f.rule().replace("`", ""));
    }

    /** As {@link #description(ConfigField)}, with {@code rule} in place of the table's. */
    static String description(ConfigField f, String rule) {
        String fallback = f.required() ? "required" : "default " + f.defaultText().orElse("none");
        return rule + " (" + fallback + "; env " + f.env()
                + ", JSON \"" + f.json() + "\").";
    }

    /** The values of {@code spec}'s config flags that were given on the command line. */
    static ConfigOverrides given(CommandSpec spec) {
        ConfigOverrides given = ConfigOverrides.NONE;
        for (ConfigField f : ConfigField.values()) {
            OptionSpec option = spec.findOption(f.flag());
            if (option == null || option.getValue() == null) {
                continue;
            }
            Object value = option.getValue();
            if (value instanceof List<?> list) {
                given = given.with(f, list.stream().map(String::valueOf).toList());
            } else {
                given = given.with(f, String.valueOf(value));
            }
        }
        return given;
    }
}
