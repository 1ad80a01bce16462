package live.recbot.session;

import live.recbot.core.RecbotError;

/** What came of replacing a lost browser. */
sealed interface Recovery {
    /** A fresh browser shows the meeting page. */
    record Recovered() implements Recovery {
    }

    /** The session was stopped meanwhile. */
    record Cancelled() implements Recovery {
    }

    record Failed(RecbotError error) implements Recovery {
    }
}
