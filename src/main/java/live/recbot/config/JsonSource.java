package live.recbot.config;

import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Reads a JSON config object (a file or a request body) into {@link ConfigOverrides}, checking JSON types. */
final class JsonSource {
    static final long MAX_FILE_BYTES = 1 << 20;
    private static final ObjectMapper JSON = new ObjectMapper()
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);

    private JsonSource() {
    }

    static ConfigOverrides fromFile(Path file) {
        String field = "--config";
        byte[] bytes;
        try {
            if (Files.isDirectory(file)) {
                throw new ConfigException(field, file + " is a directory, not a JSON file");
            }
            if (Files.size(file) > MAX_FILE_BYTES) {
                throw new ConfigException(field, file + " is larger than 1 MiB");
            }
            bytes = Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            throw new ConfigException(field, "file not found: " + file);
        } catch (IOException e) {
            throw new ConfigException(field, "cannot read " + file + ": " + e.getClass().getSimpleName());
        }
        return fromJson(new String(bytes, StandardCharsets.UTF_8), file.getFileName().toString(),
                Set.of(ConfigField.values()));
    }

    static ConfigOverrides fromJson(String json, String sourceName, Set<ConfigField> allowed) {
        ObjectNode obj = object(json, sourceName);
        for (Iterator<String> it = obj.fieldNames(); it.hasNext(); ) {
            String name = it.next();
            if (ConfigField.byJson(name).filter(f -> !f.nested()).filter(allowed::contains).isEmpty()) {
                throw new ConfigException(name, "is not a known field (known: " + String.join(", ",
                        allowed.stream().filter(f -> !f.nested()).map(ConfigField::json).sorted().toList()) + ")");
            }
        }
        ConfigOverrides read = ConfigOverrides.NONE;
        for (ConfigField f : ConfigField.values()) {
            JsonNode n = f.nested() ? null : obj.get(f.json());
            if (n == null || n.isNull()) {
                continue;
            }
            if (f == ConfigField.HLS && n.isObject()) {
                read = hls(read, n);
                continue;
            }
            read = f.kind() == ConfigField.Kind.LIST ? read.with(f, stringList(f.json(), n)) : read.with(f, text(f, n));
        }
        return read;
    }

    /**
     * A JSON object whose fields are lists of strings, each at most {@code max} long; {@code fields}
     * are the names it may carry, and a field left out or null reads as an empty list.
     */
    static Map<String, List<String>> stringLists(String json, String sourceName, List<String> fields, int max) {
        ObjectNode obj = object(json, sourceName);
        for (Iterator<String> it = obj.fieldNames(); it.hasNext(); ) {
            String name = it.next();
            if (!fields.contains(name)) {
                throw new ConfigException(name, "is not a known field (known: " + String.join(", ", fields) + ")");
            }
        }
        Map<String, List<String>> lists = new LinkedHashMap<>();
        for (String f : fields) {
            JsonNode n = obj.get(f);
            if (n != null && n.isArray() && n.size() > max) {
                throw new ConfigException(f, "at most " + max + " URLs, got " + n.size());
            }
            lists.put(f, n == null || n.isNull() ? List.of() : stringList(f, n));
        }
        return lists;
    }

    /** {@code "hls": {"segmentSeconds": 4}}: the object asks for HLS, with its fields or their defaults. */
    private static ConfigOverrides hls(ConfigOverrides read, JsonNode n) {
        ConfigField seconds = ConfigField.HLS_SEGMENT_SECONDS;
        for (Iterator<String> it = n.fieldNames(); it.hasNext(); ) {
            String f = it.next();
            if (!f.equals(seconds.nestedName())) {
                throw new ConfigException(ConfigField.HLS.json() + "." + f, "is not a known field (known: "
                        + seconds.nestedName() + ")");
            }
        }
        ConfigOverrides hls = read.with(ConfigField.HLS, "true");
        JsonNode s = n.get(seconds.nestedName());
        return s == null || s.isNull() ? hls : hls.with(seconds, text(seconds, s));
    }

    private static ObjectNode object(String json, String sourceName) {
        JsonNode root;
        try {
            root = JSON.readTree(json);
        } catch (JsonParseException e) {
            String why = e.getOriginalMessage() != null && e.getOriginalMessage().startsWith("Duplicate field")
                    ? "has a field twice" : "is not valid JSON";
            throw new ConfigException(sourceName, why + " (line " + e.getLocation().getLineNr()
                    + ", column " + e.getLocation().getColumnNr() + ")");
        } catch (JsonProcessingException e) {
            throw new ConfigException(sourceName, "is not valid JSON");
        }
        if (root == null || root.isMissingNode()) {
            throw new ConfigException(sourceName, "is empty; expected a JSON object");
        }
        if (!(root instanceof ObjectNode obj)) {
            throw new ConfigException(sourceName, "must be a JSON object, got " + kind(root));
        }
        return obj;
    }

    private static String text(ConfigField f, JsonNode n) {
        String name = f.json();
        return switch (f.kind()) {
            case TEXT, PATH -> {
                if (!n.isTextual()) {
                    throw new ConfigException(name, "must be a string, got " + kind(n));
                }
                yield n.textValue();
            }
            case BOOLEAN -> {
                if (!n.isBoolean()) {
                    throw new ConfigException(name, "must be true or false"
                            + (f == ConfigField.HLS ? " or {\"segmentSeconds\": N}" : "") + ", got " + kind(n));
                }
                yield Boolean.toString(n.booleanValue());
            }
            case DURATION -> {
                if (n.isIntegralNumber() && n.canConvertToLong()) {
                    yield Long.toString(n.longValue());
                }
                if (!n.isTextual()) {
                    throw new ConfigException(name, "must be seconds or a duration string like \"15m\", got " + kind(n));
                }
                yield n.textValue();
            }
            case COUNT -> {
                if (!n.isIntegralNumber() || !n.canConvertToInt()) {
                    throw new ConfigException(name, "must be a whole number, got " + kind(n));
                }
                yield Integer.toString(n.intValue());
            }
            case RESOLUTION -> resolution(name, n);
            case LIST -> throw new IllegalArgumentException(name + " is a list");
        };
    }

    private static List<String> stringList(String name, JsonNode n) {
        if (!n.isArray()) {
            throw new ConfigException(name, "must be an array of strings, got " + kind(n));
        }
        if (name.equals(ConfigField.RTMP_URLS.json()) && n.size() > HMSRecordingConfig.MAX_RTMP_URLS) {
            throw new ConfigException(name, "at most " + HMSRecordingConfig.MAX_RTMP_URLS + " URLs, got " + n.size());
        }
        List<String> out = new ArrayList<>();
        for (int i = 0; i < n.size(); i++) {
            if (!n.get(i).isTextual()) {
                throw new ConfigException(name + "[" + i + "]", "must be a string, got " + kind(n.get(i)));
            }
            out.add(n.get(i).textValue());
        }
        return out;
    }

    /** {"width": 1280, "height": 720}, or the string "1280x720". Returned as "WxH" text. */
    private static String resolution(String name, JsonNode n) {
        if (n.isTextual()) {
            return n.textValue();
        }
        if (!n.isObject()) {
            throw new ConfigException(name, "must be an object {\"width\": W, \"height\": H}, got " + kind(n));
        }
        for (Iterator<String> it = n.fieldNames(); it.hasNext(); ) {
            String f = it.next();
            if (!f.equals("width") && !f.equals("height")) {
                throw new ConfigException(name + "." + f, "is not a known field (known: height, width)");
            }
        }
        return dimension(n, name + ".width") + "x" + dimension(n, name + ".height");
    }

    /** The range is checked once the sources are merged, since a value overridden later does not matter. */
    private static int dimension(JsonNode res, String field) {
        JsonNode d = res.get(field.substring(field.indexOf('.') + 1));
        if (d == null || d.isNull()) {
            throw new ConfigException(field, "is required");
        }
        if (!d.isIntegralNumber() || !d.canConvertToInt()) {
            throw new ConfigException(field, "must be a whole number, got " + kind(d));
        }
        return d.intValue();
    }

    private static String kind(JsonNode n) {
        if (n.isTextual()) {
            return "a string";
        }
        if (n.isNumber()) {
            return "a number (" + n.asText() + ")";
        }
        if (n.isBoolean()) {
            return "a boolean";
        }
        if (n.isArray()) {
            return "an array";
        }
        if (n.isObject()) {
            return "an object";
        }
        return "null";
    }
}
