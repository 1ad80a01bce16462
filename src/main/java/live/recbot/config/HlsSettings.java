package live.recbot.config;

import java.time.Duration;

/**
 * A live HLS rendition of the session's one encode.
 *
 * @param segmentSeconds each segment's length; the encoder starts every segment with a keyframe
 */
public record HlsSettings(int segmentSeconds) {
    public static final int MIN_SEGMENT_SECONDS = 1;
    /** Longer segments would leave a player, and a crash, that far behind the meeting. */
    public static final int MAX_SEGMENT_SECONDS = 30;
    public static final HlsSettings DEFAULT = new HlsSettings(4);

    public HlsSettings {
        if (segmentSeconds < MIN_SEGMENT_SECONDS || segmentSeconds > MAX_SEGMENT_SECONDS) {
            throw new ConfigException(ConfigField.HLS_SEGMENT_SECONDS.json(), "must be " + MIN_SEGMENT_SECONDS
                    + " to " + MAX_SEGMENT_SECONDS + " seconds, got " + segmentSeconds);
        }
    }

    public Duration segment() {
        return Duration.ofSeconds(segmentSeconds);
    }
}
