package live.recbot.config;

import java.util.Arrays;
import java.util.EnumSet;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * The one table of configuration fields: the JSON name, the RECBOT_* environment variable and the
 * flag are derived from or declared here, with the field's kind, its default and its rule, so the
 * loader, the command-line options and the README table cannot disagree.
 */
public enum ConfigField {
    MEETING_URL("meetingUrl", "URL", Kind.TEXT, Scope.REQUEST, null,
            "an `http://` or `https://` URL with a host; see `allowedMeetingHosts`"),
    RTMP_URLS("rtmpUrls", "URL", Kind.LIST, Scope.REQUEST, null,
            "0 to 3 distinct `rtmp://` or `rtmps://` URLs with a host and an `app/stream` path; "
                    + "a list's flag repeats, its variable is comma/space separated"),
    RECORD("record", null, Kind.BOOLEAN, Scope.REQUEST, "false",
            "record to a file in `outputDir`; `record`, `hls` or `rtmpUrls` is required"),
    HLS("hls", null, Kind.BOOLEAN, Scope.REQUEST, "false",
            "a live HLS rendition of the same encode (fMP4, `recbot-<time>-hls/`); JSON also "
                    + "`{\"segmentSeconds\": N}`"),
    HLS_SEGMENT_SECONDS("hls.segmentSeconds", "N", Kind.COUNT, Scope.REQUEST, "4",
            "1 to 30: each HLS segment's length; a keyframe starts every segment"),
    RESOLUTION("resolution", "WxH", Kind.RESOLUTION, Scope.REQUEST, "1280x720",
            "`WxH` (JSON also `{\"width\": W, \"height\": H}`); even sides 64 to 1920, "
                    + "at most 1920x1080 pixels in all"),
    AUDIO_ONLY("audioOnly", null, Kind.BOOLEAN, Scope.REQUEST, "false",
            "the sound alone: an AAC `.m4a`, FLV with audio only; no screen capture or video encode"),
    OUTPUT_DIR("outputDir", "DIR", Kind.PATH, Scope.WORKER, "recordings",
            "where recordings go; created if missing"),
    MAX_DURATION("maxDuration", "DURATION", Kind.DURATION, Scope.WORKER, "6h",
            "a session ends after this long: `90` (seconds), `20s`, `15m`, `1h30m` or `PT15M`; at most 24h"),
    STATUS_FILE("statusFile", "FILE", Kind.PATH, Scope.WORKER, null,
            "keep the status document (JSON) here"),
    END_CONDITION("endCondition", "JS", Kind.TEXT, Scope.WORKER, "window.recbotMeetingEnded === true",
            "JavaScript; the meeting has ended once it is true"),
    PAGE_LOAD_TIMEOUT("pageLoadTimeout", "DURATION", Kind.DURATION, Scope.WORKER, "30s",
            "how long the meeting page may take to load; more than 0"),
    SERVER_RECORDING("serverRecording", null, Kind.BOOLEAN, Scope.WORKER, "false",
            "an archival recording in its own file, for the worker's whole life"),
    RTMP_RETRY_TIMEOUT("rtmpRetryTimeout", "DURATION", Kind.DURATION, Scope.WORKER, "60s",
            "how long an RTMP output may stay down, reconnecting, before it fails"),
    NO_MEDIA_TIMEOUT("noMediaTimeout", "DURATION", Kind.DURATION, Scope.WORKER, "10m",
            "a session ends after this long of silence and a frozen picture; `0` never"),
    BROWSER_RECOVERIES("browserRecoveries", "N", Kind.COUNT, Scope.WORKER, "3",
            "0 to 20 restarts of a crashed or hung browser before the session fails"),
    SANDBOX("sandbox", null, Kind.BOOLEAN, Scope.WORKER, "true",
            "Chromium's sandbox (needs unprivileged user namespaces); always off as root"),
    ALLOWED_MEETING_HOSTS("allowedMeetingHosts", "HOST", Kind.LIST, Scope.WORKER, null,
            "if set, the only meeting hosts (`*.example.com`: names under it); the tab cannot navigate off "
                    + "them. Link-local and metadata hosts need an exact entry in every list"),
    ALLOWED_RTMP_HOSTS("allowedRtmpHosts", "HOST", Kind.LIST, Scope.WORKER, null,
            "the same for `rtmpUrls`"),
    ALLOWED_WEBHOOK_HOSTS("allowedWebhookHosts", "HOST", Kind.LIST, Scope.WORKER, null,
            "the same for `--webhook-url`"),
    UPLOAD_URL("uploadUrl", "URL", Kind.TEXT, Scope.WORKER, null,
            "`s3://bucket/prefix/`: upload each finalised recording and its manifest there (see Upload)"),
    DELETE_AFTER_UPLOAD("deleteAfterUpload", null, Kind.BOOLEAN, Scope.WORKER, "false",
            "remove the local file once its upload is confirmed; needs `uploadUrl`"),
    UPLOAD_TIMEOUT("uploadTimeout", "DURATION", Kind.DURATION, Scope.WORKER, "15m",
            "an upload's limit, retries included; at most 24h. A failed upload keeps the file");

