package live.recbot.core;

/**
 * A failure, typed by how far it reaches: one output, the whole session, or the host it runs on.
 * Each says whether trying again could help. Messages are already redacted.
 */
public sealed interface RecbotError {
    ErrorCode code();

    String message();

    boolean retryable();

    /** The same error with another text, e.g. with secrets masked. */
    RecbotError withMessage(String message);

    /** One output (a recording file or one RTMP URL) failed; the rest of the session goes on. */
    record OutputError(String output, ErrorCode code, String message, boolean retryable) implements RecbotError {
        @Override
        public RecbotError withMessage(String text) {
            return new OutputError(output, code, text, retryable);
        }
    }

    /** The session cannot go on: the page, the browser or a capture source failed. */
    record SessionError(ErrorCode code, String message, boolean retryable) implements RecbotError {
        @Override
        public RecbotError withMessage(String text) {
            return new SessionError(code, text, retryable);
        }
    }

    /** The host lacks something every session needs (a binary, a display server, disk). */
    record HostError(ErrorCode code, String message, boolean retryable) implements RecbotError {
        @Override
        public RecbotError withMessage(String text) {
            return new HostError(code, text, retryable);
        }
    }
}
