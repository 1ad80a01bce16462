package live.recbot.session;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import live.recbot.capture.AudioCapture;
import live.recbot.capture.CaptureListener;
import live.recbot.capture.ScreenCapture;
import live.recbot.core.ErrorCode;
import live.recbot.core.RecbotError;

/**
 * Follows the start of the captures, the screen's and the sound's or the sound's alone. The
 * recording's time line starts with its first picture, or without one its first sound; a capture
 * that fails, while starting or later, stops the session with its error.
 */
final class CaptureStart implements CaptureListener {
    private final Clock clock;
    private final StopSignal stop;
    private final String leading;
    private final CountDownLatch started;
    private final AtomicReference<Instant> firstPicture = new AtomicReference<>();

    CaptureStart(Clock clock, StopSignal stop) {
        this(clock, stop, true);
    }

    /** {@code video}: whether the screen is captured too. */
    CaptureStart(Clock clock, StopSignal stop, boolean video) {
        this.clock = clock;
        this.stop = stop;
        this.leading = video ? ScreenCapture.SOURCE : AudioCapture.SOURCE;
        this.started = new CountDownLatch(video ? 2 : 1);
    }

    @Override
    public void started(String source) {
        if (source.equals(leading)) {
            firstPicture.compareAndSet(null, clock.instant());
        }
        started.countDown();
    }

    @Override
    public void failed(String source, RecbotError error) {
        stop.fail(error);
        // A source that fails while starting ends the wait for both at once.
        while (started.getCount() > 0) {
            started.countDown();
        }
    }

    /** Waits for every capture; the time line's start, or how the start ended. */
    Startup await(Duration timeout) throws InterruptedException {
        boolean both = started.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
        if (stop.failure().isPresent()) {
            return new Startup.Ended(stop.ending());
        }
        if (!both) {
            return new Startup.Ended(new Ending.Failed(new RecbotError.SessionError(ErrorCode.CAPTURE_START_TIMEOUT,
                    "the capture did not start within " + timeout.toSeconds() + " s", true)));
        }
        return new Startup.Started(firstPicture.get());
    }
}
