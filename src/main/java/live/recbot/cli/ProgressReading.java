package live.recbot.cli;

import java.time.Duration;
import java.util.List;

/**
 * What the run looked like at one moment, for the progress line: counters as totals (rates come
 * from two readings), NaN for a meter that does not exist (yet, or any more).
 *
 * @param nanos             when it was read, on {@link System#nanoTime()}'s scale
 * @param elapsed           since the run started
 * @param framesEncoded     pictures encoded so far
 * @param bytesEncoded      video and audio bytes encoded so far, before any container
 * @param soundDelaySeconds the A/V delay in use
 * @param outputs           each output's state, file first, then rtmp-0, rtmp-1...
 */
record ProgressReading(long nanos, Duration elapsed, double framesEncoded, double bytesEncoded,
                       double soundDelaySeconds, List<Output> outputs) {
    ProgressReading {
        outputs = List.copyOf(outputs);
    }

    record Output(String name, State state) {
    }

    /** An output's state as a person reads it. */
    enum State {
        STARTING("starting"), UP("up"), RECONNECTING("reconnecting"), FAILED("failed"), ENDED("ended");

        final String label;

        State(String label) {
            this.label = label;
        }

        /**
         * From the room's status: an error with retries is an outage being retried; an error
         * without is one the output did not get over.
         *
         * @param over whether the session ended or the output was up before: not starting any more
         */
        static State of(boolean running, boolean hasError, int retries, boolean over) {
            if (running) {
                return UP;
            }
            if (hasError) {
                return retries > 0 ? RECONNECTING : FAILED;
            }
            return over ? ENDED : STARTING;
        }
    }
}
