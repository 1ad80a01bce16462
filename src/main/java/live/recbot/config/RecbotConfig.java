package live.recbot.config;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * Everything one recbot session reads, parsed once and validated: the SDK's recording request
 * plus the worker's own settings. Immutable; every component gets it (or the part it needs)
 * through its constructor.
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
 */
public record RecbotConfig(
        HMSRecordingConfig recording,
        Path outputDir,
        Duration maxDuration,
        Optional<Path> statusFile,
        String endCondition,
        Duration pageLoadTimeout,
        boolean serverRecording,
        Duration rtmpRetryTimeout,
        Duration noMediaTimeout,
        int browserRecoveries) {

    public static final String DEFAULT_END_CONDITION = "window.recbotMeetingEnded === true";
    public static final Duration DEFAULT_MAX_DURATION = Duration.ofHours(6);
    public static final Duration MAX_MAX_DURATION = Duration.ofHours(24);
    public static final Duration DEFAULT_PAGE_LOAD_TIMEOUT = Duration.ofSeconds(30);
    public static final Path DEFAULT_OUTPUT_DIR = Path.of("recordings");
    public static final Duration DEFAULT_RTMP_RETRY_TIMEOUT = Duration.ofSeconds(60);
    public static final Duration DEFAULT_NO_MEDIA_TIMEOUT = Duration.ofMinutes(10);
    public static final int DEFAULT_BROWSER_RECOVERIES = 3;
    public static final int MAX_BROWSER_RECOVERIES = 20;

    public RecbotConfig {
        Objects.requireNonNull(recording, "recording");
        outputDir = (outputDir == null ? DEFAULT_OUTPUT_DIR : outputDir).toAbsolutePath().normalize();
        maxDuration = maxDuration == null ? DEFAULT_MAX_DURATION : maxDuration;
        if (maxDuration.isNegative() || maxDuration.isZero() || maxDuration.compareTo(MAX_MAX_DURATION) > 0) {
            throw new ConfigException("maxDuration", "must be more than 0 and at most 24h");
        }
        statusFile = statusFile == null ? Optional.empty() : statusFile.map(p -> p.toAbsolutePath().normalize());
        endCondition = endCondition == null || endCondition.isBlank() ? DEFAULT_END_CONDITION : endCondition.strip();
        pageLoadTimeout = pageLoadTimeout == null ? DEFAULT_PAGE_LOAD_TIMEOUT : pageLoadTimeout;
        if (pageLoadTimeout.isNegative() || pageLoadTimeout.isZero()) {
            throw new ConfigException("pageLoadTimeout", "must be more than 0");
        }
        rtmpRetryTimeout = rtmpRetryTimeout == null ? DEFAULT_RTMP_RETRY_TIMEOUT : rtmpRetryTimeout;
        if (rtmpRetryTimeout.isNegative()) {
            throw new ConfigException("rtmpRetryTimeout", "must not be negative");
        }
        if (browserRecoveries < 0 || browserRecoveries > MAX_BROWSER_RECOVERIES) {
            throw new ConfigException("browserRecoveries", "must be between 0 and " + MAX_BROWSER_RECOVERIES
                    + ", got " + browserRecoveries);
        }
        noMediaTimeout = noMediaTimeout == null ? DEFAULT_NO_MEDIA_TIMEOUT : noMediaTimeout;
        if (noMediaTimeout.isNegative()) {
            throw new ConfigException("noMediaTimeout", "must not be negative");
        }
    }

    public HMSResolution resolution() {
        return recording.resolution();
    }

    /** The archival recording's configuration: the same page, recorded only. */
    public RecbotConfig archival() {
        return new RecbotConfig(new HMSRecordingConfig(recording.meetingUrl(), java.util.List.of(), true,
                recording.resolution()), outputDir, maxDuration, Optional.empty(), endCondition, pageLoadTimeout, true,
                rtmpRetryTimeout, noMediaTimeout, browserRecoveries);
    }
}
