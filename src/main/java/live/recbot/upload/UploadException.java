package live.recbot.upload;

import live.recbot.core.RecbotError;

/** An upload step that failed for good: not retryable, or out of time. Carries the error to report. */
final class UploadException extends RuntimeException {
    private final RecbotError error;

    UploadException(RecbotError error) {
        super(error.message(), null, false, false);
        this.error = error;
    }

    RecbotError error() {
        return error;
    }
}
