package live.recbot.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class RedactorTest {
    private static final String KEY = "live_8f3a9c2d1e";
    private static final String RTMP = "rtmp://pub:Pa55word@ingest.example.com:1935/app/" + KEY + "?auth=Z9y8X7w6";
    private static final String TOKEN = "eyJhbGciOiJIUzI1NiJ9.payload.sig";
    private static final String MEETING = "https://bot:MeetPa55@meet.example.com/room/abc?token=" + TOKEN + "&role=bot";

    /** The meeting URL and RTMP URLs of one request, in the order {@link Redactor#of} takes them. */
    private record Urls(URI meeting, List<URI> rtmp) {
    }

    private static Urls config(String meeting, String... rtmp) {
        return new Urls(URI.create(meeting), java.util.Arrays.stream(rtmp).map(URI::create).toList());
    }

    private static Redactor redactorOf(Urls urls) {
        return Redactor.of(urls.meeting(), urls.rtmp());
    }

    // ---------------------------------------------------------------- rtmpUrl

    @ParameterizedTest
    @CsvSource({
            "rtmp://user:pw@host:1935/app/key?x=1, rtmp://host:1935/app/***",
            "rtmp://host/app/key, rtmp://host/app/***",
            "rtmps://live.example.com:443/live2/abc-def, rtmps://live.example.com:443/live2/***",
            "rtmp://a.example.com/app/inst/key, rtmp://a.example.com/app/inst/***",
            "rtmp://10.1.2.3/app/key?token=abc&x=y, rtmp://10.1.2.3/app/***",
            "rtmp://[::1]:1935/app/key, rtmp://[::1]:1935/app/***",
            "rtmp://user@host/app/key, rtmp://host/app/***"})
    void rtmpUrlMasksKeyQueryAndUserInfo(String url, String expected) {
        assertThat(Redactor.rtmpUrl(URI.create(url))).isEqualTo(expected);
    }

    @Test
    void rtmpUrlKeepsNothingSecret() {
        String masked = Redactor.rtmpUrl(URI.create(RTMP));
        assertThat(masked).isEqualTo("rtmp://ingest.example.com:1935/app/***")
                .doesNotContain(KEY, "Pa55word", "pub", "Z9y8X7w6", "auth");
    }

    // ---------------------------------------------------------------- meetingUrl

    @ParameterizedTest
    @CsvSource({
            "https://meet.example.com/room?token=abc, https://meet.example.com/room?***",
            "https://user:pw@meet.example.com:8443/room/abc?token=xyz&role=host, https://meet.example.com:8443/room/abc?***",
            "https://meet.example.com/room, https://meet.example.com/room",
            "http://localhost:3000/r/1, http://localhost:3000/r/1",
            "https://meet.example.com, https://meet.example.com",
            "https://meet.example.com?t=1, https://meet.example.com?***",
            "https://user@meet.example.com/room, https://meet.example.com/room"})
    void meetingUrlMasksQueryAndUserInfo(String url, String expected) {
        assertThat(Redactor.meetingUrl(URI.create(url))).isEqualTo(expected);
    }

    @Test
    void meetingUrlKeepsNothingSecret() {
        assertThat(Redactor.meetingUrl(URI.create(MEETING)))
                .isEqualTo("https://meet.example.com/room/abc?***")
                .doesNotContain(TOKEN, "MeetPa55", "bot:", "role");
    }

    // ---------------------------------------------------------------- scrub

    @Test
    void noneChangesNothing() {
        Redactor none = Redactor.none();
        assertThat(none.scrub("rtmp://host/app/" + KEY + " failed")).isEqualTo("rtmp://host/app/" + KEY + " failed");
        assertThat(none.scrub("")).isEmpty();
        assertThat(none.scrub(null)).isNull();
    }

    @Test
    void anRtmpUrlLearntWhileRunningIsMaskedFromThenOn() {
        Redactor r = redactorOf(config("https://meet.example.com/r", RTMP));
        String added = "rtmp://other.example.com/live/added-key-123?auth=added-token-456";
        assertThat(r.scrub("publishing added-key-123")).isEqualTo("publishing added-key-123");
        r.learnRtmpUrl(URI.create(added));
        assertThat(r.scrub("Cannot open connection " + added)).isEqualTo("Cannot open connection rtmp://other.example.com/live/***");
        assertThat(r.scrub("token added-token-456, key " + KEY)).isEqualTo("token ***, key ***");
    }

    @Test
    void nullTextStaysNull() {
        assertThat(redactorOf(config(MEETING, RTMP)).scrub(null)).isNull();
    }

    @Test
    void scrubsAnFfmpegLineCarryingTheFullRtmpUrl() {
        Redactor r = redactorOf(config("https://meet.example.com/r", RTMP));
        String line = "[rtmp @ 0x55d0c8a3f2c0] Cannot open connection " + RTMP + ": Input/output error";
        String scrubbed = r.scrub(line);
        assertThat(scrubbed).doesNotContain(KEY, "Pa55word", "Z9y8X7w6")
                .isEqualTo("[rtmp @ 0x55d0c8a3f2c0] Cannot open connection "
                        + "rtmp://***@ingest.example.com:1935/app/***: Input/output error");
    }

    @Test
    void scrubsTheBareKeyAndKeyWithQuery() {
        Redactor r = redactorOf(config("https://meet.example.com/r", RTMP));
        assertThat(r.scrub("Failed to publish stream '" + KEY + "'")).isEqualTo("Failed to publish stream '***'");
        assertThat(r.scrub("play " + KEY + "?auth=Z9y8X7w6 rejected")).isEqualTo("play *** rejected");
        assertThat(r.scrub("query auth=Z9y8X7w6 invalid")).isEqualTo("query *** invalid");
        assertThat(r.scrub(KEY + KEY)).isEqualTo("******");
    }

    @Test
    void scrubsEveryOccurrence() {
        Redactor r = redactorOf(config("https://meet.example.com/r", RTMP));
        assertThat(r.scrub(KEY + " then " + KEY + " and again " + KEY)).isEqualTo("*** then *** and again ***");
    }

    @Test
    void scrubsSecretsOfEveryRtmpUrl() {
        Redactor r = redactorOf(config("https://meet.example.com/r", "rtmp://a.example.com/app/firstKey111",
                "rtmps://b.example.com/live/secondKey222", "rtmp://c.example.com/app/thirdKey333"));
        assertThat(r.scrub("firstKey111 / secondKey222 / thirdKey333 / fourthKey444"))
                .isEqualTo("*** / *** / *** / fourthKey444");
    }

    @Test
    void scrubsMeetingTokenUserInfoAndQuery() {
        Redactor r = redactorOf(config(MEETING, "rtmp://a.example.com/app/k123"));
        assertThat(r.scrub("navigating to " + MEETING)).doesNotContain(TOKEN, "MeetPa55")
                .isEqualTo("navigating to https://***@meet.example.com/room/abc?***");
        assertThat(r.scrub("token rejected: " + TOKEN)).isEqualTo("token rejected: ***");
        assertThat(r.scrub("user bot:MeetPa55 denied")).isEqualTo("user *** denied");
    }

    @Test
    void longestSecretIsMaskedFirst() {
        // "stream1" is a prefix of "stream1backup": shortest-first would leave "***backup" behind.
        Redactor r = redactorOf(config("https://meet.example.com/r", "rtmp://a.example.com/app/stream1",
                "rtmp://b.example.com/app/stream1backup"));
        assertThat(r.scrub("stream1backup and stream1")).isEqualTo("*** and ***");
        Redactor reversed = redactorOf(config("https://meet.example.com/r", "rtmp://b.example.com/app/stream1backup",
                "rtmp://a.example.com/app/stream1"));
        assertThat(reversed.scrub("stream1backup and stream1")).isEqualTo("*** and ***");
    }

    @Test
    void keyWithQueryIsMaskedWhole() {
        Redactor r = redactorOf(config("https://meet.example.com/r", "rtmp://a.example.com/app/mykey1?sig=abcdef"));
        assertThat(r.scrub("url: rtmp://a.example.com/app/mykey1?sig=abcdef."))
                .isEqualTo("url: rtmp://a.example.com/app/***.");
    }

    @Test
    void leavesUnrelatedTextAlone() {
        Redactor r = redactorOf(config(MEETING, RTMP));
        String[] lines = {"Connection refused", "[flv @ 0x1] Failed to update header with correct duration.",
                "rtmp://ingest.example.com:1935/app/ connected", "https://meet.example.com/room/abc loaded",
                "frame=  120 fps= 30 q=23.0 size=     512kB time=00:00:04.00 bitrate=1048.6kbits/s", ""};
        for (String line : lines) {
            assertThat(r.scrub(line)).isEqualTo(line);
        }
    }

    @Test
    void alreadyRedactedFormsAreStable() {
        Redactor r = redactorOf(config(MEETING, RTMP));
        String masked = Redactor.rtmpUrl(URI.create(RTMP)) + " " + Redactor.meetingUrl(URI.create(MEETING));
        assertThat(r.scrub(masked)).isEqualTo(masked);
    }

    @Test
    void veryShortValuesAreNotTreatedAsSecrets() {
        // A two-letter stream name would otherwise mask every "k9" in every log line.
        Redactor r = redactorOf(config("https://meet.example.com/r?x=1", "rtmp://a.example.com/app/k9"));
        assertThat(r.scrub("k9 x=1 ok")).isEqualTo("k9 *** ok");
    }

    @Test
    void configWithoutSecretsScrubsNothing() {
        Redactor r = Redactor.of(URI.create("https://meet.example.com/room"), List.of());
        assertThat(r.scrub("https://meet.example.com/room failed")).isEqualTo("https://meet.example.com/room failed");
    }

    @Test
    void scrubMasksSingleQueryValuesAndPasswordsOfEveryUrl() {
        Redactor r = redactorOf(config("https://bot:MeetPa55word@meet.example.com/r?token=" + TOKEN + "&role=host",
                "rtmp://pub:RtmpPa55word@ingest.example.com/app/" + KEY + "?auth=TOKEN999&sig=SIG88888"));
        for (String secret : List.of("TOKEN999", "SIG88888", "RtmpPa55word", "MeetPa55word", TOKEN, KEY)) {
            assertThat(r.scrub("failed near " + secret + " here")).isEqualTo("failed near *** here");
        }
        // Short values are not treated as secrets, so ordinary words survive.
        assertThat(r.scrub("connecting to localhost:8080")).isEqualTo("connecting to localhost:8080");
    }
}
