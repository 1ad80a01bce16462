package live.recbot.session;

import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** A worker's session on its own thread, and how long a stop may take, its upload included. */
record RunningSession(RecordingSession session, Thread thread, Duration stopTimeout) {
    private static final Logger log = LoggerFactory.getLogger(Worker.class);

    CompletableFuture<SessionResult> ended() {
        return session.ended();
    }

    boolean isEnded() {
        return ended().isDone();
    }

    boolean recording() {
        CompletableFuture<Void> started = session.started();
        return started.isDone() && !started.isCompletedExceptionally() && !isEnded();
    }

    /** Waits for the end, at most the stop's time; empty when it did not come (or came as an internal error). */
    Optional<SessionResult> awaitEnd() {
        try {
            return Optional.ofNullable(ended().get(stopTimeout.toMillis(), TimeUnit.MILLISECONDS));
        } catch (TimeoutException e) {
            log.error("session did not stop within {} s", stopTimeout.toSeconds());
            return Optional.empty();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.empty();
        } catch (ExecutionException e) {
            return Optional.empty();
        }
    }
}
