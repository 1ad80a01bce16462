package live.recbot.encode;

import static org.bytedeco.ffmpeg.global.avutil.AV_PIX_FMT_BGR0;
import static org.bytedeco.ffmpeg.global.avutil.AV_PIX_FMT_BGRA;
import static org.bytedeco.ffmpeg.global.avutil.AV_PIX_FMT_RGB0;
import static org.bytedeco.ffmpeg.global.avutil.AV_PIX_FMT_RGBA;

import java.awt.image.BufferedImage;
import java.awt.image.DataBufferInt;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.Arrays;
import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.stream.ImageOutputStream;
import javax.imageio.stream.MemoryCacheImageOutputStream;

/**
 * A still of the recorded picture for people to look at: shrunk to at most {@value #MAX_WIDTH}
 * pixels wide by averaging each output pixel's box of screen pixels (sharper text than bilinear
 * at 2:1 and 3:1), then JPEG-encoded by the JDK's ImageIO. All in Java memory, on the caller's
 * thread; no native object outlives the call.
 */
public final class PreviewJpeg {
    public static final int MAX_WIDTH = 640;
    private static final float QUALITY = 0.8f;

    static {
        // recbot never opens a window: AWT's image classes must not look for the X display that a
        // session's Xvfb may have put in the environment.
        if (System.getProperty("java.awt.headless") == null) {
            System.setProperty("java.awt.headless", "true");
        }
    }

    /** A picture size. */
    public record Size(int width, int height) {
    }

    private PreviewJpeg() {
    }

    /** The preview's size for a picture: at most {@value #MAX_WIDTH} wide, same aspect, at least 1x1. */
    public static Size scaled(int width, int height) {
        if (width <= MAX_WIDTH) {
            return new Size(width, height);
        }
        return new Size(MAX_WIDTH, Math.max(1, (int) Math.round(height * (double) MAX_WIDTH / width)));
    }

    /**
     * The JPEG of a picture of 4-byte pixels, rows packed.
     *
     * @throws IllegalArgumentException for a pixel format other than bgr0, bgra, rgb0 or rgba
     */
    public static byte[] encode(byte[] pixels, int width, int height, int pixelFormat) throws IOException {
        Size size = scaled(width, height);
        BufferedImage image = new BufferedImage(size.width(), size.height(), BufferedImage.TYPE_INT_RGB);
        int[] rgb = ((DataBufferInt) image.getRaster().getDataBuffer()).getData();
        shrink(pixels, width, height, redOffset(pixelFormat), rgb, size);
        ImageWriter writer = ImageIO.getImageWritersByFormatName("jpeg").next();
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(32 * 1024);
        // In memory: ImageIO's default stream would cache through a temporary file.
        try (ImageOutputStream out = new MemoryCacheImageOutputStream(bytes)) {
            writer.setOutput(out);
            ImageWriteParam param = writer.getDefaultWriteParam();
            param.setCompressionMode(ImageWriteParam.MODE_EXPLICIT);
            param.setCompressionQuality(QUALITY);
            writer.write(null, new IIOImage(image, null, null), param);
        } finally {
            writer.dispose();
        }
        return bytes.toByteArray();
    }

    /** Where red is in a pixel; blue is two bytes the other side, green between. */
    private static int redOffset(int pixelFormat) {
        if (pixelFormat == AV_PIX_FMT_BGR0 || pixelFormat == AV_PIX_FMT_BGRA) {
            return 2;
        }
        if (pixelFormat == AV_PIX_FMT_RGB0 || pixelFormat == AV_PIX_FMT_RGBA) {
            return 0;
        }
        throw new IllegalArgumentException("the preview cannot read FFmpeg pixel format " + pixelFormat
                + "; it reads 32-bit bgr0, bgra, rgb0 and rgba");
    }

    /**
     * Averages each output pixel's box of input pixels into {@code rgb} (0xRRGGBB); with the same
     * size in and out it copies. One pass over the input, row by row.
     */
    static void shrink(byte[] pixels, int width, int height, int red, int[] rgb, Size out) {
        int blue = 2 - red;
        int[] column = new int[width];
        int[] perColumn = new int[out.width()];
        for (int x = 0; x < width; x++) {
            column[x] = (int) ((long) x * out.width() / width);
            perColumn[column[x]]++;
        }
        int[] sums = new int[out.width() * 3];
        int y = 0;
        for (int oy = 0; oy < out.height(); oy++) {
            int rowsEnd = (int) ((long) (oy + 1) * height / out.height());
            Arrays.fill(sums, 0);
            int rows = 0;
            for (; y < rowsEnd; y++, rows++) {
                int i = y * width * 4;
                for (int x = 0; x < width; x++, i += 4) {
                    int s = column[x] * 3;
                    sums[s] += pixels[i + red] & 0xff;
                    sums[s + 1] += pixels[i + 1] & 0xff;
                    sums[s + 2] += pixels[i + blue] & 0xff;
                }
            }
            int o = oy * out.width();
            for (int ox = 0; ox < out.width(); ox++) {
                int n = Math.max(1, perColumn[ox] * rows);
                int s = ox * 3;
                rgb[o + ox] = (sums[s] + n / 2) / n << 16 | (sums[s + 1] + n / 2) / n << 8 | (sums[s + 2] + n / 2) / n;
            }
        }
    }
}
