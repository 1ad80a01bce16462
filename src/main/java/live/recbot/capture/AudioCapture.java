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
     * How much later than its sound a moment's picture reaches the capture: Chromium composites
     * and puts a frame on the screen some 18-33 ms after the page draws it (measured per frame
     * with bench/PictureLatency), and x11grab samples the screen only every 33 ms, while the
     * sink's monitor hands sound over within a fragment and the page's own output latency already
     * places its sound (measured: within 3 ms of where the page scheduled it). Sound is stamped
     * this much later so that the two line up in the outputs. Calibrated with the test page's
     * flash and beep markers: at 80 ms, 13 runs of 25 s gave per-run A/V medians of +43 to +56 ms
     * (median +49), so 80 - 49 ms. (Before the WebDriver session was attached ahead of the
     * recording, the picture's delay differed by up to 90 ms from run to run; see RecordingSession.
     * With RTMP outputs it still settles one or more display frames deeper in some runs: 18-65 ms
     * over ten runs, BENCHMARKS.md. A run's offset then carries the difference.)
     */
    static final long PICTURE_LAG_MICROS = 31_000;
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
