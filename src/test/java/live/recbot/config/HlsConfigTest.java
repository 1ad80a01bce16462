package live.recbot.config;

import static live.recbot.config.ConfigErrors.assertConfigError;
import static live.recbot.config.Flags.flags;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class HlsConfigTest {
    private static final String MEETING = "\"meetingUrl\": \"https://meet.example.com/r\"";

    @TempDir
    Path dir;

    /** A start body: only the request's fields, as the API reads it. */
    private static HMSRecordingConfig body(String members) {
        return ConfigLoader.request(ConfigLoader.fromJson("{" + MEETING + ", " + members + "}", "body",
                ConfigField.of(ConfigField.Scope.REQUEST)));
    }

    private static ConfigOverrides hlsFlags(String... values) {
        ConfigOverrides given = flags().meetingUrl("https://meet.example.com/r").build();
        for (int i = 0; i < values.length; i += 2) {
            given = given.with(ConfigField.valueOf(values[i]), values[i + 1]);
        }
        return given;
    }

    @Test
    void offUnlessAskedFor() {
        assertThat(ConfigLoader.build(Flags.recording("https://meet.example.com/r").build()).recording().hls())
                .isEmpty();
        assertThat(body("\"record\": true, \"hls\": false").hls()).isEmpty();
    }

    @Test
    void aStartBodyAsksWithAnObjectOrTrue() {
        assertThat(body("\"hls\": {\"segmentSeconds\": 2}").hls()).contains(new HlsSettings(2));
        assertThat(body("\"hls\": {}").hls()).contains(HlsSettings.DEFAULT);
        assertThat(body("\"hls\": true").hls()).contains(HlsSettings.DEFAULT);
        assertThat(HlsSettings.DEFAULT.segment()).isEqualTo(Duration.ofSeconds(4));
    }

    @Test
    void hlsAloneIsAnOutput() {
        HMSRecordingConfig hlsOnly = body("\"hls\": {\"segmentSeconds\": 6}");
        assertThat(hlsOnly.record()).isFalse();
        assertThat(hlsOnly.rtmpUrls()).isEmpty();
        assertThat(hlsOnly.hls()).contains(new HlsSettings(6));
        assertConfigError(() -> body("\"hls\": false"), "record",
                "set record or hls to true or give at least one rtmpUrls entry");
    }

    @Test
    void flagsAndVariablesSetBothFields() {
        assertThat(ConfigLoader.build(hlsFlags("HLS", "true")).recording().hls()).contains(HlsSettings.DEFAULT);
        assertThat(ConfigLoader.build(hlsFlags("HLS", "true", "HLS_SEGMENT_SECONDS", "30")).recording().hls())
                .contains(new HlsSettings(30));
        RecbotConfig fromEnv = ConfigLoader.load(Optional.empty(),
                Map.of("RECBOT_HLS", "yes", "RECBOT_HLS_SEGMENT_SECONDS", "1"), hlsFlags());
        assertThat(fromEnv.recording().hls()).contains(new HlsSettings(1));
        assertThat(ConfigField.HLS_SEGMENT_SECONDS.flag()).isEqualTo("--hls-segment-seconds");
        assertThat(ConfigField.HLS_SEGMENT_SECONDS.env()).isEqualTo("RECBOT_HLS_SEGMENT_SECONDS");
    }

    @Test
    void aLaterSourceTurnsItOffWithoutTrippingOverTheLength() throws IOException {
        Path file = Files.writeString(dir.resolve("c.json"), "{\"record\": true, \"hls\": {\"segmentSeconds\": 6}}");
        RecbotConfig off = ConfigLoader.load(Optional.of(file), Map.of(), hlsFlags("HLS", "false"));
        assertThat(off.recording().hls()).isEmpty();
        assertThat(ConfigLoader.load(Optional.of(file), Map.of(), hlsFlags()).recording().hls())
                .contains(new HlsSettings(6));
    }

    @Test
    void aLengthWithoutHlsIsRefused() {
        assertConfigError(() -> ConfigLoader.build(hlsFlags("RECORD", "true", "HLS_SEGMENT_SECONDS", "6")),
                "hls.segmentSeconds", "needs hls", "--hls");
    }

    @Test
    void theArchivalRecordingHasNoHls() {
        RecbotConfig c = ConfigLoader.build(hlsFlags("RECORD", "true", "HLS", "true"));
        assertThat(c.recording().hls()).isPresent();
        assertThat(c.archival().recording().hls()).isEmpty();
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            "hls": {"segmentSeconds": 0}        | hls.segmentSeconds | must be 1 to 30 seconds, got 0
            "hls": {"segmentSeconds": 31}       | hls.segmentSeconds | must be 1 to 30 seconds, got 31
            "hls": {"segmentSeconds": -4}       | hls.segmentSeconds | must be 1 to 30 seconds, got -4
            "hls": {"segmentSeconds": 2.5}      | hls.segmentSeconds | must be a whole number, got a number (2.5)
            "hls": {"segmentSeconds": "4"}      | hls.segmentSeconds | must be a whole number, got a string
            "hls": {"segment": 4}               | hls.segment        | is not a known field (known: segmentSeconds)
            "hls": "yes"                        | hls                | must be true or false or {"segmentSeconds": N}, got a string
            "hls": [4]                          | hls                | got an array
            "hls.segmentSeconds": 4             | hls.segmentSeconds | is not a known field
            """)
    void aBadValueNamesItsFieldAndRule(String members, String field, String rule) {
        assertConfigError(() -> body("\"record\": true, " + members), field, rule);
    }

    @Test
    void aBadFlagValueNamesTheFieldToo() {
        assertConfigError(() -> ConfigLoader.build(hlsFlags("HLS", "true", "HLS_SEGMENT_SECONDS", "four")),
                "hls.segmentSeconds", "must be a whole number, got 'four'");
        assertConfigError(() -> ConfigLoader.build(hlsFlags("HLS", "true", "HLS_SEGMENT_SECONDS", "60")),
                "hls.segmentSeconds", "must be 1 to 30 seconds, got 60");
    }
}
