package live.recbot.session;

import live.recbot.core.RecbotError;

/** A session that could not even be prepared; nothing was started. */
public final class SessionException extends Exception {
    private final transient RecbotError error;

    public SessionException(RecbotError error) {
        super(error.message(), null, false, false);
        this.error = error;
    }

    public RecbotError error() {
        return error;
    }
}
