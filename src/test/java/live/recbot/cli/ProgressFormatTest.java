package live.recbot.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import live.recbot.cli.ProgressReading.Output;
import live.recbot.cli.ProgressReading.State;
import org.junit.jupiter.api.Test;

class ProgressFormatTest {
    private static final long SECOND = 1_000_000_000L;
    private static final List<Output> OUTPUTS = List.of(new Output("file", State.UP),
            new Output("rtmp-0", State.RECONNECTING), new Output("rtmp-1", State.FAILED));

    private static ProgressReading reading(long nanos, long elapsedSeconds, double frames, double bytes, double delay) {
        return new ProgressReading(nanos, Duration.ofSeconds(elapsedSeconds), frames, bytes, delay, OUTPUTS);
    }

    @Test
    void ratesComeFromTwoReadings() {
        ProgressReading before = reading(10 * SECOND, 64, 1000, 1e6, 0.1204);
        ProgressReading now = reading(12 * SECOND, 3725, 1060, 1.5e6, 0.1204);

        assertThat(ProgressFormat.line(Optional.of(before), now, 200)).isEqualTo(
                "1:02:05  30.0 fps  2000 kbit/s  A/V 120 ms  file up  rtmp-0 reconnecting  rtmp-1 failed");
    }

    @Test
    void whatCannotBeKnownYetIsADash() {
        ProgressReading first = new ProgressReading(SECOND, Duration.ofSeconds(3), Double.NaN, Double.NaN, Double.NaN,
                List.of());
        assertThat(ProgressFormat.line(Optional.empty(), first, 80)).isEqualTo("0:00:03  - fps  - kbit/s  A/V -");

        ProgressReading second = new ProgressReading(2 * SECOND, Duration.ofSeconds(4), Double.NaN, Double.NaN,
                Double.NaN,
                List.of(new Output("file", State.STARTING)));
        assertThat(ProgressFormat.line(Optional.of(first), second, 80))
                .isEqualTo("0:00:04  - fps  - kbit/s  A/V -  file starting");
    }

    @Test
    void aSessionWithoutPictureMetersRecordsTheSoundAlone() {
        ProgressReading before = reading(SECOND, 1, Double.NaN, 0, Double.NaN);
        ProgressReading now = reading(2 * SECOND, 2, Double.NaN, 16_250, Double.NaN);

        assertThat(ProgressFormat.line(Optional.of(before), now, 200))
                .isEqualTo("0:00:02  sound only  130 kbit/s  file up  rtmp-0 reconnecting  rtmp-1 failed");
    }

    @Test
    void aCounterThatRestartedShowsNoRate() {
        ProgressReading before = reading(SECOND, 1, 500, 5e6, 0.1);
        ProgressReading now = reading(2 * SECOND, 2, 10, 1e4, 0.1);

        assertThat(ProgressFormat.line(Optional.of(before), now, 200))
                .startsWith("0:00:02  - fps  - kbit/s  A/V 100 ms");
    }

    @Test
    void readingsWithNoTimeBetweenThemShowNoRate() {
        ProgressReading now = reading(SECOND, 1, 30, 1e5, 0.1);

        assertThat(ProgressFormat.line(Optional.of(now), now, 200)).startsWith("0:00:01  - fps  - kbit/s  A/V 100 ms");
    }

    @Test
    void theLineIsCutToLeaveTheTerminalsLastColumnFree() {
        ProgressReading before = reading(SECOND, 1, 0, 0, 0.1);
        ProgressReading now = reading(2 * SECOND, 2, 30, 125_000, 0.1);

        String line = ProgressFormat.line(Optional.of(before), now, 40);
        assertThat(line).hasSize(39).isEqualTo("0:00:02  30.0 fps  1000 kbit/s  A/V 100");
    }

    @Test
    void statesReadAsAPersonWould() {
        assertThat(State.of(true, false, 0, false)).isEqualTo(State.UP);
        // A session recovering its browser carries an error but goes on writing.
        assertThat(State.of(true, true, 0, false)).isEqualTo(State.UP);
        assertThat(State.of(false, true, 2, false)).isEqualTo(State.RECONNECTING);
        assertThat(State.of(false, true, 0, false)).isEqualTo(State.FAILED);
        assertThat(State.of(false, false, 0, false)).isEqualTo(State.STARTING);
        assertThat(State.of(false, false, 0, true)).isEqualTo(State.ENDED);
    }
}
