package live.recbot.cli;

import java.net.URI;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Where a worker host reports status besides its API, validated before anything starts.
 *
 * @param statusFile    the file kept up to date with the status document, if any
 * @param webhook       where every status change is POSTed, if anywhere
 * @param webhookSecret the key the webhook bodies are signed with; present whenever {@code webhook} is
 */
record HostOptions(Optional<Path> statusFile, Optional<URI> webhook, Optional<String> webhookSecret) {
    /** Never prints the secret. */
    @Override
    public String toString() {
        return "HostOptions[statusFile=" + statusFile + ", webhook=" + webhook.isPresent() + "]";
    }
}
