package live.recbot.encode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.bytedeco.ffmpeg.global.avutil.AV_PIX_FMT_BGR0;
import static org.bytedeco.ffmpeg.global.avutil.AV_PIX_FMT_BGRA;
import static org.bytedeco.ffmpeg.global.avutil.AV_PIX_FMT_RGB0;
import static org.bytedeco.ffmpeg.global.avutil.AV_PIX_FMT_RGBA;
import static org.bytedeco.ffmpeg.global.avutil.AV_PIX_FMT_YUV420P;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.function.IntBinaryOperator;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The preview still, made by each shrink recbot has (libyuv, and swscale where libyuv is missing):
 * at most 640 wide, same aspect, each output pixel the mean of its box at 3:1, full-range colours,
 * decoded here by the JDK's JPEG reader as a browser would read it.
 */
class PreviewJpegTest {

    /** swscale always; libyuv where it is usable ({@link #theDefaultShrinkIsLibyuvWhichSetupInstalls} fails where not). */
    static Stream<Named<PreviewShrink>> shrinks() {
        Stream<Named<PreviewShrink>> swscale = Stream.of(Named.of("swscale", new SwscalePreview()));
        return LibyuvPreview.unavailable().isPresent() ? swscale
                : Stream.concat(Stream.of(Named.of("libyuv", new LibyuvPreview())), swscale);
    }

    /** Each shrink at each kind of size: odd, below 2:1, the same size, one row. */
    static Stream<Arguments> sizes() {
        return shrinks().flatMap(shrink -> Stream.of("1280x720", "1279x719", "1366x768", "854x480", "640x360",
                "1920x2", "2x2").map(size -> Arguments.of(shrink, size)));
    }

    @ParameterizedTest(name = "{0}x{1} -> {2}x{3}")
    @CsvSource({"1280,720,640,360", "1920,1080,640,360", "854,480,640,360", "640,360,640,360", "320,180,320,180",
            "1080,1920,640,1138", "1920,2,640,1"})
    void atMost640WideKeepingTheAspect(int width, int height, int outWidth, int outHeight) {
        assertThat(PreviewJpeg.scaled(width, height)).isEqualTo(new PreviewJpeg.Size(outWidth, outHeight));
    }

