package live.recbot.config;

import java.time.Duration;
import java.util.Objects;

/**
 * Whether and how a finalised recording leaves the machine.
 *
 * @param target            where the recording and its manifest go
 * @param deleteAfterUpload whether the local file is removed once its upload is confirmed
 * @param timeout           how long the upload may take, retries included, before it is given up
 */
public record UploadSettings(UploadUrl target, boolean deleteAfterUpload, Duration timeout) {
    public static final Duration MAX_TIMEOUT = Duration.ofHours(24);

    public UploadSettings {
        Objects.requireNonNull(target, "target");
        if (Objects.requireNonNull(timeout, "timeout").isNegative() || timeout.isZero()
                || timeout.compareTo(MAX_TIMEOUT) > 0) {
            throw new ConfigException(ConfigField.UPLOAD_TIMEOUT.json(), "must be more than 0 and at most 24h");
        }
    }
}
