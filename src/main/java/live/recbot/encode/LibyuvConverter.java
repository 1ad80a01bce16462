package live.recbot.encode;

import static org.bytedeco.ffmpeg.global.avutil.AVERROR_EINVAL;

import java.io.File;
import java.util.Optional;
import org.bytedeco.ffmpeg.avutil.AVFrame;
import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.javacpp.Loader;

/**
 * libyuv's ARGBToI420, through recbot's JNI bridge (src/main/c/recbot_yuv.c): about six times
 * faster than swscale at its fastest, which saves a tenth of recbot's capture and encode CPU
 * (docs/architecture.md, record 3). Chroma is the mean of each 2x2 block; the range and matrix
 * are swscale's, BT.601 limited range.
 */
public final class LibyuvConverter implements PictureConverter {
    private static final String LIBRARY = "librecbot-yuv.so";
    /** Why libyuv cannot be used here, or null: decided once per process. */
    private static final String PROBLEM = load();

    private static String load() {
        try {
            File bridge = Loader.cacheResource(LibyuvConverter.class, LIBRARY);
            if (bridge == null) {
                return LIBRARY + " is not in recbot's jar";
            }
            System.load(bridge.getAbsolutePath());
            return open();
        } catch (Exception | UnsatisfiedLinkError e) {
            return e.getMessage();
        }
    }

    /** Why libyuv is not usable in this process, if it is not. */
    public static Optional<String> unavailable() {
        return Optional.ofNullable(PROBLEM);
    }

    LibyuvConverter() {
        if (PROBLEM != null) {
            throw new IllegalStateException("libyuv is not usable: " + PROBLEM);
        }
    }

    @Override
    public void convert(BytePointer image, int stride, AVFrame frame) throws FFmpegException {
        int ret = argbToI420(image.address() + image.position(), stride,
                frame.data(0).address(), frame.linesize(0),
                frame.data(1).address(), frame.linesize(1),
                frame.data(2).address(), frame.linesize(2),
                frame.width(), frame.height());
        if (ret != 0) {
            throw new FFmpegException("converting a picture with libyuv (ARGBToI420 returned " + ret + ")",
                    AVERROR_EINVAL());
        }
    }

    @Override
    public void close() {
    }

    /** Returns null once libyuv is open, or why it cannot be. */
    private static native String open();

    private static native int argbToI420(long src, int srcStride, long y, int yStride, long u, int uStride,
                                         long v, int vStride, int width, int height);
}
