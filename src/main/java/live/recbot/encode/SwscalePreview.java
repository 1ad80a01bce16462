package live.recbot.encode;

import static org.bytedeco.ffmpeg.global.avutil.AVERROR_EINVAL;
import static org.bytedeco.ffmpeg.global.avutil.AV_PIX_FMT_BGR0;
import static org.bytedeco.ffmpeg.global.avutil.AV_PIX_FMT_RGB0;
import static org.bytedeco.ffmpeg.global.avutil.AV_PIX_FMT_YUV420P;
import static org.bytedeco.ffmpeg.global.swscale.SWS_AREA;
import static org.bytedeco.ffmpeg.global.swscale.SWS_CS_ITU601;
import static org.bytedeco.ffmpeg.global.swscale.sws_freeContext;
import static org.bytedeco.ffmpeg.global.swscale.sws_getCoefficients;
import static org.bytedeco.ffmpeg.global.swscale.sws_getContext;
import static org.bytedeco.ffmpeg.global.swscale.sws_scale;
import static org.bytedeco.ffmpeg.global.swscale.sws_setColorspaceDetails;

import org.bytedeco.ffmpeg.avutil.AVFrame;
import org.bytedeco.ffmpeg.swscale.SwsContext;
import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.javacpp.IntPointer;
import org.bytedeco.javacpp.PointerPointer;

/** The preview's shrink by swscale's area filter, where libyuv cannot: about three times its time. */
final class SwscalePreview implements PreviewShrink {
    private static final int FULL_RANGE = 1;
    private static final int UNIT = 1 << 16;

    @Override
    public void shrink(byte[] pixels, int width, int height, boolean redFirst, AVFrame out) throws FFmpegException {
        PreviewShrink.requirePixels(pixels, width, height);
        SwsContext sws = sws_getContext(width, height, redFirst ? AV_PIX_FMT_RGB0 : AV_PIX_FMT_BGR0,
                out.width(), out.height(), AV_PIX_FMT_YUV420P, SWS_AREA, null, null, (double[]) null);
        if (sws == null) {
            throw new FFmpegException("no swscale context for the preview", AVERROR_EINVAL());
        }
        try (BytePointer image = new BytePointer(pixels);
                // swscale reads four planes' pointers and strides, whatever the format.
                PointerPointer<BytePointer> data = new PointerPointer<BytePointer>(4).put(0, image);
                IntPointer stride = new IntPointer(4).put(0, width * 4)) {
            IntPointer bt601 = sws_getCoefficients(SWS_CS_ITU601);
            if (sws_setColorspaceDetails(sws, bt601, FULL_RANGE, bt601, FULL_RANGE, 0, UNIT, UNIT) < 0) {
                throw new FFmpegException("swscale cannot make the preview full range", AVERROR_EINVAL());
            }
            FFmpegException.check("shrinking the preview with swscale",
                    sws_scale(sws, data, stride, 0, height, out.data(), out.linesize()));
        } finally {
            sws_freeContext(sws);
        }
    }
}
