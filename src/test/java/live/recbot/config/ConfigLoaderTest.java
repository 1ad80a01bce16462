package live.recbot.config;

import static live.recbot.config.ConfigErrors.MEETING_TOKEN;
import static live.recbot.config.ConfigErrors.MEETING_WITH_TOKEN;
import static live.recbot.config.ConfigErrors.RTMP_WITH_KEY;
import static live.recbot.config.ConfigErrors.STREAM_KEY;
import static live.recbot.config.ConfigErrors.STREAM_QUERY_TOKEN;
import static live.recbot.config.ConfigErrors.assertConfigError;
import static live.recbot.config.Flags.flags;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

class ConfigLoaderTest {
    /** A JSON string literal for the meeting URL that carries a token and a password. */
    private static final String MEETING = quote(MEETING_WITH_TOKEN);
    private static final String RTMP = quote(RTMP_WITH_KEY);
    private static final String FILE_NAME = "recbot.json";

    @TempDir
    Path dir;

    private static String quote(String s) {
        return "\"" + s.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }

    /** A valid object with {@code extraMembers}; a base member named again there is left out (duplicates are refused). */
    private static String withBase(String extraMembers) {
        java.util.List<String> members = new java.util.ArrayList<>();
        if (!extraMembers.contains("\"meetingUrl\"")) {
            members.add("\"meetingUrl\": " + MEETING);
        }
        if (!extraMembers.contains("\"rtmpUrls\"")) {
            members.add("\"rtmpUrls\": [" + RTMP + "]");
        }
        if (!extraMembers.isEmpty()) {
            members.add(extraMembers);
        }
        return "{" + String.join(", ", members) + "}";
    }

    private Path write(String json) throws IOException {
        return Files.writeString(dir.resolve(FILE_NAME), json, StandardCharsets.UTF_8);
    }

    private RecbotConfig loadJson(String json) throws IOException {
        return ConfigLoader.load(Optional.of(write(json)), Map.of(), ConfigOverrides.NONE);
    }

    private static RecbotConfig loadEnv(Map<String, String> env) {
        return ConfigLoader.load(Optional.empty(), env, ConfigOverrides.NONE);
    }

    // ================================================================ defaults and good paths

    @Test
    void defaultsApplyWhenOnlyTheRequiredFieldsAreGiven() throws IOException {
        RecbotConfig c = loadJson("{\"meetingUrl\": \"https://meet.example.com/room\", \"record\": true}");
        assertThat(c.recording().meetingUrl()).isEqualTo(URI.create("https://meet.example.com/room"));
        assertThat(c.recording().record()).isTrue();
        assertThat(c.recording().rtmpUrls()).isEmpty();
        assertThat(c.recording().streaming()).isFalse();
        assertThat(c.resolution()).isEqualTo(new HMSResolution(1280, 720));
        assertThat(c.recording().audioOnly()).isFalse();
        assertThat(c.maxDuration()).isEqualTo(Duration.ofHours(6));
        assertThat(c.endCondition()).isEqualTo("window.recbotMeetingEnded === true")
                .isEqualTo(WorkerSettings.DEFAULT_END_CONDITION);
        assertThat(c.pageLoadTimeout()).isEqualTo(Duration.ofSeconds(30));
        assertThat(c.statusFile()).isEmpty();
        assertThat(c.outputDir()).isAbsolute()
                .isEqualTo(Path.of("recordings").toAbsolutePath().normalize());
    }

    @Test
    void defaultsApplyWithoutAnyConfigFile() {
        RecbotConfig c = ConfigLoader.load(Optional.empty(), Map.of(),
                flags().meetingUrl("https://meet.example.com/r").rtmpUrls("rtmp://h.example.com/app/k").build());
        assertThat(c.recording().record()).isFalse();
        assertThat(c.recording().streaming()).isTrue();
        assertThat(c.resolution()).isEqualTo(HMSResolution.DEFAULT);
        assertThat(c.maxDuration()).isEqualTo(WorkerSettings.DEFAULT_MAX_DURATION);
        assertThat(c.outputDir()).isAbsolute();
    }

    @Test
    void everyFieldIsReadFromTheFile() throws IOException {
        RecbotConfig c = loadJson("""
                {
                  "meetingUrl": "https://meet.example.com/room?token=t0k3n",
                  "rtmpUrls": ["rtmp://a.example.com/live/k1", "rtmps://b.example.com:443/live/k2"],
                  "record": true,
                  "resolution": {"width": 720, "height": 1280},
                  "outputDir": "out/../recs",
                  "maxDuration": "1h30m",
                  "statusFile": "state/status.json",
                  "endCondition": "  document.title === 'ended'  ",
                  "pageLoadTimeout": 45
                }
                """);
        assertThat(c.recording().meetingUrl()).isEqualTo(URI.create("https://meet.example.com/room?token=t0k3n"));
        assertThat(c.recording().rtmpUrls()).containsExactly(URI.create("rtmp://a.example.com/live/k1"),
                URI.create("rtmps://b.example.com:443/live/k2"));
        assertThat(c.recording().record()).isTrue();
        assertThat(c.resolution()).isEqualTo(new HMSResolution(720, 1280));
        assertThat(c.outputDir()).isEqualTo(Path.of("recs").toAbsolutePath().normalize());
        assertThat(c.maxDuration()).isEqualTo(Duration.ofMinutes(90));
        assertThat(c.statusFile()).contains(Path.of("state/status.json").toAbsolutePath().normalize());
        assertThat(c.endCondition()).isEqualTo("document.title === 'ended'");
        assertThat(c.pageLoadTimeout()).isEqualTo(Duration.ofSeconds(45));
    }

