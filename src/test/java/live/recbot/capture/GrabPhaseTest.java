package live.recbot.capture;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class GrabPhaseTest {
    private final GrabPhase phase = new GrabPhase(Duration.ofNanos(33_332_000), Duration.ofNanos(16_666_000));

    @Test
    void picturesGrabbedTwiceMoveTheGrabOnceTheFirstTwoSecondsArePast() {
        for (int i = 0; i < 2 * GrabPhase.WINDOW - 1; i++) {
            phase.picture(i % 10 == 0);
        }
        assertThat(phase.moves()).as("not within the first two seconds").isZero();
        phase.picture(true);
        assertThat(phase.moves()).isEqualTo(1);
    }

    @Test
    void aFewRepeatsInASecondDoNotMoveIt() {
        for (int i = 0; i < 10 * GrabPhase.WINDOW; i++) {
            phase.picture(i % GrabPhase.WINDOW < GrabPhase.REPEATS - 1);
        }
        assertThat(phase.moves()).isZero();
    }

    @Test
    void itMovesAtMostOnceEveryTwoSeconds() {
        for (int i = 0; i < 10 * GrabPhase.WINDOW; i++) {
            phase.picture(i % 6 == 0);
        }
        assertThat(phase.moves()).isEqualTo(5);
    }

    @Test
    void grabsArePacedAtTheInterval() {
        GrabPhase fast = new GrabPhase(Duration.ofMillis(5), Duration.ofMillis(2));
        fast.awaitNext();
        long t0 = System.nanoTime();
        for (int i = 0; i < 10; i++) {
            fast.awaitNext();
        }
        assertThat(Duration.ofNanos(System.nanoTime() - t0)).isGreaterThanOrEqualTo(Duration.ofMillis(50));
    }

    @Test
    void afterAStallTheMissedGrabsAreLeftOutAndTheScheduleKeepsItsPhase() {
        long interval = 33_332_000;
        assertThat(GrabPhase.nextDue(0, 20_000_000, interval)).as("on time").isEqualTo(interval);
        assertThat(GrabPhase.nextDue(0, interval + 30_000_000, interval)).as("late by less than a grab")
                .isEqualTo(interval);
        // 140 ms late: the grabs due at 1 to 4 intervals are missed; the one due at 5 (6.7 ms ago) is next.
        long due = GrabPhase.nextDue(0, interval + 140_000_000, interval);
        assertThat(due).isEqualTo(5 * interval);
        assertThat(GrabPhase.nextDue(due, due + 1_000, interval)).isEqualTo(6 * interval);
    }

    @Test
    void aPageThatStoppedDrawingDoesNotMoveIt() {
        for (int i = 0; i < 10 * GrabPhase.WINDOW; i++) {
            phase.picture(i % GrabPhase.WINDOW != 0);
        }
        assertThat(phase.moves()).isZero();
    }
}
