package live.recbot.encode;

import static org.bytedeco.ffmpeg.global.avutil.AVERROR_EINVAL;
import static org.bytedeco.ffmpeg.global.avutil.AV_PIX_FMT_YUV420P;
import static org.bytedeco.ffmpeg.global.swscale.SWS_POINT;
import static org.bytedeco.ffmpeg.global.swscale.sws_freeContext;
import static org.bytedeco.ffmpeg.global.swscale.sws_getContext;
import static org.bytedeco.ffmpeg.global.swscale.sws_scale;

import org.bytedeco.ffmpeg.avutil.AVFrame;
import org.bytedeco.ffmpeg.swscale.SwsContext;
import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.javacpp.IntPointer;
import org.bytedeco.javacpp.PointerPointer;

/** FFmpeg's swscale: any pixel format FFmpeg knows, for X servers and hosts libyuv does not serve. */
final class SwscaleConverter implements PictureConverter {
    private final SwsContext sws;
    private final int height;
    private final PointerPointer<BytePointer> srcData = new PointerPointer<>(4);
    private final IntPointer srcStride = new IntPointer(4);

    SwscaleConverter(int pixelFormat, int width, int height) throws FFmpegException {
        this.height = height;
        // Same size in and out, so the flag only picks how chroma is subsampled to 4:2:0; luma is
        // converted pixel by pixel either way. Point sampling is the fastest, and its chroma is no
        // worse than bilinear's against a 4:4:4 original (docs/architecture.md, record 3).
        sws = sws_getContext(width, height, pixelFormat, width, height, AV_PIX_FMT_YUV420P, SWS_POINT,
                null, null, (double[]) null);
        if (sws == null) {
            srcData.close();
            srcStride.close();
            throw new FFmpegException("no conversion from pixel format " + pixelFormat, AVERROR_EINVAL());
        }
    }

    @Override
    public void convert(BytePointer image, int stride, AVFrame frame) {
        srcData.put(0, image);
        srcStride.put(0, stride);
        sws_scale(sws, srcData, srcStride, 0, height, frame.data(), frame.linesize());
    }

    @Override
    public void close() {
        sws_freeContext(sws);
        srcData.close();
        srcStride.close();
    }
}
