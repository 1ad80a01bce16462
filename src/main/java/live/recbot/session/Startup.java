package live.recbot.session;

import java.time.Instant;

/** How a session's start-up came out: recording since its first picture, or ended already. */
sealed interface Startup {
    record Started(Instant firstPicture) implements Startup {
    }

    record Ended(Ending ending) implements Startup {
    }
}
