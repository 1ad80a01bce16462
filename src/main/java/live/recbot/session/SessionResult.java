package live.recbot.session;

import java.nio.file.Path;
import java.util.Optional;
import live.recbot.core.RecbotError;
import live.recbot.status.StatusDocument;
import live.recbot.upload.UploadOutcome;

/**
 * How a session ended: why, the error that ended it if any, the recording if it is still here,
 * the upload's outcome if one was made, and the final status.
 */
public record SessionResult(EndReason reason, Optional<RecbotError> error, Optional<Path> recording,
                            StatusDocument finalStatus, Optional<UploadOutcome> upload) {
    public boolean succeeded() {
        return error.isEmpty();
    }
}
