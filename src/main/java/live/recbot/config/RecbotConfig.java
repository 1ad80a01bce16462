package live.recbot.config;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Everything one recbot session reads: the worker's settings plus the SDK's recording request,
 * each validated by its own record, and the request's hosts by the settings' allow-lists.
 * Immutable; every component gets it (or the part it needs) through its constructor.
 */
public record RecbotConfig(WorkerSettings settings, HMSRecordingConfig recording) {

    public RecbotConfig {
        Objects.requireNonNull(settings, "settings");
        Objects.requireNonNull(recording, "recording");
        settings.allowedHosts().check(recording);
    }

    public HMSResolution resolution() {
        return recording.resolution();
    }

    public Path outputDir() {
        return settings.outputDir();
    }

    public Duration maxDuration() {
        return settings.maxDuration();
    }

    public Optional<Path> statusFile() {
        return settings.statusFile();
    }

    public String endCondition() {
        return settings.endCondition();
    }

    public Duration pageLoadTimeout() {
        return settings.pageLoadTimeout();
    }

    public boolean serverRecording() {
        return settings.serverRecording();
    }

    public Duration rtmpRetryTimeout() {
        return settings.rtmpRetryTimeout();
    }

    public Duration noMediaTimeout() {
        return settings.noMediaTimeout();
    }

    public int browserRecoveries() {
        return settings.browserRecoveries();
    }

    public Optional<UploadSettings> upload() {
        return settings.upload();
    }

    /** The archival recording's configuration: the same page and media, recorded only. */
    public RecbotConfig archival() {
        return new RecbotConfig(settings.forArchival(), new HMSRecordingConfig(recording.meetingUrl(), List.of(), true,
                recording.resolution(), recording.audioOnly()));
    }
}
