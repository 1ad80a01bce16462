package live.recbot.config;

import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Values from one config source before validation, keyed by field and spelled as the source
 * spelled them (a list only for {@link ConfigField.Kind#LIST}). A field absent here was not given
 * by this source, so a later source only overrides what it actually sets.
 */
public record ConfigOverrides(Map<ConfigField, List<String>> values) {
    public static final ConfigOverrides NONE = new ConfigOverrides(Map.of());

    public ConfigOverrides {
        EnumMap<ConfigField, List<String>> copy = new EnumMap<>(ConfigField.class);
        // An entry may be null (a flag given without a value), which validation reports as empty.
        values.forEach((field, value) -> copy.put(field, Collections.unmodifiableList(new ArrayList<>(value))));
        values = Collections.unmodifiableMap(copy);
    }

    /** The table's defaults, as the layer under every source. */
    public static ConfigOverrides defaults() {
        ConfigOverrides d = NONE;
        for (ConfigField f : ConfigField.values()) {
            if (f.kind() == ConfigField.Kind.LIST) {
                d = d.with(f, List.of());
            } else {
                d = d.with(f, f.defaultText().orElse(null));
            }
        }
        return d;
    }

    /** This with {@code field} set to {@code text}; a null text leaves it not given. */
    public ConfigOverrides with(ConfigField field, String text) {
        return text == null ? this : with(field, List.of(text));
    }

    /** This with the list {@code field} set to {@code texts}; null leaves it not given. */
    public ConfigOverrides with(ConfigField field, List<String> texts) {
        if (texts == null) {
            return this;
        }
        EnumMap<ConfigField, List<String>> copy = new EnumMap<>(ConfigField.class);
        copy.putAll(values);
        copy.put(field, texts);
        return new ConfigOverrides(copy);
    }

    public boolean has(ConfigField field) {
        return values.containsKey(field);
    }

    /** The single value of a non-list field, if given. */
    public Optional<String> text(ConfigField field) {
        return Optional.ofNullable(values.get(field)).map(v -> String.join(",", v));
    }

    public Optional<List<String>> list(ConfigField field) {
        return Optional.ofNullable(values.get(field));
    }

    /** This source's values on top of {@code base}. */
    public ConfigOverrides over(ConfigOverrides base) {
        EnumMap<ConfigField, List<String>> merged = new EnumMap<>(ConfigField.class);
        merged.putAll(base.values);
        merged.putAll(values);
        return new ConfigOverrides(merged);
    }

    /** Only the given fields of this source. */
    public ConfigOverrides only(Set<ConfigField> fields) {
        EnumMap<ConfigField, List<String>> kept = new EnumMap<>(ConfigField.class);
        values.forEach((field, value) -> {
            if (fields.contains(field)) {
                kept.put(field, value);
            }
        });
        return new ConfigOverrides(kept);
    }

    /** Names only: values may carry a stream key or a meeting token. */
    @Override
    public String toString() {
        return "ConfigOverrides" + values.keySet();
    }
}
