package live.recbot.encode;

import java.util.OptionalInt;

/**
 * Keeps the count of encoded sound samples on the clock that stamps the picture. The sound
 * server's sample clock and the system clock run at slightly different rates (PulseAudio's null
 * sink runs up to a few hundred ppm fast, docs/architecture.md, record 8), so a time line that only
 * counts samples drifts away from the picture.
 *
 * <p>The timestamps also move on purpose: the sound's delay follows the browser's picture delay,
 * which can change by a display frame or more during a session ({@code PictureLag}).
 *
 * <p>Each packet reports its error: where its timestamp says its first sample belongs minus where
 * the count puts it. Once per second of sound, the mean error sets a resampling compensation that
 * removes a {@value #CORRECTION_SECONDS}th of it per second, at most {@value #MAX_PPM} ppm: a
 * steady drift then leaves a constant error of drift x {@value #CORRECTION_SECONDS} s (under 0.5
 * ms at 220 ppm), a change of the picture's delay by one display frame (17 ms) is followed to
 * within 2 ms in seven seconds, and the pitch changes by at most 0.3 % (5 cents) while it glides,
 * below what anyone hears. The mean over about fifty packets keeps the timestamps' own jitter out of the
 * steering. An error larger than the hard limit is not steered but cut: silence fills a gap,
 * surplus samples are dropped.
 */
final class SampleSteering {
    static final int MAX_PPM = 3000;
    static final int CORRECTION_SECONDS = 2;
    private final int sampleRate;
    private final long hardLimit;
    private long errorSum;
    private int errors;
    private long samplesSeen;
    // Written once a second of sound by the audio thread, read by a metrics scrape.
    private volatile double meanError = Double.NaN;
    private volatile int compensation;

    /** @param hardLimitMs errors beyond this many milliseconds are cut, not steered */
    SampleSteering(int sampleRate, int hardLimitMs) {
        this.sampleRate = sampleRate;
        this.hardLimit = (long) sampleRate * hardLimitMs / 1000;
    }

    /**
     * Samples to insert (positive: silence before the packet) or drop (negative) so that a packet
     * with this error lands where its timestamp says; 0 while the error is within the hard limit.
     */
    long cut(long error) {
        return Math.abs(error) > hardLimit ? error : 0;
    }

    /**
     * Records one packet's error (after any cut) and, once a second of sound has passed, returns
     * the compensation for the next second: samples to add (positive) or remove over that second.
     */
    OptionalInt observe(long error, int samples) {
        errorSum += error;
        errors++;
        samplesSeen += samples;
        if (samplesSeen < sampleRate) {
            return OptionalInt.empty();
        }
        double mean = errorSum / (double) errors;
        meanError = mean;
        errorSum = 0;
        errors = 0;
        samplesSeen = 0;
        long limit = (long) sampleRate * MAX_PPM / 1_000_000;
        long delta = Math.round(mean / CORRECTION_SECONDS);
        compensation = (int) Math.max(-limit, Math.min(limit, delta));
        return OptionalInt.of(compensation);
    }

    /** The last second's mean error in samples; NaN before the first second. */
    double meanError() {
        return meanError;
    }

    /** The compensation in use: samples added (positive) or removed per second. */
    int compensation() {
        return compensation;
    }
}
