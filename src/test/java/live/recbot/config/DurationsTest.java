package live.recbot.config;

import static live.recbot.config.ConfigErrors.assertConfigError;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

class DurationsTest {
    private static final String RULE = "must be a duration like 90, 20s, 15m, 2h or 1h30m, got ";

    @ParameterizedTest
    @CsvSource({"90,90", "0,0", "20s,20", "15m,900", "2h,7200", "1h30m,5400", "1h30m15s,5415", "2h15s,7215",
            "45m30s,2730", "PT15M,900", "pt15m,900", "PT1H30M,5400", "PT0.5S,0", "1H30M,5400", "' 15m ',900",
            "999999999,999999999", "90m,5400", "0h0m1s,1"})
    void parsesEverySupportedSpelling(String text, long seconds) {
        assertThat(Durations.parse("maxDuration", text).toSeconds()).isEqualTo(seconds);
    }

    @Test
    void isoFractionsAreKept() {
        assertThat(Durations.parse("x", "PT0.5S")).isEqualTo(Duration.ofMillis(500));
    }

    @ParameterizedTest
    @ValueSource(strings = {"-5", "abc", "15x", "1h 30m", "h", "m", "s", "hms", "1m1h", "30s15m", "1.5h", "1,5h",
            "pt", "P1D", "1d", "15 m", "+15", "-15m", "1e3", "9999999999", "15min", "1hour", "0x10",
            "9223372036854775807h", "99999999999999999999s", "PTxyz"})
    void refusesAnythingElseAndEchoesTheLowercasedText(String text) {
        assertConfigError(() -> Durations.parse("maxDuration", text), "maxDuration",
                RULE + "'" + text.trim().toLowerCase(java.util.Locale.ROOT) + "'");
    }

    @ParameterizedTest
    @NullAndEmptySource
    @ValueSource(strings = {"  ", "\t"})
    void refusesEmpty(String text) {
        assertConfigError(() -> Durations.parse("pageLoadTimeout", text), "pageLoadTimeout", RULE + "''");
    }

    @ParameterizedTest
    @CsvSource({"0,0s", "20,20s", "60,1m", "90,1m30s", "900,15m", "3600,1h", "5400,1h30m", "3661,1h1m1s",
            "7215,2h15s", "86400,24h"})
    void formatsWholeSeconds(long seconds, String text) {
        assertThat(Durations.format(Duration.ofSeconds(seconds))).isEqualTo(text);
    }

    @ParameterizedTest
    @ValueSource(longs = {1, 59, 60, 61, 3599, 3600, 3601, 5400, 86399, 86400, 90061})
    void formatIsTheInverseOfParse(long seconds) {
        Duration d = Duration.ofSeconds(seconds);
        assertThat(Durations.parse("x", Durations.format(d))).isEqualTo(d);
    }
}
