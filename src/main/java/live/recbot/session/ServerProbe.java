package live.recbot.session;

import java.util.Optional;
import live.recbot.core.RecbotError;

/** Whether the session's X and sound servers still run; the error naming the one that exited. */
@FunctionalInterface
interface ServerProbe {
    Optional<RecbotError> lost();
}