    @Test
    void theDefaultShrinkIsLibyuvWhichSetupInstalls() throws Exception {
        assertThat(LibyuvPreview.unavailable()).isEmpty();
        assertThat(PreviewJpeg.SHRINK).isInstanceOf(LibyuvPreview.class);
        byte[] jpeg = PreviewJpeg.encode(bgr0(1280, 720, (x, y) -> 0x336699), 1280, 720, AV_PIX_FMT_BGR0);
        assertThat(ImageIO.read(new ByteArrayInputStream(jpeg)).getWidth()).isEqualTo(640);
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("sizes")
    void everySizeBecomesAPreviewOfItsScaledSizeAndColour(PreviewShrink shrink, String size) throws Exception {
        int width = Integer.parseInt(size.substring(0, size.indexOf('x')));
        int height = Integer.parseInt(size.substring(size.indexOf('x') + 1));
        byte[] p = bgr0(width, height, (x, y) -> 0x3366cc);

        BufferedImage image = decoded(p, width, height, AV_PIX_FMT_BGR0, shrink);

        PreviewJpeg.Size expected = PreviewJpeg.scaled(width, height);
        assertThat(image.getWidth()).isEqualTo(expected.width());
        assertThat(image.getHeight()).isEqualTo(expected.height());
        int[] c = channels(image.getRGB(expected.width() / 2, expected.height() / 2));
        assertThat(c[0]).as("red").isBetween(0x33 - 6, 0x33 + 6);
        assertThat(c[1]).as("green").isBetween(0x66 - 6, 0x66 + 6);
        assertThat(c[2]).as("blue").isBetween(0xcc - 6, 0xcc + 6);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("shrinks")
    void theAlphaFormatsReadAsTheirOpaqueTwins(PreviewShrink shrink) throws Exception {
        byte[] p = bgr0(640, 360, (x, y) -> 0xcc3366);
        for (int i = 3; i < p.length; i += 4) {
            p[i] = (byte) 0x80;
        }

        int bgra = decoded(p, 640, 360, AV_PIX_FMT_BGRA, shrink).getRGB(320, 180);
        int rgba = decoded(p, 640, 360, AV_PIX_FMT_RGBA, shrink).getRGB(320, 180);

        assertThat(channels(bgra)[0]).as("bgra: red where bgr0 has it").isGreaterThan(0xcc - 8);
        assertThat(channels(rgba)[2]).as("rgba: the same byte read as blue").isGreaterThan(0xcc - 8);
    }

    /** A bgr0 picture whose pixel (x, y) is {@code rgb(x, y)}. */
    private static byte[] bgr0(int width, int height, IntBinaryOperator rgb) {
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

    private static BufferedImage decoded(byte[] pixels, int width, int height, int format, PreviewShrink shrink)
            throws IOException {
        byte[] jpeg = PreviewJpeg.encode(pixels, width, height, format, shrink);
        BufferedImage image = ImageIO.read(new ByteArrayInputStream(jpeg));
        assertThat(image).as("a JPEG the JDK reads").isNotNull();
        return image;
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("shrinks")
    void aWideScreenBecomesA640WideJpegThatShowsIt(PreviewShrink shrink) throws Exception {
        byte[] p = bgr0(1280, 720, (x, y) -> x < 640 ? 0xff0000 : 0x0000ff);

        BufferedImage image = decoded(p, 1280, 720, AV_PIX_FMT_BGR0, shrink);

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
        BufferedImage rgb0 = decoded(p, 1280, 720, AV_PIX_FMT_RGB0, shrink);
        assertThat(channels(rgb0.getRGB(160, 180))[2]).as("the same bytes read as rgb0 put the colour in blue")
                .isGreaterThan(230);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("shrinks")
    void blackStaysBlackAndWhiteWhite(PreviewShrink shrink) throws Exception {
        // A limited-range JPEG would show black as 16 and white as 235.
        byte[] p = bgr0(1280, 720, (x, y) -> x < 640 ? 0x000000 : 0xffffff);

        BufferedImage image = decoded(p, 1280, 720, AV_PIX_FMT_BGR0, shrink);

        assertThat(listed(image.getRGB(160, 180))).as("black").allSatisfy(c -> assertThat(c).isLessThan(5));
        assertThat(listed(image.getRGB(480, 180))).as("white").allSatisfy(c -> assertThat(c).isGreaterThan(250));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("shrinks")
    void eachPreviewPixelIsTheMeanOfItsBox(PreviewShrink shrink) throws Exception {
        // 1920 to 640 is 3:1. One white column in three: a box gives 85 everywhere; a filter that
        // samples fewer columns than its box gives stripes or another grey.
        byte[] p = bgr0(1920, 1080, (x, y) -> x % 3 == 0 ? 0xffffff : 0);

        BufferedImage image = decoded(p, 1920, 1080, AV_PIX_FMT_BGR0, shrink);

        for (int x = 100; x < 110; x++) {
            assertThat(listed(image.getRGB(x, 180))).as("grey at x=%d", x)
                    .allSatisfy(c -> assertThat(c).isBetween(80, 90));
        }
    }

    @Test
    void anotherPixelFormatIsRefusedByName() {
        assertThatThrownBy(() -> PreviewJpeg.encode(new byte[16], 2, 2, AV_PIX_FMT_YUV420P))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("pixel format " + AV_PIX_FMT_YUV420P).hasMessageContaining("bgr0");
    }

    @Test
    void aPictureShorterThanItsSizeIsRefusedBeforeItIsRead() {
        assertThatThrownBy(() -> PreviewJpeg.encode(new byte[1280 * 720 * 4 - 1], 1280, 720, AV_PIX_FMT_BGR0))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("1280x720");
        assertThatThrownBy(() -> PreviewJpeg.encode(new byte[0], 0, 720, AV_PIX_FMT_BGR0))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new LibyuvPreview().shrink(new byte[16], 1280, 720, false, null))
                .as("the native shrink checks for itself").isInstanceOf(IllegalArgumentException.class);
    }

    private static java.util.List<Integer> listed(int rgb) {
        return java.util.stream.IntStream.of(channels(rgb)).boxed().toList();
    }

    private static int[] channels(int rgb) {
        return new int[] {rgb >> 16 & 0xff, rgb >> 8 & 0xff, rgb & 0xff};
    }
}
