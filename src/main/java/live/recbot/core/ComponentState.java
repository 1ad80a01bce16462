package live.recbot.core;

import java.time.Instant;

/** What one component (an output, the browser, the capture) says about itself. */
public sealed interface ComponentState {
    record Starting() implements ComponentState {
    }

    record Running(Instant since) implements ComponentState {
    }

    /** Down after {@code error}, trying again; {@code retries} so far in this outage. */
    record Retrying(RecbotError error, int retries) implements ComponentState {
    }

    /** Stopped as asked; {@code lastError} keeps a failure it had on the way, if any. */
    record Stopped(RecbotError lastError) implements ComponentState {
    }

    record Failed(RecbotError error) implements ComponentState {
    }

    default boolean running() {
        return this instanceof Running;
    }

    default RecbotError error() {
        if (this instanceof Failed f) {
            return f.error();
        }
        if (this instanceof Retrying r) {
            return r.error();
        }
        if (this instanceof Stopped s) {
            return s.lastError();
        }
        return null;
    }
}
