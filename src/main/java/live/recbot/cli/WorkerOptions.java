package live.recbot.cli;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import live.recbot.config.ConfigException;
import live.recbot.status.JsonStatusLog;
import live.recbot.status.RoomStatus;
import live.recbot.status.StatusFileWriter;
import live.recbot.status.WebhookNotifier;
import picocli.CommandLine.Option;

/** Options that run and serve share: where status goes and how logs look. */
final class WorkerOptions {
    @Option(names = "--status-file", paramLabel = "FILE", description = "Keep the status document (JSON) in this file.")
    Path statusFile;

    @Option(names = "--webhook-url", paramLabel = "URL",
            description = "POST every status change here, signed with RECBOT_WEBHOOK_SECRET (X-Recbot-Signature).")
    String webhookUrl;

    @Option(names = "--log-format", paramLabel = "FORMAT", defaultValue = "text",
            description = "text (default) or json: one JSON object per line.")
    String logFormat;

    /** Validates the options that are not part of the recording config; nothing has started yet. */
    Optional<URI> validate(Map<String, String> env) {
        if (!logFormat.equals("text") && !logFormat.equals("json")) {
            throw new ConfigException("--log-format", "must be text or json, got '" + logFormat + "'");
        }
        if (webhookUrl == null) {
            return Optional.empty();
        }
        URI url;
        try {
            url = new URI(webhookUrl.trim());
        } catch (java.net.URISyntaxException e) {
            throw new ConfigException("--webhook-url", "is not a valid URL");
        }
        if (url.getScheme() == null || !(url.getScheme().equals("http") || url.getScheme().equals("https"))
                || url.getHost() == null) {
            throw new ConfigException("--webhook-url", "must be an http:// or https:// URL with a host");
        }
        String secret = env.get("RECBOT_WEBHOOK_SECRET");
        if (secret == null || secret.isBlank()) {
            throw new ConfigException("--webhook-url", "needs RECBOT_WEBHOOK_SECRET to sign the webhooks");
        }
        return Optional.of(url);
    }

    void applyLogFormat() {
        if (logFormat.equals("json")) {
            Logs.useJson();
        }
    }

    /** Attaches the status file, the status log and the webhook; returns the webhook to close last. */
    Optional<WebhookNotifier> attach(RoomStatus room, Optional<URI> webhook, Map<String, String> env) {
        if (statusFile != null) {
            StatusFileWriter writer = new StatusFileWriter(statusFile.toAbsolutePath());
            room.addChangeListener(c -> writer.onStatus(c.status()));
        }
        room.addChangeListener(new JsonStatusLog());
        return webhook.map(url -> {
            WebhookNotifier n = new WebhookNotifier(url, env.get("RECBOT_WEBHOOK_SECRET"));
            room.addChangeListener(n);
            return n;
        });
    }

    static final Duration WEBHOOK_DRAIN = Duration.ofSeconds(10);
}
