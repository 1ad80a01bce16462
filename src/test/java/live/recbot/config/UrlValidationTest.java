package live.recbot.config;

import static live.recbot.config.ConfigErrors.MEETING_TOKEN;
import static live.recbot.config.ConfigErrors.MEETING_WITH_TOKEN;
import static live.recbot.config.ConfigErrors.RTMP_PASSWORD;
import static live.recbot.config.ConfigErrors.RTMP_WITH_KEY;
import static live.recbot.config.ConfigErrors.STREAM_KEY;
import static live.recbot.config.ConfigErrors.STREAM_QUERY_TOKEN;
import static live.recbot.config.ConfigErrors.assertConfigError;
import static live.recbot.config.Flags.flags;
import static live.recbot.config.Flags.recording;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/** The URL rules of {@link Validation} and {@link HMSRecordingConfig}, reached through {@link ConfigLoader#build}. */
class UrlValidationTest {
    private static final String Q = "?token=" + MEETING_TOKEN;
    private static final String KEY = "/app/" + STREAM_KEY + "?auth=" + STREAM_QUERY_TOKEN;
    private static final String SCHEME_RULE = "must be an http:// or https:// URL, got scheme ";
    private static final String RTMP_SCHEME_RULE = "must be an rtmp:// or rtmps:// URL, got scheme ";
    private static final String PATH_RULE = "must have an application and a stream path, like rtmp://host/app/stream";

    // ---------------------------------------------------------------- meetingUrl

    @Test
    void missingMeetingUrlIsRequiredAndNamesEverySource() {
        assertConfigError(() -> ConfigLoader.build(flags().record(true).build()), "meetingUrl",
                "is required", "--meeting-url", "RECBOT_MEETING_URL", "\"meetingUrl\"");
    }

    static Stream<Arguments> badMeetingUrls() {
        return Stream.of(
                Arguments.of("file:///etc/passwd" + Q, SCHEME_RULE + "'file'"),
                Arguments.of("data:text/html;base64,PGgxPmhpPC9oMT4=" + Q, SCHEME_RULE + "'data'"),
                Arguments.of("javascript:alert(document.cookie)//" + Q, SCHEME_RULE + "'javascript'"),
                Arguments.of("chrome://settings/passwords" + Q, SCHEME_RULE + "'chrome'"),
                Arguments.of("about:blank" + Q, SCHEME_RULE + "'about'"),
                Arguments.of("ftp://files.example.com/room" + Q, SCHEME_RULE + "'ftp'"),
                Arguments.of("ws://meet.example.com/room" + Q, SCHEME_RULE + "'ws'"),
                Arguments.of("rtmp://meet.example.com/app/" + STREAM_KEY, SCHEME_RULE + "'rtmp'"),
                Arguments.of("//meet.example.com/room" + Q, SCHEME_RULE + "''"),
                Arguments.of("/room/abc" + Q, SCHEME_RULE + "''"),
                Arguments.of("room/abc" + Q, SCHEME_RULE + "''"),
                Arguments.of("", "must not be empty"),
                Arguments.of("   ", "must not be empty"),
                Arguments.of("\t\n", "must not be empty"),
                Arguments.of("https://meet.example.com/room abc" + Q, "must not contain spaces or control characters"),
                Arguments.of("https://meet.example.com/room" + Q + " extra", "must not contain spaces or control characters"),
                Arguments.of("https://meet.example.com/room\tabc" + Q, "must not contain spaces or control characters"),
                Arguments.of("https://meet.example.com/room\nabc" + Q, "must not contain spaces or control characters"),
                Arguments.of("https://meet.example.com/room\u0000" + Q, "must not contain spaces or control characters"),
                Arguments.of("https://meet.example.com/room\u001b[31m" + Q, "must not contain spaces or control characters"),
                Arguments.of("https://meet.example.com/room\u007f" + Q, "is not a valid URL"),
                Arguments.of("https://meet.example.com/room" + Q + "%zz", "is not a valid URL"),
                Arguments.of("https://meet.example.com/<room>" + Q, "is not a valid URL"),
                Arguments.of("https:///room" + Q, "must name a host"),
                Arguments.of("https:room" + Q, "must name a host"),
                Arguments.of("https://under_score.example.com/room" + Q, "must name a host"),
                Arguments.of("https://meet.example.com:99999/room" + Q, "port must be between 1 and 65535"),
                Arguments.of("https://meet.example.com:0/room" + Q, "port must be between 1 and 65535"));
    }

