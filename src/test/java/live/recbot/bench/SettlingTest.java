package live.recbot.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.List;
import java.util.function.DoubleUnaryOperator;
import org.junit.jupiter.api.Test;

class SettlingTest {
    /** One pair a second over {@code seconds}, each offset {@code offset(t)}, alternating ±5 ms of scatter. */
    private static List<MediaAnalysis.SyncPair> pairs(int seconds, DoubleUnaryOperator offset) {
        List<MediaAnalysis.SyncPair> pairs = new ArrayList<>();
        for (int i = 0; i < seconds; i++) {
            double t = i + 0.5;
            double ms = offset.applyAsDouble(t) + (i % 2 == 0 ? 5 : -5);
            pairs.add(new MediaAnalysis.SyncPair(t, t + ms / 1000, ms));
        }
        return pairs;
    }

    @Test
    void aStartThatMovesThenHoldsSettlesAfterIt() {
        Settling s = Settling.of(pairs(90, t -> t < 20 ? 100 - 3 * t : 10), 0, 90);
        assertThat(s.settled()).isTrue();
        assertThat(s.afterSeconds()).isEqualTo(20.0);
        assertThat(s.medianMs()).isCloseTo(10, within(5.0));
        assertThat(s.p10Ms()).isCloseTo(5, within(0.1));
        assertThat(s.p90Ms()).isCloseTo(15, within(0.1));
        assertThat(s.pairs()).isEqualTo(70);
    }

    @Test
    void steadyOffsetsAreSettledFromTheStart() {
        Settling s = Settling.of(pairs(60, t -> -3), 0, 60);
        assertThat(s.afterSeconds()).isZero();
        assertThat(s.pairs()).isEqualTo(60);
    }

    @Test
    void offsetsThatKeepSinkingNeverSettle() {
        Settling s = Settling.of(pairs(120, t -> 50 - t), 0, 120);
        assertThat(s.settled()).isFalse();
        assertThat(s.afterSeconds()).isNull();
        assertThat(s.medianMs()).isNull();
    }

    @Test
    void aRunTooShortForThreeWindowsIsNotSettled() {
        assertThat(Settling.of(pairs(25, t -> 0), 0, 25).settled()).isFalse();
    }
}
