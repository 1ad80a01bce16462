package live.recbot.upload;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import live.recbot.config.UploadUrl;
import live.recbot.core.RecbotError;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.sync.RequestBody;

/**
 * Uploads one finalised recording and then its manifest under the upload URL's prefix, as
 * {@code name.mp4} (or {@code .m4a}) and {@code name.json}, within a time budget. Never deletes anything.
 */
public final class RecordingUploader {
    /** 8 MiB parts keep a part's buffer small beside recbot's heap; S3's minimum is 5 MiB. */
    public static final int PART_SIZE = 8 << 20;

    private final ObjectStore store;
    private final UploadUrl target;
    private final Duration budget;
    private final int partSize;
    private final RetryListener listener;

    public RecordingUploader(ObjectStore store, UploadUrl target, Duration budget, int partSize,
                             RetryListener listener) {
        this.store = store;
        this.target = target;
        this.budget = budget;
        this.partSize = partSize;
        this.listener = listener;
    }

    /** Told of every failed attempt that will be tried again. */
    @FunctionalInterface
    public interface RetryListener {
        void retrying(RecbotError error, int attempt, Duration wait);
    }

    public UploadOutcome upload(Path file, Manifest draft) {
        String name = file.getFileName().toString();
        String url = target.url(name);
        Retrying retrying = new Retrying(budget, listener);
        try {
            try {
                store.checkCredentials();
            } catch (SdkClientException e) {
                return new UploadOutcome.Failed(url, UploadFailures.noCredentials());
            }
            FileDigest digest;
            try {
                digest = FileDigest.of(file);
            } catch (IOException e) {
                return new UploadOutcome.Failed(url, UploadFailures.local(e, "upload " + target.key(name)));
            }
            // The sound alone is an .m4a file, MP4 audio.
            String type = name.endsWith(".m4a") ? "audio/mp4" : "video/mp4";
            new FileUpload(store.s3(), retrying, partSize).put(file, digest.bytes(), target.bucket(), target.key(name),
                    type, Map.of("sha256", digest.sha256()));
            String manifestName = name.replaceFirst("\\.(mp4|m4a)$", "") + ".json";
            byte[] manifest = draft.with(new Manifest.Recording(name, url, digest.bytes(), digest.sha256())).json();
            String manifestKey = target.key(manifestName);
            retrying.run("upload " + manifestKey, () -> store.s3().putObject(b -> b.bucket(target.bucket())
                    .key(manifestKey).contentType("application/json"), RequestBody.fromBytes(manifest)));
            return new UploadOutcome.Uploaded(url, target.url(manifestName), digest.bytes(), digest.sha256());
        } catch (UploadException e) {
            return new UploadOutcome.Failed(url, e.error());
        }
    }
}