    @Test
    void explicitJsonNullsMeanNotGiven() throws IOException {
        RecbotConfig c = loadJson("{\"meetingUrl\": \"https://meet.example.com/r\", \"record\": true, \"rtmpUrls\": null,"
                + " \"resolution\": null, \"outputDir\": null, \"maxDuration\": null, \"statusFile\": null,"
                + " \"endCondition\": null, \"pageLoadTimeout\": null}");
        assertThat(c.resolution()).isEqualTo(HMSResolution.DEFAULT);
        assertThat(c.maxDuration()).isEqualTo(WorkerSettings.DEFAULT_MAX_DURATION);
        assertThat(c.recording().rtmpUrls()).isEmpty();
        assertThat(c.statusFile()).isEmpty();
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "\"720x1280\"                     | 720  | 1280",
            "\"480x80\"                       | 480  | 80",
            "\"1920x1080\"                    | 1920 | 1080",
            "\"1080x1920\"                    | 1080 | 1920",
            "{\"width\": 720, \"height\": 1280} | 720  | 1280",
            "{\"height\": 80, \"width\": 480}   | 480  | 80",
            "{\"width\": 1920, \"height\": 1080} | 1920 | 1080"})
    void validResolutionsFromTheFile(String json, int width, int height) throws IOException {
        assertThat(loadJson(withBase("\"resolution\": " + json)).resolution()).isEqualTo(new HMSResolution(width, height));
    }

    @ParameterizedTest
    @CsvSource({"90,90", "20s,20", "15m,900", "2h,7200", "1h30m,5400", "PT15M,900", "24h,86400", "1s,1"})
    void maxDurationSpellings(String text, long seconds) throws IOException {
        assertThat(loadJson(withBase("\"maxDuration\": " + quote(text))).maxDuration()).hasSeconds(seconds);
        assertThat(loadEnv(Map.of("RECBOT_MEETING_URL", "https://m.example.com/r", "RECBOT_RECORD", "1",
                "RECBOT_MAX_DURATION", text)).maxDuration()).hasSeconds(seconds);
    }

    @Test
    void maxDurationAsAJsonNumberIsSeconds() throws IOException {
        assertThat(loadJson(withBase("\"maxDuration\": 90")).maxDuration()).isEqualTo(Duration.ofSeconds(90));
        assertThat(loadJson(withBase("\"pageLoadTimeout\": 5")).pageLoadTimeout()).isEqualTo(Duration.ofSeconds(5));
    }

    @Test
    void rtmpsAndUppercaseSchemesAreAccepted() throws IOException {
        RecbotConfig c = loadJson("{\"meetingUrl\": \"HTTPS://meet.example.com/r\", \"rtmpUrls\": "
                + "[\"rtmps://a.example.com/app/k\", \"RTMP://b.example.com/app/k\", \"RTMPS://c.example.com/app/k\"]}");
        assertThat(c.recording().rtmpUrls()).extracting(URI::getScheme).containsExactly("rtmps", "RTMP", "RTMPS");
        assertThat(c.recording().record()).isFalse();
    }

    @Test
    void recordFalseWithRtmpIsStreamingOnly() throws IOException {
        RecbotConfig c = loadJson(withBase("\"record\": false"));
        assertThat(c.recording().record()).isFalse();
        assertThat(c.recording().streaming()).isTrue();
    }

    @Test
    void blankEndConditionFallsBackToDefault() throws IOException {
        assertThat(loadJson(withBase("\"endCondition\": \"   \"")).endCondition())
                .isEqualTo(WorkerSettings.DEFAULT_END_CONDITION);
    }

    @Test
    void fileOfExactlyOneMebibyteIsAccepted() throws IOException {
        String json = withBase("");
        String padded = json + " ".repeat((int) ConfigLoader.MAX_FILE_BYTES - json.length());
        Path file = write(padded);
        assertThat(Files.size(file)).isEqualTo(ConfigLoader.MAX_FILE_BYTES);
        assertThat(ConfigLoader.load(Optional.of(file), Map.of(), ConfigOverrides.NONE).recording().streaming()).isTrue();
    }

    @Test
    void utf8ConfigIsReadAsUtf8() throws IOException {
        RecbotConfig c = loadJson(withBase("\"endCondition\": \"document.title === 'réunion terminée ✓'\""));
        assertThat(c.endCondition()).isEqualTo("document.title === 'réunion terminée ✓'");
    }

    // ================================================================ environment

    @ParameterizedTest
    @ValueSource(strings = {"rtmp://a.example.com/app/k1,rtmp://b.example.com/app/k2,rtmps://c.example.com/app/k3",
            "rtmp://a.example.com/app/k1, rtmp://b.example.com/app/k2 ,rtmps://c.example.com/app/k3",
            "rtmp://a.example.com/app/k1 rtmp://b.example.com/app/k2   rtmps://c.example.com/app/k3",
            " rtmp://a.example.com/app/k1\nrtmp://b.example.com/app/k2\trtmps://c.example.com/app/k3 ,",
            ",,rtmp://a.example.com/app/k1,,rtmp://b.example.com/app/k2, ,rtmps://c.example.com/app/k3"})
    void envRtmpUrlsAreSplitOnCommasAndWhitespace(String value) {
        RecbotConfig c = loadEnv(Map.of("RECBOT_MEETING_URL", "https://meet.example.com/r", "RECBOT_RTMP_URLS", value));
        assertThat(c.recording().rtmpUrls()).containsExactly(URI.create("rtmp://a.example.com/app/k1"),
                URI.create("rtmp://b.example.com/app/k2"), URI.create("rtmps://c.example.com/app/k3"));
    }

    @Test
    void fourEnvRtmpUrlsAreRefused() {
        assertConfigError(() -> loadEnv(Map.of("RECBOT_MEETING_URL", MEETING_WITH_TOKEN, "RECBOT_RTMP_URLS",
                        RTMP_WITH_KEY + ",rtmp://b.example.com/app/" + STREAM_KEY + ",rtmp://c.example.com/app/x,"
                                + "rtmp://d.example.com/app/y")),
                "rtmpUrls", "at most 3 URLs, got 4");
    }

    @ParameterizedTest
    @CsvSource({"true,true", "TRUE,true", "' yes ',true", "1,true", "on,true", "On,true", "false,false",
            "FALSE,false", "no,false", "0,false", "off,false"})
    void envRecordAcceptsCommonBooleanSpellings(String text, boolean expected) {
        RecbotConfig c = loadEnv(Map.of("RECBOT_MEETING_URL", "https://meet.example.com/r",
                "RECBOT_RTMP_URLS", "rtmp://h.example.com/app/k", "RECBOT_RECORD", text));
        assertThat(c.recording().record()).isEqualTo(expected);
    }

    @ParameterizedTest
    @ValueSource(strings = {"maybe", "yes please", "2", "-1", "t", "f", "y", "n", "enabled", "truee", ""})
    void envRecordRejectsAnythingElse(String text) {
        assertConfigError(() -> loadEnv(Map.of("RECBOT_MEETING_URL", MEETING_WITH_TOKEN, "RECBOT_RECORD", text)),
                "RECBOT_RECORD", "must be true or false, got '" + text.trim() + "'");
    }

    @Test
    void envBadValuesNameTheirField() {
        Map<String, String> base = Map.of("RECBOT_MEETING_URL", MEETING_WITH_TOKEN, "RECBOT_RECORD", "true");
        assertConfigError(() -> loadEnv(with(base, "RECBOT_RESOLUTION", "1280x")), "resolution", "WIDTHxHEIGHT");
        assertConfigError(() -> loadEnv(with(base, "RECBOT_MAX_DURATION", "15x")), "maxDuration", "'15x'");
        assertConfigError(() -> loadEnv(with(base, "RECBOT_MAX_DURATION", "25h")), "maxDuration", "at most 24h");
        assertConfigError(() -> loadEnv(with(base, "RECBOT_PAGE_LOAD_TIMEOUT", "0")), "pageLoadTimeout", "more than 0");
        assertConfigError(() -> loadEnv(with(base, "RECBOT_MEETING_URL", "file:///etc/passwd?token=" + MEETING_TOKEN)),
                "meetingUrl", "got scheme 'file'");
        assertConfigError(() -> loadEnv(with(base, "RECBOT_RTMP_URLS", "http://h.example.com/app/" + STREAM_KEY)),
                "rtmpUrls[0]", "got scheme 'http'");
    }

    @Test
    void blankEnvPathsAreIgnored() throws IOException {
        Path file = write(withBase("\"outputDir\": \"from-file\", \"statusFile\": \"file-status.json\""));
        RecbotConfig c = ConfigLoader.load(Optional.of(file),
                Map.of("RECBOT_OUTPUT_DIR", "  ", "RECBOT_STATUS_FILE", ""), ConfigOverrides.NONE);
        assertThat(c.outputDir()).isEqualTo(Path.of("from-file").toAbsolutePath());
        assertThat(c.statusFile()).contains(Path.of("file-status.json").toAbsolutePath());
    }

    @Test
    void unrelatedEnvironmentIsIgnored() {
        RecbotConfig c = loadEnv(Map.of("RECBOT_MEETING_URL", "https://meet.example.com/r", "RECBOT_RECORD", "yes",
                "RECBOT_UNKNOWN", "x", "PATH", "/usr/bin", "recbot_record", "maybe"));
        assertThat(c.recording().record()).isTrue();
    }

    private static Map<String, String> with(Map<String, String> base, String key, String value) {
        Map<String, String> m = new HashMap<>(base);
        m.put(key, value);
        return m;
    }

    // ================================================================ precedence: file < env < flags

    record Field(String name, String fileMember, String envName, String envValue, ConfigOverrides flagValue,
                 Function<RecbotConfig, Object> read, Object fromFile, Object fromEnv, Object fromFlags) {
        @Override
        public String toString() {
            return name;
        }
    }

    static Stream<Field> fields() {
        Path cwd = Path.of("").toAbsolutePath();
        return Stream.of(
                new Field("meetingUrl", "\"meetingUrl\": \"https://file.example.com/r\"",
                        "RECBOT_MEETING_URL", "https://env.example.com/r",
                        flags().meetingUrl("https://flag.example.com/r").build(),
                        c -> c.recording().meetingUrl().getHost(), "file.example.com", "env.example.com", "flag.example.com"),
                new Field("rtmpUrls", "\"rtmpUrls\": [\"rtmp://file.example.com/app/k\"]",
                        "RECBOT_RTMP_URLS", "rtmp://env.example.com/app/k rtmp://env2.example.com/app/k",
                        flags().rtmpUrls("rtmp://flag.example.com/app/k").build(),
                        c -> c.recording().rtmpUrls().stream().map(URI::getHost).toList(),
                        List.of("file.example.com"), List.of("env.example.com", "env2.example.com"),
                        List.of("flag.example.com")),
                new Field("record", "\"record\": true", "RECBOT_RECORD", "false", flags().record(true).build(),
                        c -> c.recording().record(), true, false, true),
                new Field("audioOnly", "\"audioOnly\": true", "RECBOT_AUDIO_ONLY", "false",
                        flags().audioOnly(true).build(), c -> c.recording().audioOnly(), true, false, true),
                new Field("resolution", "\"resolution\": {\"width\": 640, \"height\": 360}",
                        "RECBOT_RESOLUTION", "720x1280", flags().resolution("1920x1080").build(),
                        RecbotConfig::resolution, new HMSResolution(640, 360), new HMSResolution(720, 1280),
                        new HMSResolution(1920, 1080)),
                new Field("outputDir", "\"outputDir\": \"file-out\"", "RECBOT_OUTPUT_DIR", "env-out",
                        flags().outputDir(Path.of("flag-out")).build(), RecbotConfig::outputDir,
                        cwd.resolve("file-out"), cwd.resolve("env-out"), cwd.resolve("flag-out")),
                new Field("maxDuration", "\"maxDuration\": \"15m\"", "RECBOT_MAX_DURATION", "2h",
                        flags().maxDuration("90").build(), RecbotConfig::maxDuration,
                        Duration.ofMinutes(15), Duration.ofHours(2), Duration.ofSeconds(90)),
                new Field("statusFile", "\"statusFile\": \"file-status.json\"", "RECBOT_STATUS_FILE", "env-status.json",
                        flags().statusFile(Path.of("flag-status.json")).build(), RecbotConfig::statusFile,
                        Optional.of(cwd.resolve("file-status.json")), Optional.of(cwd.resolve("env-status.json")),
                        Optional.of(cwd.resolve("flag-status.json"))),
                new Field("endCondition", "\"endCondition\": \"fileEnded\"", "RECBOT_END_CONDITION", "envEnded",
                        flags().endCondition("flagEnded").build(), RecbotConfig::endCondition,
                        "fileEnded", "envEnded", "flagEnded"),
                new Field("pageLoadTimeout", "\"pageLoadTimeout\": \"10s\"", "RECBOT_PAGE_LOAD_TIMEOUT", "1m",
                        flags().pageLoadTimeout("PT2M").build(), RecbotConfig::pageLoadTimeout,
                        Duration.ofSeconds(10), Duration.ofMinutes(1), Duration.ofMinutes(2)));
    }

    /** The base every precedence case starts from, unless the field under test replaces a member. */
    private static String precedenceFile(Field f) {
        Map<String, String> members = new java.util.LinkedHashMap<>();
        members.put("meetingUrl", "\"meetingUrl\": \"https://base.example.com/r\"");
        members.put("rtmpUrls", "\"rtmpUrls\": [\"rtmp://base.example.com/app/k\"]");
        members.put(f.name(), f.fileMember());
        return "{" + String.join(", ", members.values()) + "}";
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("fields")
    void fileValueIsUsedWhenNothingOverridesIt(Field f) throws IOException {
        Path file = write(precedenceFile(f));
        RecbotConfig c = ConfigLoader.load(Optional.of(file), Map.of("RECBOT_OTHER", "x"), ConfigOverrides.NONE);
        assertThat(f.read().apply(c)).isEqualTo(f.fromFile());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("fields")
    void envOverridesFile(Field f) throws IOException {
        Path file = write(precedenceFile(f));
        RecbotConfig c = ConfigLoader.load(Optional.of(file), Map.of(f.envName(), f.envValue()), ConfigOverrides.NONE);
        assertThat(f.read().apply(c)).isEqualTo(f.fromEnv());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("fields")
    void flagsOverrideEnvAndFile(Field f) throws IOException {
        Path file = write(precedenceFile(f));
        RecbotConfig c = ConfigLoader.load(Optional.of(file), Map.of(f.envName(), f.envValue()), f.flagValue());
        assertThat(f.read().apply(c)).isEqualTo(f.fromFlags());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("fields")
    void flagsOverrideFileWithoutEnv(Field f) throws IOException {
        Path file = write(precedenceFile(f));
        RecbotConfig c = ConfigLoader.load(Optional.of(file), Map.of(), f.flagValue());
        assertThat(f.read().apply(c)).isEqualTo(f.fromFlags());
    }

    @Test
    void eachSourceOnlyOverridesWhatItSets() throws IOException {
        Path file = write("{\"meetingUrl\": \"https://file.example.com/r\", \"record\": true, \"maxDuration\": \"15m\","
                + " \"resolution\": \"640x360\"}");
        RecbotConfig c = ConfigLoader.load(Optional.of(file), Map.of("RECBOT_MAX_DURATION", "2h"),
                flags().resolution("720x1280").build());
        assertThat(c.recording().meetingUrl().getHost()).isEqualTo("file.example.com");
        assertThat(c.recording().record()).isTrue();
        assertThat(c.maxDuration()).isEqualTo(Duration.ofHours(2));
        assertThat(c.resolution()).isEqualTo(new HMSResolution(720, 1280));
    }

    @Test
    void aValidLaterSourceRepairsAnInvalidEarlierValue() throws IOException {
        Path file = write("{\"meetingUrl\": \"file:///etc/passwd\", \"record\": true, \"resolution\": \"1281x720\"}");
        RecbotConfig c = ConfigLoader.load(Optional.of(file), Map.of("RECBOT_MEETING_URL", "https://env.example.com/r"),
                flags().resolution("1280x720").build());
        assertThat(c.recording().meetingUrl().getHost()).isEqualTo("env.example.com");
        assertThat(c.resolution()).isEqualTo(HMSResolution.DEFAULT);
    }

    @Test
    void anOutOfRangeResolutionObjectOverriddenLaterDoesNotMatter() throws IOException {
        Path file = write(withBase("\"resolution\": {\"width\": 4000, \"height\": 7}"));
        RecbotConfig c = ConfigLoader.load(Optional.of(file), Map.of("RECBOT_RESOLUTION", "640x360"), ConfigOverrides.NONE);
        assertThat(c.resolution()).isEqualTo(new HMSResolution(640, 360));
        assertConfigError(() -> ConfigLoader.load(Optional.of(file), Map.of(), ConfigOverrides.NONE),
                "resolution.width", "must be between 64 and 1920, got 4000");
    }

    @Test
    void overridesOverMergesFieldByField() {
        ConfigOverrides base = overrides("m1", List.of("r1"), "true", "1x1", "o1", "1s", "s1", "e1", "2s", "false",
                "4s", "5s", "1");
        ConfigOverrides top = overrides(null, List.of(), null, "2x2", null, null, "s2", null, "3s", "true",
                null, "6s", null);
        ConfigOverrides merged = top.over(base);
        assertThat(merged).isEqualTo(overrides("m1", List.of(), "true", "2x2", "o1", "1s",
                "s2", "e1", "3s", "true", "4s", "6s", "1"));
        assertThat(ConfigOverrides.NONE.over(base)).isEqualTo(base);
        assertThat(base.over(ConfigOverrides.NONE)).isEqualTo(base);
    }

    /** Overrides from values in the table's order, the fields past {@code rest} not given; a null means "not given". */
    private static ConfigOverrides overrides(String meetingUrl, List<String> rtmpUrls, String... rest) {
        ConfigOverrides o = ConfigOverrides.NONE.with(ConfigField.MEETING_URL, meetingUrl)
                .with(ConfigField.RTMP_URLS, rtmpUrls);
        ConfigField[] others = java.util.Arrays.copyOfRange(ConfigField.values(), 2, ConfigField.values().length);
        for (int i = 0; i < rest.length; i++) {
            o = o.with(others[i], rest[i]);
        }
        return o;
    }

    // ================================================================ bad JSON content

    static Stream<Arguments> badJsonMembers() {
        return Stream.of(
                // meetingUrl / string fields
                Arguments.of("\"meetingUrl\": 42", "meetingUrl", "must be a string, got a number (42)"),
                Arguments.of("\"meetingUrl\": [" + MEETING + "]", "meetingUrl", "must be a string, got an array"),
                Arguments.of("\"meetingUrl\": {\"url\": " + MEETING + "}", "meetingUrl", "must be a string, got an object"),
                Arguments.of("\"meetingUrl\": true", "meetingUrl", "must be a string, got a boolean"),
                Arguments.of("\"meetingUrl\": \"ftp://files.example.com/r?token=" + MEETING_TOKEN + "\"", "meetingUrl",
                        "must be an http:// or https:// URL, got scheme 'ftp'"),
                Arguments.of("\"meetingUrl\": \"\"", "meetingUrl", "must not be empty"),
                Arguments.of("\"outputDir\": true", "outputDir", "must be a string, got a boolean"),
                Arguments.of("\"statusFile\": {}", "statusFile", "must be a string, got an object"),
                Arguments.of("\"endCondition\": []", "endCondition", "must be a string, got an array"),
                Arguments.of("\"endCondition\": 1", "endCondition", "must be a string, got a number (1)"),
                // rtmpUrls
                Arguments.of("\"rtmpUrls\": " + RTMP, "rtmpUrls", "must be an array of strings, got a string"),
                Arguments.of("\"rtmpUrls\": {\"0\": " + RTMP + "}", "rtmpUrls", "must be an array of strings, got an object"),
                Arguments.of("\"rtmpUrls\": 3", "rtmpUrls", "must be an array of strings, got a number (3)"),
                Arguments.of("\"rtmpUrls\": true", "rtmpUrls", "must be an array of strings, got a boolean"),
                Arguments.of("\"rtmpUrls\": [" + RTMP + ", 42]", "rtmpUrls[1]", "must be a string, got a number (42)"),
                Arguments.of("\"rtmpUrls\": [null]", "rtmpUrls[0]", "must be a string, got null"),
                Arguments.of("\"rtmpUrls\": [" + RTMP + ", {\"url\": \"x\"}]", "rtmpUrls[1]", "must be a string, got an object"),
                Arguments.of("\"rtmpUrls\": [[" + RTMP + "]]", "rtmpUrls[0]", "must be a string, got an array"),
                Arguments.of("\"rtmpUrls\": [false]", "rtmpUrls[0]", "must be a string, got a boolean"),
                Arguments.of("\"rtmpUrls\": [" + RTMP + ", \"rtmp://b.example.com/app/k2\", \"rtmp://c.example.com/app/k3\","
                        + " \"rtmp://d.example.com/app/k4\"]", "rtmpUrls", "at most 3 URLs, got 4"),
                Arguments.of("\"rtmpUrls\": [\"http://live.example.com/app/" + STREAM_KEY + "\"]", "rtmpUrls[0]",
                        "must be an rtmp:// or rtmps:// URL, got scheme 'http'"),
                Arguments.of("\"rtmpUrls\": [\"rtmp:///app/" + STREAM_KEY + "\"]", "rtmpUrls[0]", "must name a host"),
                Arguments.of("\"rtmpUrls\": [\"rtmp://live.example.com/app\"]", "rtmpUrls[0]", "application and a stream path"),
                Arguments.of("\"rtmpUrls\": [\"rtmp://live.example.com/\"]", "rtmpUrls[0]", "application and a stream path"),
                Arguments.of("\"rtmpUrls\": [\"rtmp://live.example.com\"]", "rtmpUrls[0]", "application and a stream path"),
                Arguments.of("\"rtmpUrls\": [\"rtmp://live.example.com:0/app/" + STREAM_KEY + "\"]", "rtmpUrls[0]",
                        "port must be between 1 and 65535"),
                Arguments.of("\"rtmpUrls\": [\"rtmp://live.example.com:70000/app/" + STREAM_KEY + "\"]", "rtmpUrls[0]",
                        "port must be between 1 and 65535"),
                Arguments.of("\"rtmpUrls\": [\"rtmp://live.example.com/app/" + STREAM_KEY + "#f\"]", "rtmpUrls[0]",
                        "must not have a #fragment"),
                Arguments.of("\"rtmpUrls\": [" + RTMP + ", " + RTMP + "]", "rtmpUrls", "each URL may appear only once"),
                Arguments.of("\"rtmpUrls\": [], \"record\": false", "record",
                        "set record or hls to true or give at least one rtmpUrls entry"),
                Arguments.of("\"rtmpUrls\": null", "record", "set record or hls to true or give at least one rtmpUrls entry"),
                // record
                Arguments.of("\"record\": \"true\"", "record", "must be true or false, got a string"),
                Arguments.of("\"record\": 1", "record", "must be true or false, got a number (1)"),
                Arguments.of("\"record\": [true]", "record", "must be true or false, got an array"),
                Arguments.of("\"record\": {}", "record", "must be true or false, got an object"),
                // resolution
                Arguments.of("\"resolution\": \"1281x720\"", "resolution.width", "must be an even number, got 1281"),
                Arguments.of("\"resolution\": \"1280x719\"", "resolution.height", "must be an even number, got 719"),
                Arguments.of("\"resolution\": \"62x720\"", "resolution.width", "must be between 64 and 1920, got 62"),
                Arguments.of("\"resolution\": \"1280x32\"", "resolution.height", "must be between 64 and 1920, got 32"),
                Arguments.of("\"resolution\": \"2560x1440\"", "resolution.width", "must be between 64 and 1920, got 2560"),
                Arguments.of("\"resolution\": \"1920x1920\"", "resolution", "must be at most 2073600 pixels"),
                Arguments.of("\"resolution\": \"abc\"", "resolution", "must look like WIDTHxHEIGHT, e.g. 1280x720, got 'abc'"),
                Arguments.of("\"resolution\": \"1280x\"", "resolution", "must look like WIDTHxHEIGHT, e.g. 1280x720, got '1280x'"),
                Arguments.of("\"resolution\": \"x720\"", "resolution", "must look like WIDTHxHEIGHT, e.g. 1280x720, got 'x720'"),
                Arguments.of("\"resolution\": \"\"", "resolution", "must look like WIDTHxHEIGHT"),
                Arguments.of("\"resolution\": \"-1280x720\"", "resolution.width", "must be between 64 and 1920, got -1280"),
                Arguments.of("\"resolution\": {\"width\": -1280, \"height\": 720}", "resolution.width",
                        "must be between 64 and 1920, got -1280"),
                Arguments.of("\"resolution\": {\"width\": 1281, \"height\": 720}", "resolution.width", "must be an even number"),
                Arguments.of("\"resolution\": {\"width\": 1280, \"height\": 2000}", "resolution.height",
                        "must be between 64 and 1920, got 2000"),
                Arguments.of("\"resolution\": {\"width\": 1920, \"height\": 1920}", "resolution", "must be at most 2073600 pixels"),
                Arguments.of("\"resolution\": {\"width\": 1280, \"height\": 720, \"fps\": 30}", "resolution.fps",
                        "is not a known field (known: height, width)"),
                Arguments.of("\"resolution\": {\"w\": 1280, \"h\": 720}", "resolution.w", "is not a known field"),
                Arguments.of("\"resolution\": {\"width\": 1280}", "resolution.height", "is required"),
                Arguments.of("\"resolution\": {\"height\": 720}", "resolution.width", "is required"),
                Arguments.of("\"resolution\": {\"width\": 1280, \"height\": null}", "resolution.height", "is required"),
                Arguments.of("\"resolution\": {}", "resolution.width", "is required"),
                Arguments.of("\"resolution\": {\"width\": 1280.5, \"height\": 720}", "resolution.width",
                        "must be a whole number, got a number (1280.5)"),
                Arguments.of("\"resolution\": {\"width\": 1280, \"height\": 720.0}", "resolution.height",
                        "must be a whole number, got a number (720.0)"),
                Arguments.of("\"resolution\": {\"width\": \"1280\", \"height\": 720}", "resolution.width",
                        "must be a whole number, got a string"),
                Arguments.of("\"resolution\": {\"width\": 1280, \"height\": true}", "resolution.height",
                        "must be a whole number, got a boolean"),
                Arguments.of("\"resolution\": {\"width\": 3000000000, \"height\": 720}", "resolution.width",
                        "must be a whole number"),
                Arguments.of("\"resolution\": 1280", "resolution", "must be an object {\"width\": W, \"height\": H}, got a number (1280)"),
                Arguments.of("\"resolution\": [1280, 720]", "resolution", "must be an object {\"width\": W, \"height\": H}, got an array"),
                Arguments.of("\"resolution\": true", "resolution", "got a boolean"),
                // maxDuration / pageLoadTimeout
                Arguments.of("\"maxDuration\": \"0\"", "maxDuration", "must be more than 0 and at most 24h"),
                Arguments.of("\"maxDuration\": 0", "maxDuration", "must be more than 0 and at most 24h"),
                Arguments.of("\"maxDuration\": \"0s\"", "maxDuration", "must be more than 0 and at most 24h"),
                Arguments.of("\"maxDuration\": \"-5\"", "maxDuration", "must be a duration like 90, 20s, 15m, 2h or 1h30m, got '-5'"),
                Arguments.of("\"maxDuration\": -5", "maxDuration", "must be a duration like 90, 20s, 15m, 2h or 1h30m, got '-5'"),
                Arguments.of("\"maxDuration\": \"25h\"", "maxDuration", "must be more than 0 and at most 24h"),
                Arguments.of("\"maxDuration\": \"24h1s\"", "maxDuration", "must be more than 0 and at most 24h"),
                Arguments.of("\"maxDuration\": 86401", "maxDuration", "must be more than 0 and at most 24h"),
                Arguments.of("\"maxDuration\": \"PT-5M\"", "maxDuration", "must be more than 0 and at most 24h"),
                Arguments.of("\"maxDuration\": \"abc\"", "maxDuration", "got 'abc'"),
                Arguments.of("\"maxDuration\": \"15x\"", "maxDuration", "got '15x'"),
                Arguments.of("\"maxDuration\": \"\"", "maxDuration", "got ''"),
                Arguments.of("\"maxDuration\": 1.5", "maxDuration",
                        "must be seconds or a duration string like \"15m\", got a number (1.5)"),
                Arguments.of("\"maxDuration\": true", "maxDuration", "must be seconds or a duration string like \"15m\", got a boolean"),
                Arguments.of("\"maxDuration\": [\"15m\"]", "maxDuration", "got an array"),
                Arguments.of("\"pageLoadTimeout\": \"0\"", "pageLoadTimeout", "must be more than 0"),
                Arguments.of("\"pageLoadTimeout\": \"PT-1S\"", "pageLoadTimeout", "must be more than 0"),
                Arguments.of("\"pageLoadTimeout\": \"soon\"", "pageLoadTimeout", "got 'soon'"),
                Arguments.of("\"pageLoadTimeout\": {}", "pageLoadTimeout", "got an object"),
                // unknown fields
                Arguments.of("\"meetingURL\": \"https://x.example.com/r\"", "meetingURL", "is not a known field (known: "
                        + "allowedMeetingHosts, allowedRtmpHosts, allowedWebhookHosts, audioOnly, browserRecoveries, deleteAfterUpload, endCondition, hls, maxDuration, meetingUrl, noMediaTimeout, outputDir, pageLoadTimeout, record, resolution, rtmpRetryTimeout, rtmpUrls, sandbox, serverRecording, statusFile, uploadTimeout, uploadUrl)"),
                Arguments.of("\"streamKey\": \"" + STREAM_KEY + "\"", "streamKey", "is not a known field"),
                Arguments.of("\"rtmpUrl\": " + RTMP, "rtmpUrl", "is not a known field"),
                Arguments.of("\"\": 1", "", "is not a known field"));
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @MethodSource("badJsonMembers")
    void badJsonValueNamesItsFieldAndRule(String members, String field, String rule) throws IOException {
        String json = withBase(members);
        assertConfigError(() -> loadJson(json), field, rule);
        assertConfigError(() -> ConfigLoader.build(ConfigLoader.fromJson(json, "inline")), field, rule);
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @CsvSource(delimiter = '|', value = {
            "{\"meetingUrl\": \"https://m.example.com/r\", \"record\": true} trailing garbage | is not valid JSON",
            "{\"meetingUrl\": \"https://m.example.com/r\", \"record\": true}}                | is not valid JSON",
            "{\"meetingUrl\": \"https://m.example.com/r\", \"record\": true}{\"record\": false} | is not valid JSON",
            "{\"record\": false, \"meetingUrl\": \"https://m.example.com/r\", \"record\": true} | has a field twice"})
    void trailingContentAndDuplicateFieldsAreRefused(String json, String rule) throws IOException {
        assertConfigError(() -> loadJson(json), FILE_NAME, rule);
    }

    @Test
    void unknownFieldIsRefusedEvenWhenEverythingElseIsValid() {
        assertConfigError(() -> ConfigLoader.fromJson("{\"meetingUrl\": \"https://m.example.com/r\", \"record\": true,"
                + " \"extra\": null}", "c.json"), "extra", "is not a known field");
    }

    // ================================================================ bad JSON documents and files

    @ParameterizedTest(name = "[{index}] {0}")
    @CsvSource(delimiter = '|', value = {
            "[]                          | must be a JSON object, got an array",
            "[{\"record\": true}]         | must be a JSON object, got an array",
            "\"https://m.example.com/r\"  | must be a JSON object, got a string",
            "42                          | must be a JSON object, got a number (42)",
            "true                        | must be a JSON object, got a boolean",
            "null                        | must be a JSON object, got null"})
    void nonObjectRootIsRefused(String json, String rule) throws IOException {
        assertConfigError(() -> loadJson(json), FILE_NAME, rule);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", " ", "\n\n\t  \n"})
    void emptyFileIsRefused(String content) throws IOException {
        assertConfigError(() -> loadJson(content), FILE_NAME, "is empty; expected a JSON object");
    }

    @ParameterizedTest(name = "[{index}] line {1}")
    @CsvSource(delimiter = '|', value = {
            "'{\n  \"record\": tru\n}'                     | 2 | 16",
            "'{\"record\": true,}'                         | 1 | 18",
            "'{\n\n   \"record\" true}'                    | 3 | 13",
            "'{\"meetingUrl\": \"https://m.example.com/r'  | 1 | 40",
            "'{record: true}'                             | 1 | 3",
            "'{\"record\": true // comment\n}'             | 1 | 18",
            "'{\"a\": 1'                                  | 1 | 9",
            "'}'                                          | 1 | 2"})
    void malformedJsonReportsLineAndColumn(String json, int line, int column) throws IOException {
        ConfigException e = assertConfigError(() -> loadJson(json), FILE_NAME, "is not valid JSON (line " + line + ", column ");
        assertThat(e.rule()).matches("is not valid JSON \\(line " + line + ", column \\d+\\)");
        int reported = Integer.parseInt(e.rule().replaceAll(".*column (\\d+)\\)", "$1"));
        assertThat(reported).as("column").isBetween(Math.max(1, column - 1), column + 1);
    }

    @Test
    void malformedJsonDoesNotEchoItsContent() throws IOException {
        String json = "{\"meetingUrl\": " + MEETING + ",\n \"rtmpUrls\": [" + RTMP + "],\n \"record\": yes}";
        ConfigException e = assertConfigError(() -> loadJson(json), FILE_NAME, "is not valid JSON (line 3, column ");
        assertThat(e.getMessage()).doesNotContain("yes", "meet.example.com", "live.example.com");
    }

    @Test
    void missingConfigFileIsRefused() {
        Path missing = dir.resolve("nope.json");
        assertConfigError(() -> ConfigLoader.load(Optional.of(missing), Map.of(), ConfigOverrides.NONE),
                "--config", "file not found: " + missing);
    }

    @Test
    void directoryAsConfigFileIsRefused() {
        assertConfigError(() -> ConfigLoader.load(Optional.of(dir), Map.of(), ConfigOverrides.NONE),
                "--config", dir + " is a directory, not a JSON file");
    }

    @Test
    void configFileLargerThanOneMebibyteIsRefused() throws IOException {
        String json = withBase("");
        Path file = write(json + " ".repeat((int) ConfigLoader.MAX_FILE_BYTES - json.length() + 1));
        assertThat(Files.size(file)).isEqualTo(ConfigLoader.MAX_FILE_BYTES + 1);
        assertConfigError(() -> ConfigLoader.load(Optional.of(file), Map.of(), ConfigOverrides.NONE),
                "--config", "is larger than 1 MiB");
    }

    @Test
    void brokenConfigFileFailsEvenWhenEnvAndFlagsAreComplete() throws IOException {
        Path file = write("{\"record\": \"yes\"}");
        assertConfigError(() -> ConfigLoader.load(Optional.of(file), Map.of("RECBOT_RECORD", "true"),
                flags().meetingUrl("https://m.example.com/r").record(true).build()), "record", "got a string");
    }

    // ================================================================ secrets

    @Test
    void noErrorAboutAnotherFieldCarriesTheUrlSecrets() throws IOException {
        // Every member below is invalid while the meeting URL and the RTMP URL (with their secrets) are valid.
        Map<String, String> memberToField = Map.of(
                "\"resolution\": \"1281x720\"", "resolution.width",
                "\"maxDuration\": \"25h\"", "maxDuration",
                "\"record\": \"no\"", "record",
                "\"pageLoadTimeout\": \"x\"", "pageLoadTimeout",
                "\"foo\": 1", "foo",
                "\"resolution\": {\"width\": 1, \"height\": 720}", "resolution.width",
                "\"statusFile\": 7", "statusFile");
        for (Map.Entry<String, String> m : memberToField.entrySet()) {
            ConfigException e = assertConfigError(() -> loadJson(withBase(m.getKey())), m.getValue());
            assertThat(e.getMessage()).doesNotContain(MEETING_TOKEN, STREAM_KEY, STREAM_QUERY_TOKEN);
        }
    }

}
