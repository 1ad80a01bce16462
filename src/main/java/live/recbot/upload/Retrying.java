package live.recbot.upload;

import java.time.Duration;
import java.util.function.Supplier;
import live.recbot.core.ErrorCode;
import live.recbot.core.RecbotError;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs storage calls with backoff (1 s doubling to 30 s) until they succeed, fail for good, or
 * the upload's deadline would pass while waiting; each retry is told to a listener.
 */
final class Retrying {
    private static final Logger log = LoggerFactory.getLogger(Retrying.class);
    static final Duration FIRST_BACKOFF = Duration.ofSeconds(1);
    static final Duration MAX_BACKOFF = Duration.ofSeconds(30);

    private final long deadlineNanos;
    private final RecordingUploader.RetryListener listener;

    Retrying(Duration budget, RecordingUploader.RetryListener listener) {
        this.deadlineNanos = System.nanoTime() + budget.toNanos();
        this.listener = listener;
    }

    <T> T run(String what, Supplier<T> call) {
        Duration wait = FIRST_BACKOFF;
        for (int attempt = 1; ; attempt++) {
            try {
                return call.get();
            } catch (UploadException e) {
                throw e;
            } catch (RuntimeException e) {
                RecbotError error = UploadFailures.classify(e, what);
                if (!error.retryable()) {
                    throw new UploadException(error);
                }
                if (System.nanoTime() + wait.toNanos() > deadlineNanos) {
                    throw new UploadException(error.withMessage(error.message() + "; gave up after " + attempt
                            + " attempts, at the upload's time limit"));
                }
                log.warn("upload: {} failed (attempt {}): {}; retrying in {} ms", what, attempt, error.message(),
                        wait.toMillis());
                listener.retrying(error, attempt, wait);
                pause(wait, what);
                wait = wait.multipliedBy(2).compareTo(MAX_BACKOFF) > 0 ? MAX_BACKOFF : wait.multipliedBy(2);
            }
        }
    }

    private static void pause(Duration wait, String what) {
        try {
            Thread.sleep(wait.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new UploadException(new RecbotError.OutputError(UploadFailures.OUTPUT, ErrorCode.UPLOAD_FAILED,
                    what + ": interrupted while waiting to retry", true));
        }
    }
}
