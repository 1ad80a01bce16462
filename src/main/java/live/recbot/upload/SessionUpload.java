package live.recbot.upload;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.Supplier;
import live.recbot.config.ConfigException;
import live.recbot.config.UploadSettings;
import live.recbot.core.ErrorCode;
import live.recbot.core.RecbotError;
import live.recbot.status.StatusDocument;
import live.recbot.status.StatusReporter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.core.exception.SdkException;

/**
 * A session's upload step, between the finalised file and the final status: the status shows the
 * upload while it runs and says where the recording went or why not; the local file is removed
 * only once both objects are stored, and only if asked.
 */
public final class SessionUpload {
    private static final Logger log = LoggerFactory.getLogger(SessionUpload.class);

    private final UploadSettings settings;
    private final StatusReporter status;
    private final Supplier<ObjectStore> stores;
    private final int partSize;

    public SessionUpload(UploadSettings settings, StatusReporter status, Supplier<ObjectStore> stores, int partSize) {
        this.settings = settings;
        this.status = status;
        this.stores = stores;
        this.partSize = partSize;
    }

    public UploadOutcome run(Path file, Manifest draft) {
        String url = settings.target().url(file.getFileName().toString());
        status.upload(StatusDocument.Upload.UPLOADING, url, null, null);
        UploadOutcome outcome;
        try (ObjectStore store = stores.get()) {
            outcome = new RecordingUploader(store, settings.target(), settings.timeout(), partSize,
                    (error, attempt, wait) -> status.upload(StatusDocument.Upload.UPLOADING, url, null, error))
                    .upload(file, draft);
        } catch (ConfigException | SdkException e) {
            // The client could not be built: a bad endpoint variable or an unknown region, say.
            outcome = new UploadOutcome.Failed(url, new RecbotError.OutputError(UploadFailures.OUTPUT,
                    ErrorCode.UPLOAD_FAILED, "cannot set up the storage client: " + (e instanceof ConfigException c
                    ? c.getMessage() : e.getClass().getSimpleName()), false));
        }
        if (outcome instanceof UploadOutcome.Uploaded u) {
            status.upload(StatusDocument.Upload.UPLOADED, url, u.manifestUrl(), null);
            if (settings.deleteAfterUpload()) {
                delete(file);
            }
        } else if (outcome instanceof UploadOutcome.Failed f) {
            status.upload(StatusDocument.Upload.FAILED, url, null, f.error());
            log.warn("the recording stays in {}", file);
        }
        return outcome;
    }

    private static void delete(Path file) {
        try {
            Files.deleteIfExists(file);
            log.info("uploaded, so the local copy {} was removed", file.getFileName());
        } catch (IOException e) {
            log.warn("uploaded, but the local copy {} was not removed: {}", file, e.getClass().getSimpleName());
        }
    }
}
