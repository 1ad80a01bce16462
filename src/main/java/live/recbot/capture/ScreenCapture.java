package live.recbot.capture;

import java.time.Duration;
import live.recbot.encode.AsyncVideoEncoder;
import org.bytedeco.ffmpeg.avcodec.AVPacket;
import org.bytedeco.ffmpeg.avcodec.AVCodecParameters;
import org.bytedeco.javacv.FFmpegFrameGrabber;

/**
 * The session's X display, grabbed with x11grab at the encoder's size and picture interval, which
 * keeps step with the browser's frame clock ({@link live.recbot.encode.EncoderSettings#frameInterval}).
 */
public final class ScreenCapture extends CaptureSource {
    public static final String SOURCE = "video";
    private final String display;
    private final int width;
    private final int height;
    private final Duration interval;
    private final AsyncVideoEncoder encoder;
    private final MediaActivity activity;
    // Fixed once the device is open; read once rather than through JNI on every frame.
    private int pixelFormat;
    private int rows;
    private boolean warmedUp;

    public ScreenCapture(String display, int width, int height, Duration interval, AsyncVideoEncoder encoder,
                         MediaClock clock, MediaActivity activity, CaptureListener listener) {
        super(SOURCE, clock.primarySource(), listener);
        this.display = display;
        this.width = width;
        this.height = height;
        this.interval = interval;
        this.encoder = encoder;
        this.activity = activity;
    }

    @Override
    protected FFmpegFrameGrabber grabber() {
        FFmpegFrameGrabber g = new FFmpegFrameGrabber(display + ".0+0,0");
        g.setFormat("x11grab");
        g.setImageWidth(width);
        g.setImageHeight(height);
        // Exactly, as a fraction: the grabber's own conversion of a decimal rate would round it.
        g.setOption("framerate", "1000000/" + interval.toNanos() / 1000);
        g.setOption("draw_mouse", "0");
        // A raw device needs no probing; this keeps start-up to one frame.
        g.setOption("probesize", "32");
        g.setOption("fpsprobesize", "0");
        g.setOption("analyzeduration", "0");
        return g;
    }

    @Override
    protected void opened(FFmpegFrameGrabber grabber) {
        AVCodecParameters par = grabber.getFormatContext().streams(0).codecpar();
        pixelFormat = par.format();
        rows = par.height();
    }

    /** The first picture of the hold warms up the conversion, so the recording's first picture is not slowed. */
    @Override
    protected void held(AVPacket packet) throws Exception {
        if (!warmedUp) {
            warmedUp = true;
            encoder.warmUp(packet, packet.size() / rows, pixelFormat);
        }
    }

    @Override
    protected void encode(AVPacket packet, FFmpegFrameGrabber grabber, long sessionMicros) throws Exception {
        int stride = packet.size() / rows;
        activity.picture(packet.data().capacity(packet.size()).asByteBuffer());
        encoder.submit(packet, stride, pixelFormat, sessionMicros);
    }

    @Override
    protected void flush() throws Exception {
        encoder.finish();
    }
}
