package live.recbot.session;

import live.recbot.core.RecbotError;

/** How a session's run came to its end: stopped for a reason, or failed with an error. */
sealed interface Ending {
    record Stopped(EndReason reason) implements Ending {
    }

    record Failed(RecbotError error) implements Ending {
    }
}
