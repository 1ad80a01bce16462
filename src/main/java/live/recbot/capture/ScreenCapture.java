package live.recbot.capture;

import live.recbot.core.ErrorCode;

import java.nio.ByteBuffer;
import java.time.Duration;
import live.recbot.browser.ChromiumBrowser;
import live.recbot.browser.PictureStamp;
import live.recbot.encode.AsyncVideoEncoder;
import org.bytedeco.ffmpeg.avcodec.AVPacket;
import org.bytedeco.ffmpeg.avcodec.AVCodecParameters;
import org.bytedeco.javacv.FFmpegFrameGrabber;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The session's X display, grabbed with x11grab at the encoder's picture interval, which keeps
 * step with the browser's frame clock ({@link live.recbot.encode.EncoderSettings#frameInterval}),
 * at the moment the {@link GrabPhase} says.
 * Each grab holds the picture and, below it, the page's {@link PictureStamp}: the stamp is read
 * into the {@link PictureLag}, and only the picture is encoded (and copied for the {@link PreviewTap}
 * when it asks).
 */
public final class ScreenCapture extends CaptureSource {
    private static final Logger log = LoggerFactory.getLogger(ScreenCapture.class);
    public static final String SOURCE = "video";
    /** Far above any grab rate, so x11grab's own clock is always behind and never sleeps. */
    private static final int UNPACED_RATE = 1000;
    private final String display;
    private final int width;
    private final int height;
    private final Duration interval;
    private final AsyncVideoEncoder encoder;
    private final MediaActivity activity;
    private final PictureLag lag;
    private final PreviewTap preview;
    private final GrabPhase phase;
    // Fixed once the device is open; read once rather than through JNI on every frame.
    private int pixelFormat;
    private int rows;
    private boolean warmedUp;

    public ScreenCapture(String display, int width, int height, Duration interval, AsyncVideoEncoder encoder,
                         MediaClock clock, MediaActivity activity, PictureLag lag, PreviewTap preview,
                         CaptureListener listener) {
        super(SOURCE, ErrorCode.VIDEO_CAPTURE_FAILED, clock.primarySource(), listener);
        this.display = display;
        this.width = width;
        this.height = height;
        this.interval = interval;
        this.encoder = encoder;
        this.activity = activity;
        this.lag = lag;
        this.preview = preview;
        this.phase = new GrabPhase(interval, ChromiumBrowser.FRAME_INTERVAL);
    }

    @Override
    protected FFmpegFrameGrabber grabber() {
        FFmpegFrameGrabber g = new FFmpegFrameGrabber(display + ".0+0,0");
        g.setFormat("x11grab");
        g.setImageWidth(width);
        g.setImageHeight(PictureStamp.windowHeight(height));
        // The grabs are paced by the GrabPhase: x11grab's own pacing, at this rate, never waits.
        g.setOption("framerate", Integer.toString(UNPACED_RATE));
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

    /**
     * The first picture of the hold warms up the conversion, so the recording's first picture is
     * not slowed; every picture of the hold is measured, so the sound starts at the right delay.
     */
    @Override
    protected void held(AVPacket packet, Timing captured) throws Exception {
        int stride = packet.size() / rows;
        phase.picture(lag.frame(screen(packet), stride, captured.wallMicros(), false));
        if (!warmedUp) {
            warmedUp = true;
            encoder.warmUp(packet, stride, pixelFormat);
        }
    }

    @Override
    protected void encode(AVPacket packet, Timing captured) throws Exception {
        // A late grab is stamped when it was due, so its picture keeps its slot (FrameSlots).
        long stamp = Math.max(0, Math.min(captured.sessionMicros(), captured.sessionMicrosAt(phase.dueMicros())));
        int stride = packet.size() / rows;
        ByteBuffer screen = screen(packet);
        phase.picture(lag.frame(screen, stride, captured.wallMicros(), true));
        // The stamp changes in every frame, the picture may not.
        activity.picture(screen.limit(stride * height));
        encoder.submit(packet, stride, pixelFormat, stamp);
        // One volatile read per frame; the copy happens at most once a second, when the API asks.
        if (preview.wanted()) {
            preview.copy(screen, stride, pixelFormat);
        }
    }

    @Override
    protected void beforeGrab() {
        phase.awaitNext();
    }

    private static ByteBuffer screen(AVPacket packet) {
        return packet.data().capacity(packet.size()).asByteBuffer();
    }

    @Override
    protected void flush() throws Exception {
        lag.logSummary();
        if (phase.moves() > 1) {
            log.info("the grab moved {} times", phase.moves());
        }
        encoder.finish();
    }
}
