package live.recbot.encode;

import live.recbot.config.HMSResolution;

/**
 * How the one encode is done. The video bitrate scales with the pixel count (about 0.09 bits per
 * pixel per frame: 2.5 Mb/s at 720p30), within limits a live ingest accepts.
 */
public record EncoderSettings(int width, int height, int fps, long videoBitrate, String preset, int audioSampleRate,
                              int audioChannels, long audioBitrate) {
    public static final int FPS = 30;
    public static final int KEYFRAME_SECONDS = 2;
    static final long MIN_VIDEO_BITRATE = 250_000;
    static final long MAX_VIDEO_BITRATE = 6_000_000;

    public static EncoderSettings forResolution(HMSResolution r) {
        long bitrate = Math.round(r.width() * (double) r.height() * FPS * 0.09);
        bitrate = Math.max(MIN_VIDEO_BITRATE, Math.min(MAX_VIDEO_BITRATE, bitrate));
        return new EncoderSettings(r.width(), r.height(), FPS, bitrate, "veryfast", 48_000, 2, 128_000);
    }

    public int gopSize() {
        return fps * KEYFRAME_SECONDS;
    }
}