    @ParameterizedTest
    @MethodSource("badMeetingUrls")
    void badMeetingUrlIsRefusedWithoutEchoingIt(String url, String rule) {
        ConfigException e = assertConfigError(() -> ConfigLoader.build(recording(url).build()), "meetingUrl", rule);
        if (url.contains(Q)) {
            assertThat(e.getMessage()).doesNotContain(MEETING_TOKEN, "meet.example.com", "files.example.com");
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"https://meet.example.com/room", "http://localhost:8080/room", "HTTPS://Meet.Example.com/room",
            "Http://meet.example.com", "https://meet.example.com/room?token=abc&x=%20y#frag",
            "https://user:pw@meet.example.com/room", "  https://meet.example.com/padded  "})
    void goodMeetingUrlIsAccepted(String url) {
        RecbotConfig c = ConfigLoader.build(recording(url).build());
        assertThat(c.recording().meetingUrl()).isEqualTo(URI.create(url.trim()));
    }

    @Test
    void meetingUrlWithSecretsIsKeptVerbatimForTheBrowser() {
        RecbotConfig c = ConfigLoader.build(recording(MEETING_WITH_TOKEN).build());
        assertThat(c.recording().meetingUrl().toString()).isEqualTo(MEETING_WITH_TOKEN);
    }

    // ---------------------------------------------------------------- rtmpUrls

    static Stream<Arguments> badRtmpUrls() {
        return Stream.of(
                Arguments.of("http://live.example.com" + KEY, RTMP_SCHEME_RULE + "'http'"),
                Arguments.of("https://live.example.com" + KEY, RTMP_SCHEME_RULE + "'https'"),
                Arguments.of("srt://live.example.com" + KEY, RTMP_SCHEME_RULE + "'srt'"),
                Arguments.of("file:///tmp" + KEY, RTMP_SCHEME_RULE + "'file'"),
                Arguments.of("live.example.com" + KEY, RTMP_SCHEME_RULE + "''"),
                Arguments.of("/app/" + STREAM_KEY, RTMP_SCHEME_RULE + "''"),
                Arguments.of("rtmp:///app/" + STREAM_KEY, "must name a host"),
                Arguments.of("rtmp:app/" + STREAM_KEY, "must name a host"),
                Arguments.of("rtmp://bad_host.example.com" + KEY, "must name a host"),
                Arguments.of("rtmp://live.example.com/app", PATH_RULE),
                Arguments.of("rtmp://live.example.com/app?auth=" + STREAM_QUERY_TOKEN, PATH_RULE),
                Arguments.of("rtmp://live.example.com/app/", PATH_RULE),
                Arguments.of("rtmp://live.example.com/", PATH_RULE),
                Arguments.of("rtmp://live.example.com", PATH_RULE),
                Arguments.of("rtmp://live.example.com//" + STREAM_KEY, PATH_RULE),
                Arguments.of("rtmp://live.example.com:0" + KEY, "port must be between 1 and 65535"),
                Arguments.of("rtmp://live.example.com:70000" + KEY, "port must be between 1 and 65535"),
                Arguments.of("rtmp://live.example.com:65536" + KEY, "port must be between 1 and 65535"),
                Arguments.of("rtmp://live.example.com/app/" + STREAM_KEY + "#frag", "must not have a #fragment"),
                Arguments.of(RTMP_WITH_KEY + "#" + STREAM_KEY, "must not have a #fragment"),
                Arguments.of("rtmp://live.example.com/app/" + STREAM_KEY + " x", "must not contain spaces or control characters"),
                Arguments.of("rtmp://live.example.com/app/\u0001" + STREAM_KEY, "must not contain spaces or control characters"),
                Arguments.of("rtmp://live.example.com/app/" + STREAM_KEY + "?auth=%G0", "is not a valid URL"),
                Arguments.of("", "must not be empty"),
                Arguments.of("  ", "must not be empty"));
    }

    @ParameterizedTest
    @MethodSource("badRtmpUrls")
    void badRtmpUrlIsRefusedWithoutEchoingItsKey(String url, String rule) {
        assertConfigError(() -> ConfigLoader.build(recording("https://meet.example.com/r").rtmpUrls(url).build()),
                "rtmpUrls[0]", rule);
    }

