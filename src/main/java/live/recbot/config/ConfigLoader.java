package live.recbot.config;

import java.net.URI;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Reads the three config sources, each overriding the one before: a JSON file, RECBOT_*
 * environment variables, then command-line flags; the fields, their names and their defaults come
 * from {@link ConfigField}. Nothing else in recbot parses configuration.
 */
public final class ConfigLoader {
    public static final long MAX_FILE_BYTES = JsonSource.MAX_FILE_BYTES;

    private ConfigLoader() {
    }

    /** The merged sources as one validated session configuration: request and worker settings. */
    public static RecbotConfig load(Optional<Path> configFile, Map<String, String> env, ConfigOverrides flags) {
        return build(merge(configFile, env, flags));
    }

    /** The sources merged, not yet validated: file, then environment, then flags. */
    public static ConfigOverrides merge(Optional<Path> configFile, Map<String, String> env, ConfigOverrides flags) {
        ConfigOverrides merged = configFile.map(JsonSource::fromFile).orElse(ConfigOverrides.NONE);
        merged = fromEnv(env).over(merged);
        return flags.over(merged);
    }

    /** The request is checked before the settings, so its field is the one named when both are wrong. */
    public static RecbotConfig build(ConfigOverrides given) {
        HMSRecordingConfig request = request(given);
        return new RecbotConfig(settings(given), request);
    }

    /** The session request's fields of {@code given}, over the table's defaults. */
    public static HMSRecordingConfig request(ConfigOverrides given) {
        ConfigField meetingField = ConfigField.MEETING_URL;
        String meetingText = given.text(meetingField).orElseThrow(() -> new ConfigException(meetingField.json(),
                "is required (" + meetingField.flag() + ", " + meetingField.env() + " or \"" + meetingField.json()
                        + "\" in --config)"));
        URI meeting = Validation.parseUri(meetingField.json(), meetingText);
        ConfigOverrides v = given.over(ConfigOverrides.defaults());
        List<String> raw = v.list(ConfigField.RTMP_URLS).orElseThrow();
        List<URI> rtmp = new ArrayList<>();
        for (int i = 0; i < raw.size(); i++) {
            rtmp.add(Validation.parseUri(ConfigField.RTMP_URLS.json() + "[" + i + "]", raw.get(i)));
        }
        HMSResolution resolution = HMSResolution.parse(ConfigField.RESOLUTION.json(), text(v, ConfigField.RESOLUTION));
        return new HMSRecordingConfig(meeting, rtmp, bool(v, ConfigField.RECORD), resolution, hls(given, v),
                bool(v, ConfigField.AUDIO_ONLY));
    }

    /**
     * The HLS rendition, if asked for. A segment length given with no word on HLS at all is refused
     * rather than ignored; one that {@code hls: false} overrides is not.
     */
    private static Optional<HlsSettings> hls(ConfigOverrides given, ConfigOverrides v) {
        ConfigField seconds = ConfigField.HLS_SEGMENT_SECONDS;
        if (!bool(v, ConfigField.HLS)) {
            if (given.has(seconds) && !given.has(ConfigField.HLS)) {
                throw new ConfigException(seconds.json(), "needs " + ConfigField.HLS.json() + ": set "
                        + ConfigField.HLS.flag() + " or leave the segment length out");
            }
            return Optional.empty();
        }
        return Optional.of(new HlsSettings(count(v, seconds)));
    }

    /** The worker settings of {@code given}, over the table's defaults. */
    public static WorkerSettings settings(ConfigOverrides given) {
        ConfigOverrides v = given.over(ConfigOverrides.defaults());
        return new WorkerSettings(
                Path.of(text(v, ConfigField.OUTPUT_DIR)),
                duration(v, ConfigField.MAX_DURATION),
                v.text(ConfigField.STATUS_FILE).map(Path::of),
                text(v, ConfigField.END_CONDITION),
                duration(v, ConfigField.PAGE_LOAD_TIMEOUT),
                bool(v, ConfigField.SERVER_RECORDING),
                duration(v, ConfigField.RTMP_RETRY_TIMEOUT),
                duration(v, ConfigField.NO_MEDIA_TIMEOUT),
                count(v, ConfigField.BROWSER_RECOVERIES),
                new AllowedHosts(hosts(v, ConfigField.ALLOWED_MEETING_HOSTS), hosts(v, ConfigField.ALLOWED_RTMP_HOSTS),
                        hosts(v, ConfigField.ALLOWED_WEBHOOK_HOSTS)),
                upload(v), bool(v, ConfigField.SANDBOX));
    }

