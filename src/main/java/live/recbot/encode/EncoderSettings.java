package live.recbot.encode;

import java.time.Duration;
import live.recbot.config.HMSResolution;

/**
 * How the one encode is done. The video bitrate scales with the pixel count (about 0.09 bits per
 * pixel per frame: 2.5 Mb/s at 720p30), within limits a live ingest accepts.
 *
 * @param fps           the nominal frame rate
 * @param frameInterval the time between two pictures, which is also the video's time base: a
 *                      whole number of the browser's frames nearest to 1/fps ({@link #frameInterval})
 */
public record EncoderSettings(int width, int height, int fps, Duration frameInterval, long videoBitrate, String preset,
                              int audioSampleRate, int audioChannels, long audioBitrate) {
    public static final int FPS = 30;
    public static final int KEYFRAME_SECONDS = 2;
    static final long MIN_VIDEO_BITRATE = 250_000;
    static final long MAX_VIDEO_BITRATE = 6_000_000;
    /**
     * x264's preset: a third less CPU than veryfast, with picture quality within about 0.1 dB
     * PSNR of it at the same bitrate (docs/architecture.md, record 33).
     */
    static final String PRESET = "superfast";

    /** @param browserFrame the interval of the browser's frame clock, which the capture keeps step with */
    public static EncoderSettings forResolution(HMSResolution r, Duration browserFrame) {
        long bitrate = Math.round(r.width() * (double) r.height() * FPS * 0.09);
        bitrate = Math.max(MIN_VIDEO_BITRATE, Math.min(MAX_VIDEO_BITRATE, bitrate));
        return new EncoderSettings(r.width(), r.height(), FPS, frameInterval(FPS, browserFrame), bitrate, PRESET,
                48_000, 2, 128_000);
    }

    /**
     * The picture interval for a frame rate: the whole number of browser frames nearest to 1/fps.
     * A capture on a clock of its own beats against the browser's: each grab would find a picture a
     * little older than the last, falling behind the sound until, a browser frame later, it jumps
     * back. In step, that age stays what it was at the start (docs/architecture.md, record 4).
     */
    public static Duration frameInterval(int fps, Duration browserFrame) {
        long frames = Math.max(1, Math.round(1_000_000_000.0 / fps / browserFrame.toNanos()));
        return browserFrame.multipliedBy(frames);
    }

    public int gopSize() {
        return fps * KEYFRAME_SECONDS;
    }
}