    @Test
    void surroundingWhitespaceAndControlCharactersAreTrimmed() {
        RecbotConfig c = ConfigLoader.build(recording(" https://meet.example.com/r\n")
                .rtmpUrls("\trtmp://live.example.com/app/key\r\n").build());
        assertThat(c.recording().meetingUrl()).isEqualTo(URI.create("https://meet.example.com/r"));
        assertThat(c.recording().rtmpUrls()).containsExactly(URI.create("rtmp://live.example.com/app/key"));
    }

    @Test
    void theFieldNamesTheIndexOfTheBadUrl() {
        assertConfigError(() -> ConfigLoader.build(recording("https://meet.example.com/r")
                        .rtmpUrls("rtmp://a.example.com/app/one", RTMP_WITH_KEY, "http://c.example.com/app/" + STREAM_KEY)
                        .build()),
                "rtmpUrls[2]", RTMP_SCHEME_RULE + "'http'");
        assertConfigError(() -> ConfigLoader.build(recording("https://meet.example.com/r")
                        .rtmpUrls("rtmp://a.example.com/app/one", "rtmp://b.example.com/app")
                        .build()),
                "rtmpUrls[1]", PATH_RULE);
    }

    @Test
    void nullRtmpUrlFromFlagsIsEmpty() {
        assertConfigError(() -> ConfigLoader.build(recording("https://meet.example.com/r")
                .rtmpUrls("rtmp://a.example.com/app/one", null).build()), "rtmpUrls[1]", "must not be empty");
    }

    @Test
    void atMostThreeRtmpUrls() {
        assertConfigError(() -> ConfigLoader.build(recording("https://meet.example.com/r")
                        .rtmpUrls(RTMP_WITH_KEY, "rtmp://b.example.com/app/" + STREAM_KEY,
                                "rtmps://c.example.com/app/" + STREAM_KEY, "rtmp://d.example.com/app/" + STREAM_KEY)
                        .build()),
                "rtmpUrls", "at most 3 URLs, got 4");
    }

    @Test
    void threeRtmpUrlsAreAccepted() {
        RecbotConfig c = ConfigLoader.build(flags().meetingUrl("https://meet.example.com/r")
                .rtmpUrls("rtmp://a.example.com/app/k1", "rtmp://b.example.com/app/k2", "rtmps://c.example.com/app/k3")
                .build());
        assertThat(c.recording().rtmpUrls()).extracting(URI::getHost)
                .containsExactly("a.example.com", "b.example.com", "c.example.com");
        assertThat(c.recording().streaming()).isTrue();
        assertThat(c.recording().record()).isFalse();
    }

    @Test
    void duplicateRtmpUrlsAreRefused() {
        assertConfigError(() -> ConfigLoader.build(recording("https://meet.example.com/r")
                .rtmpUrls(RTMP_WITH_KEY, "rtmp://other.example.com/app/x", RTMP_WITH_KEY).build()),
                "rtmpUrls", "each URL may appear only once");
    }

    @Test
    void duplicatesDifferingOnlyInSchemeAndHostCaseAreRefused() {
        assertConfigError(() -> ConfigLoader.build(recording("https://meet.example.com/r")
                .rtmpUrls("rtmp://live.example.com/app/" + STREAM_KEY, "RTMP://LIVE.example.com/app/" + STREAM_KEY)
                .build()), "rtmpUrls", "each URL may appear only once");
    }

    @Test
    void sameHostWithDifferentKeysIsNotADuplicate() {
        RecbotConfig c = ConfigLoader.build(recording("https://meet.example.com/r")
                .rtmpUrls("rtmp://live.example.com/app/k1", "rtmp://live.example.com/app/k2").build());
        assertThat(c.recording().rtmpUrls()).hasSize(2);
    }

