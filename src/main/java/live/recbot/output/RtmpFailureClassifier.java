package live.recbot.output;

import static org.bytedeco.ffmpeg.global.avutil.AVERROR_EXIT;

import java.time.Duration;

/**
 * Decides what a failed RTMP connection means, from the error, how long the connection lived and
 * what earlier attempts of the same output established. Network errors (refused, unreachable,
 * timed out, reset) are worth retrying. A server that lets us connect and then drops us within
 * seconds, or answers with a non-network error, twice in a row and before this output ever
 * streamed steadily, has rejected the stream key: retrying would never help.
 */
final class RtmpFailureClassifier {
    /** A connection the server drops sooner than this after the publish counts as a refusal. */
    static final Duration REJECT_WINDOW = Duration.ofSeconds(3);
    /** Quick refusals in a row that mean the stream is rejected. */
    static final int REFUSALS_TO_REJECT = 2;
    // FFmpeg's AVERROR(errno) on Linux: the errors a network outage produces.
    static final int EPIPE = -32;
    static final int ENETUNREACH = -101;
    static final int ECONNRESET = -104;
    static final int ETIMEDOUT = -110;
    static final int ECONNREFUSED = -111;
    static final int EHOSTUNREACH = -113;

    private RtmpFailureClassifier() {
    }

    /** One failed attempt: the FFmpeg error, and for how long it was connected (zero if never). */
    record Attempt(int error, boolean connected, Duration connectedFor) {
        static Attempt neverConnected(int error) {
            return new Attempt(error, false, Duration.ZERO);
        }

        static Attempt droppedAfter(int error, Duration connectedFor) {
            return new Attempt(error, true, connectedFor);
        }

        boolean quick() {
            return connected && connectedFor.compareTo(REJECT_WINDOW) < 0;
        }
    }

    /** What the earlier attempts of one output established. */
    record History(boolean everStable, int quickRefusals) {
        static final History FRESH = new History(false, 0);
    }

    enum Verdict {
        /** The ingest is unreachable or dropped us: reconnect. */
        DOWN,
        /** The ingest refuses this stream: give up at once. */
        REJECTED
    }

    record Outcome(Verdict verdict, History history) {
    }

    static Outcome classify(History before, Attempt attempt) {
        boolean everStable = before.everStable() || (attempt.connected() && !attempt.quick());
        boolean refusal = !everStable && (attempt.quick() || (!attempt.connected() && !network(attempt.error())));
        int refusals = refusal ? before.quickRefusals() + 1 : 0;
        Verdict verdict = refusals >= REFUSALS_TO_REJECT ? Verdict.REJECTED : Verdict.DOWN;
        return new Outcome(verdict, new History(everStable, refusals));
    }

    static boolean network(int error) {
        return error == ECONNREFUSED || error == ETIMEDOUT || error == EHOSTUNREACH || error == ENETUNREACH
                || error == ECONNRESET || error == EPIPE || error == AVERROR_EXIT;
    }
}
