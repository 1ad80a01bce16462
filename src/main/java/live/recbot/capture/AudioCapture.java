package live.recbot.capture;

import live.recbot.encode.AudioEncoder;
import org.bytedeco.ffmpeg.avcodec.AVPacket;
import org.bytedeco.javacv.FFmpegFrameGrabber;

/** The monitor of the session's PulseAudio sink: what the browser plays, 48 kHz stereo. */
public final class AudioCapture extends CaptureSource {
    /**
     * The most sound one read returns, as FFmpeg's own default: the sink's rendering, not this,
     * sets how often sound arrives, and timestamps carry the latency, so a larger size costs no sync.
     */
    static final int FRAGMENT_MS = 50;
    /**
     * How much later than its sound a moment's picture reaches the capture: Chromium paints and
     * composites a frame after the page draws it, and x11grab samples the screen only every 33 ms,
     * while the sink's monitor hands sound over within a fragment. Sound is stamped this much later
     * so that the two line up in the outputs. Measured with scripts/bench (BENCHMARKS.md) from the
     * test page's flash and beep markers; without it the sound led the picture by this much.
     * Each run keeps one offset throughout, set when it starts, and runs differ, so the value
     * centres many runs: at 80 ms, three full benchmark runs (36 runs of 60 s) gave per-run medians
     * whose median was +13 to +14 ms; two thirds lay within -3..+23 ms, the rest near -30 or +50.
     */
    static final long PICTURE_LAG_MICROS = 80_000;
    private final String server;
    private final String source;
    private final int sampleRate;
    private final int channels;
    private final AudioEncoder encoder;
    private final MediaActivity activity;

    public AudioCapture(String server, String source, int sampleRate, int channels, AudioEncoder encoder,
                        MediaClock clock, MediaActivity activity, CaptureListener listener) {
        super("audio", clock.source(), listener);
        this.server = server;
        this.source = source;
        this.sampleRate = sampleRate;
        this.channels = channels;
        this.encoder = encoder;
        this.activity = activity;
    }

    @Override
    protected FFmpegFrameGrabber grabber() {
        FFmpegFrameGrabber g = new FFmpegFrameGrabber(source);
        g.setFormat("pulse");
        g.setOption("server", server);
        g.setOption("name", "recbot");
        g.setOption("stream_name", "recbot capture");
        g.setOption("sample_rate", Integer.toString(sampleRate));
        g.setOption("channels", Integer.toString(channels));
        g.setOption("fragment_size", Integer.toString(sampleRate * channels * 2 * FRAGMENT_MS / 1000));
        g.setOption("probesize", "32");
        g.setOption("analyzeduration", "0");
        return g;
    }

    @Override
    protected void encode(AVPacket packet, FFmpegFrameGrabber grabber, long sessionMicros) throws Exception {
        activity.sound(packet.data().capacity(packet.size()).asByteBuffer());
        encoder.encode(packet.data(), packet.size(), sessionMicros + PICTURE_LAG_MICROS);
    }

    @Override
    protected void flush() throws Exception {
        encoder.flush();
    }
}
