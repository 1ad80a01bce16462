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
        if (pixelFormat == AV_PIX_FMT_BGR0 || pixelFormat == AV_PIX_FMT_BGRA) {
            Optional<String> problem = LibyuvConverter.unavailable();
            if (problem.isEmpty()) {
                return new LibyuvConverter();
            }
            LoggerFactory.getLogger(PictureConverter.class).warn("libyuv is not usable ({}): converting pictures with swscale, which takes about six times the CPU",
                    problem.get());
        }
        return new SwscaleConverter(pixelFormat, width, height);
    }
}