    /** How a source spells the value, which decides how JSON and the environment are read. */
    public enum Kind { TEXT, PATH, LIST, BOOLEAN, RESOLUTION, DURATION, COUNT }

    /** A worker setting is read once at launch; a request field comes with every start. */
    public enum Scope { WORKER, REQUEST }

    private final String json;
    private final String paramLabel;
    private final Kind kind;
    private final Scope scope;
    private final String defaultText;
    private final String rule;

    ConfigField(String json, String paramLabel, Kind kind, Scope scope, String defaultText, String rule) {
        this.json = json;
        this.paramLabel = paramLabel;
        this.kind = kind;
        this.scope = scope;
        this.defaultText = defaultText;
        this.rule = rule;
    }

    public String json() {
        return json;
    }

    public String env() {
        return "RECBOT_" + name();
    }

    /** The flag: the JSON name (a nested one's path) in kebab case, singular for a list since the flag repeats. */
    public String flag() {
        String kebab = "--" + json.replace('.', '-').replaceAll("([A-Z])", "-$1").toLowerCase(Locale.ROOT);
        return kind == Kind.LIST ? kebab.replaceAll("s$", "") : kebab;
    }

    /** The flag's parameter label; empty for a boolean, whose flag takes none. */
    public Optional<String> paramLabel() {
        return Optional.ofNullable(paramLabel);
    }

    public Kind kind() {
        return kind;
    }

    public Scope scope() {
        return scope;
    }

    /** The value used when no source gives one, spelled as a source would; empty when there is none. */
    public Optional<String> defaultText() {
        return Optional.ofNullable(defaultText);
    }

    /** Only the meeting has no default: without one there is nothing to record. */
    public boolean required() {
        return this == MEETING_URL;
    }

    /** What the value means and the rule it must follow, in one line of markdown. */
    public String rule() {
        return rule;
    }

    /** A field that JSON spells inside its parent's object ({@code "hls": {"segmentSeconds": 4}}), not at the top. */
    public boolean nested() {
        return json.indexOf('.') >= 0;
    }

    /** The name inside the parent's object of a {@link #nested()} field. */
    String nestedName() {
        return json.substring(json.indexOf('.') + 1);
    }

    public static Set<ConfigField> of(Scope scope) {
        EnumSet<ConfigField> fields = EnumSet.noneOf(ConfigField.class);
        Arrays.stream(values()).filter(f -> f.scope == scope).forEach(fields::add);
        return fields;
    }

    public static Optional<ConfigField> byJson(String name) {
        return Arrays.stream(values()).filter(f -> f.json.equals(name)).findFirst();
    }
}
