package live.recbot.session;

import java.time.Duration;
import live.recbot.capture.CaptureListener;
import live.recbot.capture.CaptureSource;
import live.recbot.capture.MediaActivity;
import live.recbot.capture.MediaClock;
import live.recbot.capture.PictureLag;
import live.recbot.capture.PreviewTap;
import live.recbot.capture.ScreenCapture;
import live.recbot.encode.AsyncVideoEncoder;
import live.recbot.encode.EncodedStream;
import live.recbot.encode.EncoderSettings;
import live.recbot.encode.FFmpegException;
import live.recbot.encode.PacketSink;
import live.recbot.encode.VideoEncoder;

/**
 * The picture's part of the media pipeline: the H.264 encode, its thread, the picture's lag that
 * the sound follows, and the screen capture feeding them. A session of the sound alone has none,
 * so nothing of it runs.
 */
final class VideoBranch implements AutoCloseable {
    private final EncoderSettings settings;
    private final VideoEncoder encoder;
    private final AsyncVideoEncoder thread;
    private final PictureLag lag;

    private VideoBranch(EncoderSettings settings, VideoEncoder encoder, AsyncVideoEncoder thread) {
        this.settings = settings;
        this.encoder = encoder;
        this.thread = thread;
        this.lag = new PictureLag(settings.width(), settings.height());
    }

    /** Opens the encoder, with a keyframe at every {@code segment} boundary if positive, and starts its thread. */
    static VideoBranch open(EncoderSettings settings, PacketSink sink, Duration segment) throws FFmpegException {
        VideoEncoder encoder = new VideoEncoder(settings, sink, segment);
        try {
            return new VideoBranch(settings, encoder, new AsyncVideoEncoder(encoder));
        } catch (RuntimeException e) {
            encoder.close();
            throw e;
        }
    }

    EncodedStream stream() {
        return encoder.stream();
    }

    /** The screen capture of {@code display}, feeding this branch; its first picture starts the time line. */
    CaptureSource capture(String display, MediaClock clock, MediaActivity activity, PreviewTap preview,
                          CaptureListener listener) {
        return new ScreenCapture(display, settings.width(), settings.height(), settings.frameInterval(), thread,
                clock, activity, lag, preview, listener);
    }

    VideoEncoder encoder() {
        return encoder;
    }

    AsyncVideoEncoder thread() {
        return thread;
    }

    PictureLag lag() {
        return lag;
    }

    /** Drains nothing: the capture has drained the encoder already. Frees the thread, then the encoder. */
    @Override
    public void close() {
        thread.close();
        encoder.close();
    }
}
