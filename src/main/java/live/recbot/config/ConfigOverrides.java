package live.recbot.config;

import java.nio.file.Path;
import java.util.List;

/**
 * Values from one config source before validation, as the source spelled them. A null field means
 * "not given here", so a later source only overrides what it actually sets.
 */
public record ConfigOverrides(
        String meetingUrl,
        List<String> rtmpUrls,
        Boolean record,
        String resolution,
        Path outputDir,
        String maxDuration,
        Path statusFile,
        String endCondition,
        String pageLoadTimeout,
        Boolean serverRecording,
        String rtmpRetryTimeout,
        String noMediaTimeout,
        String browserRecoveries) {

    public static final ConfigOverrides NONE = new ConfigOverrides(null, null, null, null, null, null, null, null, null, null,
            null, null, null);

    /** This source's values on top of {@code base}. */
    public ConfigOverrides over(ConfigOverrides base) {
        return new ConfigOverrides(
                meetingUrl != null ? meetingUrl : base.meetingUrl,
                rtmpUrls != null ? rtmpUrls : base.rtmpUrls,
                record != null ? record : base.record,
                resolution != null ? resolution : base.resolution,
                outputDir != null ? outputDir : base.outputDir,
                maxDuration != null ? maxDuration : base.maxDuration,
                statusFile != null ? statusFile : base.statusFile,
                endCondition != null ? endCondition : base.endCondition,
                pageLoadTimeout != null ? pageLoadTimeout : base.pageLoadTimeout,
                serverRecording != null ? serverRecording : base.serverRecording,
                rtmpRetryTimeout != null ? rtmpRetryTimeout : base.rtmpRetryTimeout,
                noMediaTimeout != null ? noMediaTimeout : base.noMediaTimeout,
                browserRecoveries != null ? browserRecoveries : base.browserRecoveries);
    }
}
