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

    /**
     * Where a helper's log can be read: the working directory goes with the session, so a message
     * names the log as the failed session's kept logs name it (the status's {@code logs} folder),
     * a browser's own logs prefixed with its folder.
     */
    static String seeLog(java.nio.file.Path logFile) {
        java.nio.file.Path folder = logFile.getParent().getFileName();
        String prefix = folder != null && folder.toString().matches("browser-\\d+") ? folder + "-" : "";
        return "see " + prefix + logFile.getFileName() + " in the session's kept logs";
    }

    static BrowserException host(ErrorCode code, String message) {
        return new BrowserException(new RecbotError.HostError(code, message, false));
    }

    static BrowserException session(ErrorCode code, String message, boolean retryable) {
        return new BrowserException(new RecbotError.SessionError(code, message, retryable));
    }
}
