package live.recbot.upload;

import live.recbot.core.RecbotError;

/** Where a recording went, or why it did not leave; {@code url} names its object either way. */
public sealed interface UploadOutcome {
    String url();

    record Uploaded(String url, String manifestUrl, long bytes, String sha256) implements UploadOutcome {
    }

    record Failed(String url, RecbotError error) implements UploadOutcome {
    }
}
