package live.recbot.encode;

import static org.bytedeco.ffmpeg.global.avutil.AV_PIX_FMT_BGR0;
import static org.bytedeco.ffmpeg.global.avutil.AV_PIX_FMT_BGRA;

import java.util.Optional;
import org.bytedeco.ffmpeg.avutil.AVFrame;
import org.bytedeco.javacpp.BytePointer;
import org.slf4j.LoggerFactory;

/**
 * Turns a captured screen image into the encoder's yuv420p picture, in place in the encoder's
 * frame. Confined to the encoding thread, like the encoder.
 */
sealed interface PictureConverter extends AutoCloseable permits LibyuvConverter, SwscaleConverter {
    /**
     * Converts the top {@code frame.height()} rows of the image.
     *
     * @param image  the top-left pixel of the capture buffer
     * @param stride bytes per row of the capture buffer
     */
    void convert(BytePointer image, int stride, AVFrame frame) throws FFmpegException;

    @Override
    void close();

    /**
     * libyuv for the X server's 32-bit pixels (bgr0 is libyuv's ARGB: B, G, R, X in memory), where
     * libyuv is installed; swscale otherwise.
     */
    static PictureConverter forFormat(int pixelFormat, int width, int height) throws FFmpegException {
        return forFormat(pixelFormat, width, height, LibyuvConverter.unavailable());
    }

    /** As {@link #forFormat(int, int, int)}, given why libyuv is not usable here, if it is not. */
    static PictureConverter forFormat(int pixelFormat, int width, int height, Optional<String> libyuvProblem)
            throws FFmpegException {
        if (pixelFormat == AV_PIX_FMT_BGR0 || pixelFormat == AV_PIX_FMT_BGRA) {
            if (libyuvProblem.isEmpty()) {
                return new LibyuvConverter();
            }
            LoggerFactory.getLogger(PictureConverter.class).warn(
                    "libyuv is not usable ({}): converting pictures with swscale, which takes about six times the CPU",
                    libyuvProblem.get());
        }
        return new SwscaleConverter(pixelFormat, width, height);
    }
}
