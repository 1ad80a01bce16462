package live.recbot.browser;

import live.recbot.core.ErrorCode;
import live.recbot.core.RecbotError;

/** A failure of the display, the audio server, the browser or the meeting page, already typed. */
public final class BrowserException extends Exception {
    private final transient RecbotError error;

    public BrowserException(RecbotError error) {
        super(error.code() + ": " + error.message(), null, false, false);
        this.error = error;
    }

    public RecbotError error() {
        return error;
    }

    static BrowserException host(ErrorCode code, String message) {
        return new BrowserException(new RecbotError.HostError(code, message, false));
    }

    static BrowserException session(ErrorCode code, String message, boolean retryable) {
        return new BrowserException(new RecbotError.SessionError(code, message, retryable));
    }
}
