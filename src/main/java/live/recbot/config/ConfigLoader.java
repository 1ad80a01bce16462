package live.recbot.config;

import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Reads the three config sources, each overriding the one before: a JSON file, RECBOT_*
 * environment variables, then command-line flags. The merged values are validated once into a
 * {@link RecbotConfig}; nothing else in recbot parses configuration.
 */
public final class ConfigLoader {
    public static final long MAX_FILE_BYTES = 1 << 20;
    /** What a start request of the control API may carry: the SDK's HMSRecordingConfig. */
    public static final Set<String> REQUEST_FIELDS = Set.of("meetingUrl", "rtmpUrls", "record", "resolution");
    static final Set<String> JSON_FIELDS = Set.of("meetingUrl", "rtmpUrls", "record", "resolution", "outputDir",
            "maxDuration", "statusFile", "endCondition", "pageLoadTimeout", "serverRecording", "rtmpRetryTimeout",
            "noMediaTimeout", "browserRecoveries");
    private static final ObjectMapper JSON = new ObjectMapper()
            .enable(com.fasterxml.jackson.databind.DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .enable(com.fasterxml.jackson.core.JsonParser.Feature.STRICT_DUPLICATE_DETECTION);

    private ConfigLoader() {
    }

    public static RecbotConfig load(Optional<Path> configFile, Map<String, String> env, ConfigOverrides flags) {
        ConfigOverrides merged = ConfigOverrides.NONE;
        if (configFile.isPresent()) {
            merged = fromFile(configFile.get()).over(merged);
        }
        merged = fromEnv(env).over(merged);
        merged = flags.over(merged);
        return build(merged);
    }

    public static RecbotConfig build(ConfigOverrides v) {
        if (v.meetingUrl() == null) {
            throw new ConfigException("meetingUrl", "is required (--meeting-url, RECBOT_MEETING_URL or \"meetingUrl\" in --config)");
        }
        URI meeting = Validation.parseUri("meetingUrl", v.meetingUrl());
        List<String> raw = v.rtmpUrls() == null ? List.of() : v.rtmpUrls();
        List<URI> rtmp = new ArrayList<>();
        for (int i = 0; i < raw.size(); i++) {
            rtmp.add(Validation.parseUri("rtmpUrls[" + i + "]", raw.get(i)));
        }
        HMSResolution resolution = v.resolution() == null ? HMSResolution.DEFAULT
                : HMSResolution.parse("resolution", v.resolution());
        HMSRecordingConfig recording = new HMSRecordingConfig(meeting, rtmp, Boolean.TRUE.equals(v.record()), resolution);
        return new RecbotConfig(recording, v.outputDir(),
                v.maxDuration() == null ? null : Durations.parse("maxDuration", v.maxDuration()),
                Optional.ofNullable(v.statusFile()), v.endCondition(),
                v.pageLoadTimeout() == null ? null : Durations.parse("pageLoadTimeout", v.pageLoadTimeout()),
                Boolean.TRUE.equals(v.serverRecording()),
                v.rtmpRetryTimeout() == null ? null : Durations.parse("rtmpRetryTimeout", v.rtmpRetryTimeout()),
                v.noMediaTimeout() == null ? null : Durations.parse("noMediaTimeout", v.noMediaTimeout()),
                v.browserRecoveries() == null ? RecbotConfig.DEFAULT_BROWSER_RECOVERIES
                        : count("browserRecoveries", v.browserRecoveries()));
    }

    static ConfigOverrides fromEnv(Map<String, String> env) {
        String rtmp = env.get("RECBOT_RTMP_URLS");
        String out = env.get("RECBOT_OUTPUT_DIR");
        String status = env.get("RECBOT_STATUS_FILE");
        return new ConfigOverrides(
                env.get("RECBOT_MEETING_URL"),
                rtmp == null ? null : Arrays.stream(rtmp.split("[,\\s]+")).filter(s -> !s.isEmpty()).toList(),
                parseBoolean("RECBOT_RECORD", env.get("RECBOT_RECORD")),
                env.get("RECBOT_RESOLUTION"),
                out == null || out.isBlank() ? null : Path.of(out),
                env.get("RECBOT_MAX_DURATION"),
                status == null || status.isBlank() ? null : Path.of(status),
                env.get("RECBOT_END_CONDITION"),
                env.get("RECBOT_PAGE_LOAD_TIMEOUT"),
                parseBoolean("RECBOT_SERVER_RECORDING", env.get("RECBOT_SERVER_RECORDING")),
                env.get("RECBOT_RTMP_RETRY_TIMEOUT"),
                env.get("RECBOT_NO_MEDIA_TIMEOUT"),
                env.get("RECBOT_BROWSER_RECOVERIES"));
    }

    private static int count(String field, String text) {
        try {
            return Integer.parseInt(text.trim());
        } catch (NumberFormatException e) {
            throw new ConfigException(field, "must be a whole number, got '" + text.trim() + "'");
        }
    }

    private static String countText(ObjectNode obj, String name) {
        JsonNode n = obj.get(name);
        if (n == null || n.isNull()) {
            return null;
        }
        if (!n.isIntegralNumber() || !n.canConvertToInt()) {
            throw new ConfigException(name, "must be a whole number, got " + kind(n));
        }
        return Integer.toString(n.intValue());
    }

    static Boolean parseBoolean(String field, String text) {
        if (text == null) {
            return null;
        }
        return switch (text.trim().toLowerCase(Locale.ROOT)) {
            case "true", "1", "yes", "on" -> true;
            case "false", "0", "no", "off" -> false;
            default -> throw new ConfigException(field, "must be true or false, got '" + text.trim() + "'");
        };
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
        return fromJson(new String(bytes, java.nio.charset.StandardCharsets.UTF_8), file.getFileName().toString());
    }

    /** Parses a JSON object with the fields of {@link #JSON_FIELDS}; anything else is refused. */
    public static ConfigOverrides fromJson(String json, String sourceName) {
        return fromJson(json, sourceName, JSON_FIELDS);
    }

    /** Parses a JSON object that may carry only {@code allowed} fields. */
    public static ConfigOverrides fromJson(String json, String sourceName, Set<String> allowed) {
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
        for (Iterator<String> it = obj.fieldNames(); it.hasNext(); ) {
            String name = it.next();
            if (!allowed.contains(name)) {
                throw new ConfigException(name, "is not a known field (known: " + String.join(", ",
                        allowed.stream().sorted().toList()) + ")");
            }
        }
        return new ConfigOverrides(
                string(obj, "meetingUrl"),
                stringList(obj, "rtmpUrls"),
                bool(obj, "record"),
                resolution(obj),
                Optional.ofNullable(string(obj, "outputDir")).map(Path::of).orElse(null),
                durationText(obj, "maxDuration"),
                Optional.ofNullable(string(obj, "statusFile")).map(Path::of).orElse(null),
                string(obj, "endCondition"),
                durationText(obj, "pageLoadTimeout"),
                bool(obj, "serverRecording"),
                durationText(obj, "rtmpRetryTimeout"),
                durationText(obj, "noMediaTimeout"),
                countText(obj, "browserRecoveries"));
    }

    private static String string(ObjectNode obj, String name) {
        JsonNode n = obj.get(name);
        if (n == null || n.isNull()) {
            return null;
        }
        if (!n.isTextual()) {
            throw new ConfigException(name, "must be a string, got " + kind(n));
        }
        return n.textValue();
    }

    private static Boolean bool(ObjectNode obj, String name) {
        JsonNode n = obj.get(name);
        if (n == null || n.isNull()) {
            return null;
        }
        if (!n.isBoolean()) {
            throw new ConfigException(name, "must be true or false, got " + kind(n));
        }
        return n.booleanValue();
    }

    private static List<String> stringList(ObjectNode obj, String name) {
        JsonNode n = obj.get(name);
        if (n == null || n.isNull()) {
            return null;
        }
        if (!n.isArray()) {
            throw new ConfigException(name, "must be an array of strings, got " + kind(n));
        }
        if (n.size() > HMSRecordingConfig.MAX_RTMP_URLS) {
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

    private static String durationText(ObjectNode obj, String name) {
        JsonNode n = obj.get(name);
        if (n == null || n.isNull()) {
            return null;
        }
        if (n.isIntegralNumber() && n.canConvertToLong()) {
            return Long.toString(n.longValue());
        }
        if (!n.isTextual()) {
            throw new ConfigException(name, "must be seconds or a duration string like \"15m\", got " + kind(n));
        }
        return n.textValue();
    }

    /** {"width": 1280, "height": 720}, or the string "1280x720". Returned as "WxH" text. */
    private static String resolution(ObjectNode obj) {
        JsonNode n = obj.get("resolution");
        if (n == null || n.isNull()) {
            return null;
        }
        if (n.isTextual()) {
            return n.textValue();
        }
        if (!n.isObject()) {
            throw new ConfigException("resolution", "must be an object {\"width\": W, \"height\": H}, got " + kind(n));
        }
        for (Iterator<String> it = n.fieldNames(); it.hasNext(); ) {
            String f = it.next();
            if (!f.equals("width") && !f.equals("height")) {
                throw new ConfigException("resolution." + f, "is not a known field (known: height, width)");
            }
        }
        return dimension(n, "width") + "x" + dimension(n, "height");
    }

    private static int dimension(JsonNode res, String name) {
        JsonNode d = res.get(name);
        String field = "resolution." + name;
        if (d == null || d.isNull()) {
            throw new ConfigException(field, "is required");
        }
        if (!d.isIntegralNumber() || !d.canConvertToInt()) {
            throw new ConfigException(field, "must be a whole number, got " + kind(d));
        }
        // The range is checked once the sources are merged: a value overridden later does not matter.
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
