package live.recbot.encode;

import static org.bytedeco.ffmpeg.global.avutil.AVERROR_EINVAL;

import java.util.Optional;
import org.bytedeco.ffmpeg.avutil.AVFrame;
import org.bytedeco.javacpp.BytePointer;

/**
 * The preview's shrink by libyuv through recbot's bridge (src/main/c/recbot_yuv.c): full-range
 * BT.601 yuv420p as JPEG wants it, then I420Scale's box filter (each output pixel the mean of its
 * box: sharper text than bilinear at 2:1 and 3:1; libyuv itself goes bilinear where a preview pixel
 * covers less than two screen pixels). Native, so it needs no JIT warm-up (docs/architecture.md,
 * record 21).
 */
final class LibyuvPreview implements PreviewShrink {
    /** Why libyuv cannot shrink the preview here, or empty. */
    static Optional<String> unavailable() {
        Optional<String> problem = LibyuvConverter.unavailable();
        if (problem.isPresent()) {
            return problem;
        }
        try {
            return ready() ? Optional.empty()
                    : Optional.of("libyuv.so.0 has no I420Scale, ARGBToJ420 or ABGRToJ420");
        } catch (UnsatisfiedLinkError e) {
            // A bridge built before the preview's functions: the preview then uses swscale.
            return Optional.of("recbot's libyuv bridge has no preview functions: " + e.getMessage());
        }
    }

    LibyuvPreview() {
        Optional<String> problem = unavailable();
        if (problem.isPresent()) {
            throw new IllegalStateException("libyuv is not usable for the preview: " + problem.get());
        }
    }

    @Override
    public void shrink(byte[] pixels, int width, int height, boolean redFirst, AVFrame out) throws FFmpegException {
        PreviewShrink.requirePixels(pixels, width, height);
        long chroma = (long) ((width + 1) / 2) * ((height + 1) / 2);
        try (BytePointer fullSize = new BytePointer((long) width * height + 2 * chroma)) {
            int ret = shrinkToJ420(pixels, width, height, redFirst, fullSize.address(), out.width(), out.height(),
                    out.data(0).address(), out.linesize(0), out.data(1).address(), out.linesize(1),
                    out.data(2).address(), out.linesize(2));
            if (ret != 0) {
                throw new FFmpegException("shrinking the preview with libyuv (it returned " + ret + ")",
                        AVERROR_EINVAL());
            }
        }
    }

    private static native boolean ready();

    private static native int shrinkToJ420(byte[] pixels, int width, int height, boolean redFirst, long scratch,
                                           int outWidth, int outHeight, long y, int yStride, long u, int uStride,
                                           long v, int vStride);
}