    @ParameterizedTest
    @ValueSource(strings = {"rtmp://live.example.com/app/key", "rtmps://live.example.com:443/app/key",
            "RTMP://live.example.com/app/key", "RtMpS://live.example.com/app/key",
            "rtmp://live.example.com:1935/app/inst/key?auth=x&y=z", "rtmp://user:pw@live.example.com/app/key",
            "rtmp://10.0.0.5:1935/live/key", "rtmp://[::1]:1935/live/key", "rtmp://live.example.com:65535/app/key",
            "rtmp://live.example.com:1/app/key", "rtmp://live.example.com/app//key"})
    void goodRtmpUrlIsAccepted(String url) {
        RecbotConfig c = ConfigLoader.build(flags().meetingUrl("https://meet.example.com/r").rtmpUrls(url).build());
        assertThat(c.recording().rtmpUrls()).containsExactly(URI.create(url));
    }

    @Test
    void neitherRecordNorRtmpIsRefused() {
        assertConfigError(() -> ConfigLoader.build(flags().meetingUrl(MEETING_WITH_TOKEN).build()),
                "record", "set record or hls to true or give at least one rtmpUrls entry");
        assertConfigError(() -> ConfigLoader.build(flags().meetingUrl(MEETING_WITH_TOKEN).record(false).build()),
                "record", "set record or hls to true or give at least one rtmpUrls entry");
        assertConfigError(() -> ConfigLoader.build(flags().meetingUrl(MEETING_WITH_TOKEN).record(false).rtmpUrls().build()),
                "record", "set record or hls to true or give at least one rtmpUrls entry");
    }

    // ---------------------------------------------------------------- HMSRecordingConfig directly

    @Test
    void recordingConfigValidatesOnConstruction() {
        URI meeting = URI.create("https://meet.example.com/r");
        assertConfigError(() -> new HMSRecordingConfig(null, List.of(), true, null), "meetingUrl", "is required");
        assertConfigError(() -> new HMSRecordingConfig(URI.create("file:///x"), List.of(), true, null),
                "meetingUrl", SCHEME_RULE + "'file'");
        assertConfigError(() -> new HMSRecordingConfig(meeting, List.of(URI.create("rtmp://h.example.com/app")), true, null),
                "rtmpUrls[0]", PATH_RULE);
        assertConfigError(() -> new HMSRecordingConfig(meeting, List.of(), false, null),
                "record", "set record or hls to true");
    }

    @Test
    void recordingConfigDefaultsResolutionAndCopiesUrls() {
        java.util.ArrayList<URI> urls = new java.util.ArrayList<>(List.of(URI.create("rtmp://h.example.com/app/k")));
        HMSRecordingConfig c = new HMSRecordingConfig(URI.create("https://meet.example.com/r"), urls, false, null);
        urls.clear();
        assertThat(c.resolution()).isEqualTo(HMSResolution.DEFAULT);
        assertThat(c.rtmpUrls()).hasSize(1);
        assertThat(c.streaming()).isTrue();
        assertThat(new HMSRecordingConfig(URI.create("https://meet.example.com/r"), List.of(), true, null).streaming())
                .isFalse();
    }

    @Test
    void rtmpSecretsNeverAppearInAnyRtmpError() {
        String[] bad = {RTMP_WITH_KEY.replace("rtmp://", "http://"), RTMP_WITH_KEY.replace(":1935", ":0"),
                RTMP_WITH_KEY + "#x", RTMP_WITH_KEY.replace("live.example.com", "bad_host"), RTMP_WITH_KEY + " ",
                RTMP_WITH_KEY.replace("?", " ?")};
        for (String url : bad) {
            ConfigException e = org.assertj.core.api.Assertions.catchThrowableOfType(ConfigException.class,
                    () -> ConfigLoader.build(recording(MEETING_WITH_TOKEN).rtmpUrls(url).build()));
            if (url.endsWith(" ")) {
                assertThat(e).isNull(); // trailing blank is trimmed
                continue;
            }
            assertThat(e).as(url).isNotNull();
            assertThat(e.getMessage()).doesNotContain(STREAM_KEY, STREAM_QUERY_TOKEN, RTMP_PASSWORD, "live.example.com");
        }
    }

    @Test
    void nullRtmpEntryIsAConfigErrorNotACrash() {
        java.util.List<URI> urls = new java.util.ArrayList<>();
        urls.add(URI.create("rtmp://h/app/k1"));
        urls.add(null);
        assertConfigError(() -> new HMSRecordingConfig(URI.create("https://meet.example.com/r"), urls, true, null),
                "rtmpUrls[1]", "must not be null");
    }
}
