package live.recbot.encode;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.OptionalInt;
import org.junit.jupiter.api.Test;

class SampleSteeringTest {
    private static final int RATE = 48_000;

    @Test
    void errorsWithinTheHardLimitAreNotCut() {
        SampleSteering s = new SampleSteering(RATE, 100);
        assertEquals(0, s.cut(4800));
        assertEquals(0, s.cut(-4800));
        assertEquals(4801, s.cut(4801));
        assertEquals(-4801, s.cut(-4801));
    }

    @Test
    void compensatesHalfTheMeanErrorOncePerSecondOfSound() {
        SampleSteering s = new SampleSteering(RATE, 100);
        for (int i = 0; i < 49; i++) {
            assertTrue(s.observe(i % 2 == 0 ? 100 : 60, 960).isEmpty(), "before a second has passed");
        }
        assertTrue(Double.isNaN(s.meanError()), "no mean before a second of sound");
        assertEquals(0, s.compensation());
        OptionalInt delta = s.observe(80, 960);
        // 25 packets of 100, 25 of 60 (the last one 80 instead of 60): mean 80.4, half of it.
        assertEquals(OptionalInt.of(40), delta);
        assertEquals(80.4, s.meanError(), 1e-9);
        assertEquals(40, s.compensation(), "what the metrics read is what the resampler was given");
        assertTrue(s.observe(0, 960).isEmpty(), "a new second starts");
        assertEquals(40, s.compensation(), "kept until the next second");
    }

    @Test
    void compensationIsLimitedToThreeThousandPpm() {
        SampleSteering s = new SampleSteering(RATE, 100);
        assertEquals(OptionalInt.of(144), s.observe(4000, RATE));
        assertEquals(144, s.compensation());
        assertEquals(OptionalInt.of(-144), s.observe(-4000, RATE));
        assertEquals(-144, s.compensation());
        assertEquals(OptionalInt.of(-2), s.observe(-4, RATE));
    }

    @Test
    void aStepOfOneDisplayFrameInTheSoundsDelayIsFollowedWithinSevenSeconds() {
        // The picture's delay, and with it the sound's timestamps, moves 17 ms later at once.
        SampleSteering s = new SampleSteering(RATE, 100);
        double error = RATE * 0.017;
        int compensation = 0;
        int packets = 0;
        while (Math.abs(error) > RATE * 0.002) {
            error -= compensation * 960.0 / RATE;
            OptionalInt d = s.observe(Math.round(error), 960);
            if (d.isPresent()) {
                compensation = d.getAsInt();
            }
            packets++;
            assertTrue(packets <= 50 * 7, "still " + error * 1000 / RATE + " ms off after seven seconds");
        }
    }

    @Test
    void aSteadyDriftSettlesAtDriftTimesTheCorrectionTime() {
        // A simulated sound server delivering 220 ppm more samples than the clock accounts for.
        SampleSteering s = new SampleSteering(RATE, 100);
        double error = 0;
        int compensation = 0;
        for (int packet = 0; packet < 50 * 600; packet++) {
            // Error is where a packet belongs minus where it lands: surplus samples and added ones
            // both move the landing later.
            error -= 960 * 220e-6;
            error -= compensation * 960.0 / RATE;
            OptionalInt d = s.observe(Math.round(error), 960);
            if (d.isPresent()) {
                compensation = d.getAsInt();
            }
        }
        double settled = -RATE * 220e-6 * SampleSteering.CORRECTION_SECONDS;
        assertEquals(settled, error, 12, "error after ten minutes, in samples");
    }
}
