package live.recbot.config;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * How every session of a worker behaves, read once at launch and validated on construction; the
 * meeting and the outputs come separately with each start, as an {@link HMSRecordingConfig}.
 *
 * @param outputDir    where the recording file is written (absolute)
 * @param maxDuration  the session ends gracefully after this long
 * @param statusFile   where the status document is kept, if anywhere
 * @param endCondition a JavaScript expression; the meeting has ended once it evaluates truthy
 * @param pageLoadTimeout how long the meeting page may take to load
 * @param serverRecording whether an archival recording runs for the worker's whole life
 * @param rtmpRetryTimeout how long an RTMP output may stay down, reconnecting, before it is failed
 * @param noMediaTimeout the session ends after this long of silence and a frozen picture; zero never
 * @param browserRecoveries how many times a crashed or hung browser is replaced before the session fails
 * @param allowedHosts which hosts the meeting, the RTMP outputs and the webhook may name
 * @param upload       where finalised recordings are uploaded, if anywhere
 * @param sandbox      whether Chromium runs in its sandbox when recbot is not root
 */
public record WorkerSettings(
        Path outputDir,
        Duration maxDuration,
        Optional<Path> statusFile,
        String endCondition,
        Duration pageLoadTimeout,
        boolean serverRecording,
        Duration rtmpRetryTimeout,
        Duration noMediaTimeout,
        int browserRecoveries,
        AllowedHosts allowedHosts,
        Optional<UploadSettings> upload,
        boolean sandbox) {

    public static final String DEFAULT_END_CONDITION = ConfigField.END_CONDITION.defaultText().orElseThrow();
    public static final Duration DEFAULT_MAX_DURATION = Durations.parse(ConfigField.MAX_DURATION.json(),
            ConfigField.MAX_DURATION.defaultText().orElseThrow());
    public static final Duration MAX_MAX_DURATION = Duration.ofHours(24);
    public static final int MAX_BROWSER_RECOVERIES = 20;

    public WorkerSettings {
        outputDir = Objects.requireNonNull(outputDir, "outputDir").toAbsolutePath().normalize();
        Objects.requireNonNull(maxDuration, "maxDuration");
        if (maxDuration.isNegative() || maxDuration.isZero() || maxDuration.compareTo(MAX_MAX_DURATION) > 0) {
            throw new ConfigException(ConfigField.MAX_DURATION.json(), "must be more than 0 and at most 24h");
        }
        statusFile = Objects.requireNonNull(statusFile, "statusFile").map(p -> p.toAbsolutePath().normalize());
        endCondition = Objects.requireNonNull(endCondition, "endCondition").isBlank() ? DEFAULT_END_CONDITION
                : endCondition.strip();
        if (Objects.requireNonNull(pageLoadTimeout, "pageLoadTimeout").isNegative() || pageLoadTimeout.isZero()) {
            throw new ConfigException(ConfigField.PAGE_LOAD_TIMEOUT.json(), "must be more than 0");
        }
        if (Objects.requireNonNull(rtmpRetryTimeout, "rtmpRetryTimeout").isNegative()) {
            throw new ConfigException(ConfigField.RTMP_RETRY_TIMEOUT.json(), "must not be negative");
        }
        if (browserRecoveries < 0 || browserRecoveries > MAX_BROWSER_RECOVERIES) {
            throw new ConfigException(ConfigField.BROWSER_RECOVERIES.json(), "must be between 0 and "
                    + MAX_BROWSER_RECOVERIES + ", got " + browserRecoveries);
        }
        if (Objects.requireNonNull(noMediaTimeout, "noMediaTimeout").isNegative()) {
            throw new ConfigException(ConfigField.NO_MEDIA_TIMEOUT.json(), "must not be negative");
        }
        Objects.requireNonNull(allowedHosts, "allowedHosts");
        Objects.requireNonNull(upload, "upload");
    }

    /** The table's defaults, valid by construction. */
    public static WorkerSettings defaults() {
        return ConfigLoader.settings(ConfigOverrides.NONE);
    }

    /** The archival recording's settings: it keeps no status file of its own. */
    WorkerSettings forArchival() {
        return new WorkerSettings(outputDir, maxDuration, Optional.empty(), endCondition, pageLoadTimeout, true,
                rtmpRetryTimeout, noMediaTimeout, browserRecoveries, allowedHosts, upload, sandbox);
    }
}
