package live.recbot.encode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.bytedeco.ffmpeg.global.avutil.AV_PIX_FMT_BGR0;
import static org.bytedeco.ffmpeg.global.avutil.AV_PIX_FMT_RGB0;
import static org.bytedeco.ffmpeg.global.avutil.AV_PIX_FMT_YUV420P;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import javax.imageio.ImageIO;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

/** The preview still: at most 640 wide, same aspect, each output pixel the mean of its box. */
class PreviewJpegTest {

    @ParameterizedTest(name = "{0}x{1} -> {2}x{3}")
    @CsvSource({"1280,720,640,360", "1920,1080,640,360", "854,480,640,360", "640,360,640,360", "320,180,320,180",
            "1080,1920,640,1138", "1920,2,640,1"})
    void atMost640WideKeepingTheAspect(int width, int height, int outWidth, int outHeight) {
        assertThat(PreviewJpeg.scaled(width, height)).isEqualTo(new PreviewJpeg.Size(outWidth, outHeight));
    }

    /** A bgr0 picture whose pixel (x, y) is {@code rgb(x, y)}. */
    private static byte[] bgr0(int width, int height, java.util.function.IntBinaryOperator rgb) {
        byte[] p = new byte[width * height * 4];
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                int c = rgb.applyAsInt(x, y);
                int i = (y * width + x) * 4;
                p[i] = (byte) c;
                p[i + 1] = (byte) (c >> 8);
                p[i + 2] = (byte) (c >> 16);
            }
        }
        return p;
    }

    @Test
    void eachOutputPixelIsTheMeanOfItsBox() {
        // 4x2 to 2x1: the left box holds 10, 20, 30, 40 in red; the right box 100 in green and 200 in blue.
        int[] reds = {10, 20, 0, 0, 30, 40, 0, 0};
        byte[] p = bgr0(4, 2, (x, y) -> x < 2 ? reds[y * 4 + x] << 16 : 100 << 8 | 200);
        int[] out = new int[2];

        PreviewJpeg.shrink(p, 4, 2, 2, out, new PreviewJpeg.Size(2, 1));

        assertThat(out).containsExactly(25 << 16, 100 << 8 | 200);
    }

    @Test
    void rgb0IsReadWithRedFirst() {
        byte[] p = {(byte) 200, 0, 50, 0};
        int[] out = new int[1];

        PreviewJpeg.shrink(p, 1, 1, 0, out, new PreviewJpeg.Size(1, 1));

        assertThat(out).containsExactly(200 << 16 | 50);
    }

    @Test
    void aWideScreenBecomesA640WideJpegThatShowsIt() throws Exception {
        byte[] p = bgr0(1280, 720, (x, y) -> x < 640 ? 0xff0000 : 0x0000ff);

        byte[] jpeg = PreviewJpeg.encode(p, 1280, 720, AV_PIX_FMT_BGR0);

        BufferedImage image = ImageIO.read(new ByteArrayInputStream(jpeg));
        assertThat(image.getWidth()).isEqualTo(640);
        assertThat(image.getHeight()).isEqualTo(360);
        assertThat(channels(image.getRGB(160, 180))).as("left: red").satisfies(c -> {
            assertThat(c[0]).isGreaterThan(230);
            assertThat(c[2]).isLessThan(25);
        });
        assertThat(channels(image.getRGB(480, 180))).as("right: blue").satisfies(c -> {
            assertThat(c[0]).isLessThan(25);
            assertThat(c[2]).isGreaterThan(230);
        });
        byte[] rgb0 = PreviewJpeg.encode(p, 1280, 720, AV_PIX_FMT_RGB0);
        assertThat(channels(ImageIO.read(new ByteArrayInputStream(rgb0)).getRGB(160, 180))[2])
                .as("the same bytes read as rgb0 put the colour in blue").isGreaterThan(230);
    }

    @Test
    void anotherPixelFormatIsRefusedByName() {
        assertThatThrownBy(() -> PreviewJpeg.encode(new byte[16], 2, 2, AV_PIX_FMT_YUV420P))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("pixel format " + AV_PIX_FMT_YUV420P).hasMessageContaining("bgr0");
    }

    private static int[] channels(int rgb) {
        return new int[] {rgb >> 16 & 0xff, rgb >> 8 & 0xff, rgb & 0xff};
    }
}
