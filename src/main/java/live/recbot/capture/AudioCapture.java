package live.recbot.capture;

import live.recbot.core.ErrorCode;

import live.recbot.encode.AudioEncoder;
import org.bytedeco.ffmpeg.avcodec.AVPacket;
import org.bytedeco.javacv.FFmpegFrameGrabber;

/** The monitor of the session's PulseAudio sink: what the browser plays, 48 kHz stereo. */
public final class AudioCapture extends CaptureSource {
    public static final String SOURCE = "audio";
    /**
     * The most sound one read returns, as FFmpeg's own default: the sink's rendering, not this,
     * sets how often sound arrives, and timestamps carry the latency, so a larger size costs no sync.
     */
    static final int FRAGMENT_MS = 50;
    private final String server;
    private final String source;
    private final int sampleRate;
    private final int channels;
    private final AudioEncoder encoder;
    private final MediaActivity activity;
    private final SoundDelay lag;
    private long jumps;

    /**
     * @param clock the session clock's source for the sound: its primary one when there is no picture
     * @param lag   how much later than captured the sound is stamped, to meet its picture
     */
    public AudioCapture(String server, String source, int sampleRate, int channels, AudioEncoder encoder,
                        MediaClock.Source clock, MediaActivity activity, SoundDelay lag, CaptureListener listener) {
        super(SOURCE, ErrorCode.AUDIO_CAPTURE_FAILED, clock, listener);
        this.server = server;
        this.source = source;
        this.sampleRate = sampleRate;
        this.channels = channels;
        this.encoder = encoder;
        this.activity = activity;
        this.lag = lag;
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
    protected void encode(AVPacket packet, Timing captured) throws Exception {
        activity.sound(packet.data().capacity(packet.size()).asByteBuffer());
        long changes = lag.jumps();
        if (changes != jumps) {
            jumps = changes;
            encoder.realignNext();
        }
        encoder.encode(packet.data(), packet.size(), captured.sessionMicros() + lag.soundDelayMicros());
    }

    @Override
    protected void flush() throws Exception {
        encoder.flush();
    }
}
