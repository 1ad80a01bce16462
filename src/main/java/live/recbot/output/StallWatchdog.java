package live.recbot.output;

import static org.bytedeco.ffmpeg.global.avutil.AVERROR_EXIT;

import java.time.Duration;
import java.util.function.IntSupplier;
import live.recbot.encode.FFmpegException;
import org.bytedeco.ffmpeg.avformat.AVIOInterruptCB;
import org.bytedeco.javacpp.Pointer;

/**
 * Aborts a blocking FFmpeg call of one output once it has made no progress for
 * {@link #STALL_TIMEOUT}, so a server that stops reading is found even when the socket reports no
 * error; and aborts every call once the output is abandoned.
 */
final class StallWatchdog implements AutoCloseable {
    /** A write or connect that makes no progress for this long counts as a stalled output. */
    static final Duration STALL_TIMEOUT = Duration.ofSeconds(5);
    /** FFmpeg's AVERROR(ETIMEDOUT) on Linux: what a stalled call reports. */
    static final int TIMED_OUT = -110;
    private static final long STALL_NANOS = STALL_TIMEOUT.toNanos();

    /** When the blocking call in progress started (System.nanoTime), or 0 when none is. */
    private volatile long armedAt;
    private volatile boolean aborted;
    // Kept in a field so the native side never calls a collected callback.
    private final AVIOInterruptCB.Callback_Pointer callback = new AVIOInterruptCB.Callback_Pointer() {
        @Override
        public int call(Pointer opaque) {
            long started = armedAt;
            return aborted || (started != 0 && System.nanoTime() - started > STALL_NANOS) ? 1 : 0;
        }
    };

    AVIOInterruptCB.Callback_Pointer callback() {
        return callback;
    }

    /** Runs one blocking call that is not on the per-packet path. */
    void call(String what, IntSupplier call) throws FFmpegException {
        arm();
        int ret;
        try {
            ret = call.getAsInt();
        } finally {
            disarm();
        }
        check(what, ret);
    }

    void arm() {
        armedAt = System.nanoTime();
    }

    void disarm() {
        armedAt = 0;
    }

    /** Throws for a failed call; a call this watchdog cut short reads as a time-out unless it was abandoned. */
    void check(String what, int ret) throws FFmpegException {
        if (ret < 0) {
            throw new FFmpegException(what, ret == AVERROR_EXIT && !aborted ? TIMED_OUT : ret);
        }
    }

    /** Makes the call in progress, and every later one, fail at once. */
    void abort() {
        aborted = true;
    }

    @Override
    public void close() {
        callback.close();
    }
}