    /** The upload's fields: none without an {@code uploadUrl}, and then none of the others may be asked for. */
    private static Optional<UploadSettings> upload(ConfigOverrides v) {
        boolean delete = bool(v, ConfigField.DELETE_AFTER_UPLOAD);
        java.time.Duration timeout = duration(v, ConfigField.UPLOAD_TIMEOUT);
        Optional<String> url = v.text(ConfigField.UPLOAD_URL).filter(u -> !u.isBlank());
        if (url.isEmpty()) {
            if (delete) {
                throw new ConfigException(ConfigField.DELETE_AFTER_UPLOAD.json(), "needs "
                        + ConfigField.UPLOAD_URL.json() + ": without an upload the recording is the only copy");
            }
            return Optional.empty();
        }
        return Optional.of(new UploadSettings(UploadUrl.parse(ConfigField.UPLOAD_URL.json(), url.get()), delete,
                timeout));
    }

    /** Parses a JSON object that may carry any field of the table; anything else is refused. */
    public static ConfigOverrides fromJson(String json, String sourceName) {
        return JsonSource.fromJson(json, sourceName, Set.of(ConfigField.values()));
    }

    /** Parses a JSON object that may carry only {@code allowed} fields. */
    public static ConfigOverrides fromJson(String json, String sourceName, Set<ConfigField> allowed) {
        return JsonSource.fromJson(json, sourceName, allowed);
    }

    /** Each field's RECBOT_* variable; a blank path counts as not given, a list splits on commas and whitespace. */
    static ConfigOverrides fromEnv(Map<String, String> env) {
        ConfigOverrides read = ConfigOverrides.NONE;
        for (ConfigField f : ConfigField.values()) {
            String value = env.get(f.env());
            if (value == null) {
                continue;
            }
            read = switch (f.kind()) {
                case LIST -> read.with(f, Arrays.stream(value.split("[,\\s]+")).filter(s -> !s.isEmpty()).toList());
                case BOOLEAN -> read.with(f, Boolean.toString(parseBoolean(f.env(), value)));
                case PATH -> value.isBlank() ? read : read.with(f, value);
                default -> read.with(f, value);
            };
        }
        return read;
    }

    static boolean parseBoolean(String field, String text) {
        return switch (text.trim().toLowerCase(Locale.ROOT)) {
            case "true", "1", "yes", "on" -> true;
            case "false", "0", "no", "off" -> false;
            default -> throw new ConfigException(field, "must be true or false, got '" + text.trim() + "'");
        };
    }

    private static String text(ConfigOverrides v, ConfigField f) {
        return v.text(f).orElseThrow(() -> new IllegalStateException(f.json() + " has no default"));
    }

    private static boolean bool(ConfigOverrides v, ConfigField f) {
        return parseBoolean(f.json(), text(v, f));
    }

    private static java.time.Duration duration(ConfigOverrides v, ConfigField f) {
        return Durations.parse(f.json(), text(v, f));
    }

    private static live.recbot.core.HostPolicy hosts(ConfigOverrides v, ConfigField f) {
        return AllowedHosts.policy(f, v.list(f).orElseThrow());
    }

    private static int count(ConfigOverrides v, ConfigField f) {
        String t = text(v, f).trim();
        try {
            return Integer.parseInt(t);
        } catch (NumberFormatException e) {
            throw new ConfigException(f.json(), "must be a whole number, got '" + t + "'");
        }
    }
}
