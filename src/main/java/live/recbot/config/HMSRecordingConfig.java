package live.recbot.config;

import java.net.URI;
import java.util.List;
import java.util.Optional;

/**
 * What the 100ms SDK's startRtmpOrRecording takes: the page to open, where to stream, whether to
 * record, at which size, and whether the sound alone; recbot adds an HLS rendition. Built only
 * through {@link Validation}, so an instance is always valid.
 */
public record HMSRecordingConfig(URI meetingUrl, List<URI> rtmpUrls, boolean record, HMSResolution resolution,
                                 Optional<HlsSettings> hls, boolean audioOnly) {
    public static final int MAX_RTMP_URLS = 3;

    public HMSRecordingConfig {
        Validation.meetingUrl(meetingUrl);
        if (rtmpUrls == null) {
            rtmpUrls = List.of();
        }
        for (int i = 0; i < rtmpUrls.size(); i++) {
            if (rtmpUrls.get(i) == null) {
                throw new ConfigException("rtmpUrls[" + i + "]", "must not be null");
            }
        }
        rtmpUrls = List.copyOf(rtmpUrls);
        if (rtmpUrls.size() > MAX_RTMP_URLS) {
            throw new ConfigException("rtmpUrls", "at most " + MAX_RTMP_URLS + " URLs, got " + rtmpUrls.size());
        }
        for (int i = 0; i < rtmpUrls.size(); i++) {
            Validation.rtmpUrl("rtmpUrls[" + i + "]", rtmpUrls.get(i));
        }
        if (rtmpUrls.stream().distinct().count() != rtmpUrls.size()) {
            throw new ConfigException("rtmpUrls", "each URL may appear only once");
        }
        if (hls == null) {
            hls = Optional.empty();
        }
        if (audioOnly && hls.isPresent()) {
            throw new ConfigException("hls", "is not available with audioOnly (the rendition needs a picture)");
        }
        if (!record && rtmpUrls.isEmpty() && hls.isEmpty()) {
            throw new ConfigException("record", "set record or hls to true or give at least one rtmpUrls entry");
        }
        if (resolution == null) {
            resolution = HMSResolution.DEFAULT;
        }
    }

    /** A request with picture and sound, without an HLS rendition. */
    public HMSRecordingConfig(URI meetingUrl, List<URI> rtmpUrls, boolean record, HMSResolution resolution) {
        this(meetingUrl, rtmpUrls, record, resolution, Optional.empty(), false);
    }

    /** A request with picture and sound. */
    public HMSRecordingConfig(URI meetingUrl, List<URI> rtmpUrls, boolean record, HMSResolution resolution,
                              Optional<HlsSettings> hls) {
        this(meetingUrl, rtmpUrls, record, resolution, hls, false);
    }

    /** Without an HLS rendition. */
    public HMSRecordingConfig(URI meetingUrl, List<URI> rtmpUrls, boolean record, HMSResolution resolution,
                              boolean audioOnly) {
        this(meetingUrl, rtmpUrls, record, resolution, Optional.empty(), audioOnly);
    }

    public boolean streaming() {
        return !rtmpUrls.isEmpty();
    }
}
