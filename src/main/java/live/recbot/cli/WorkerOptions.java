package live.recbot.cli;

import java.net.URI;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import live.recbot.config.ConfigException;
import live.recbot.config.WorkerSettings;
import live.recbot.upload.S3Endpoint;
import picocli.CommandLine.Option;

/** Options that run and serve share besides the config fields: the webhook and how logs look. */
final class WorkerOptions {
    static final String WEBHOOK_SECRET_ENV = "RECBOT_WEBHOOK_SECRET";

    @Option(names = "--webhook-url", paramLabel = "URL",
            description = "POST every status change here, signed with RECBOT_WEBHOOK_SECRET (X-Recbot-Signature); "
                    + "its host must be allowed by allowedWebhookHosts (link-local and metadata hosts only if listed).")
    String webhookUrl;

    @Option(names = "--log-format", paramLabel = "FORMAT", defaultValue = "text",
            description = "text (default) or json: one JSON object per line.")
    String logFormat;

    /** Validates these options, nothing having started yet, into what the host needs. */
    HostOptions validate(Map<String, String> env, WorkerSettings settings) {
        Optional<Path> statusFile = settings.statusFile();
        if (settings.upload().isPresent()) {
            S3Endpoint.fromEnv(env);
        }
        if (!logFormat.equals("text") && !logFormat.equals("json")) {
            throw new ConfigException("--log-format", "must be text or json, got '" + logFormat + "'");
        }
        if (webhookUrl == null) {
            return new HostOptions(statusFile, Optional.empty(), Optional.empty());
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
        settings.allowedHosts().checkWebhook("--webhook-url", url);
        String secret = env.get(WEBHOOK_SECRET_ENV);
        if (secret == null || secret.isBlank()) {
            throw new ConfigException("--webhook-url", "needs " + WEBHOOK_SECRET_ENV + " to sign the webhooks");
        }
        return new HostOptions(statusFile, Optional.of(url), Optional.of(secret));
    }

    boolean jsonLogs() {
        return logFormat.equals("json");
    }

    void applyLogFormat() {
        if (jsonLogs()) {
            Logs.useJson();
        }
    }
}
