package live.recbot.session;

import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import live.recbot.core.RecbotError;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The request to end a session, from a caller, from the session itself or from a failing capture.
 * The first reason and the first failure given win. Safe from any thread.
 */
final class StopSignal {
    // The session's logger: "stopping" is the session's line.
    private static final Logger log = LoggerFactory.getLogger(RecordingSession.class);

    private final CountDownLatch requested = new CountDownLatch(1);
    private final AtomicReference<EndReason> reason = new AtomicReference<>();
    private final AtomicReference<RecbotError> failure = new AtomicReference<>();

    void request(EndReason why) {
        if (reason.compareAndSet(null, why)) {
            log.info("stopping: {}", why.label());
        }
        requested.countDown();
    }

    /** A part of the session failed on its own thread: the session ends with this error. */
    void fail(RecbotError error) {
        failure.compareAndSet(null, error);
        requested.countDown();
    }

    boolean isRequested() {
        return requested.getCount() == 0;
    }

    /** Waits at most {@code timeout} for a stop; true once one was requested. */
    boolean await(Duration timeout) throws InterruptedException {
        return requested.await(timeout.toNanos(), TimeUnit.NANOSECONDS);
    }

    Optional<RecbotError> failure() {
        return Optional.ofNullable(failure.get());
    }

    /** Why the session stopped: the first reason given, or {@link EndReason#STOPPED}. */
    EndReason reason() {
        return Optional.ofNullable(reason.get()).orElse(EndReason.STOPPED);
    }

    /** The ending a stop gives: the failure if one came, else the reason. */
    Ending ending() {
        RecbotError e = failure.get();
        return e != null ? new Ending.Failed(e) : new Ending.Stopped(reason());
    }
}
