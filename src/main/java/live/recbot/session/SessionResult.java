package live.recbot.session;

import java.nio.file.Path;
import java.util.Optional;
import live.recbot.core.RecbotError;
import live.recbot.status.StatusDocument;

/** How a session ended: why, the error that ended it if any, and the final status. */
public record SessionResult(EndReason reason, Optional<RecbotError> error, Optional<Path> recording,
                            StatusDocument finalStatus) {
    public boolean succeeded() {
        return error.isEmpty();
    }
}
