package live.recbot.encode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.bytedeco.ffmpeg.global.avutil.AV_PIX_FMT_BGR0;
import static org.bytedeco.ffmpeg.global.avutil.AV_PIX_FMT_RGB565LE;
import static org.bytedeco.ffmpeg.global.avutil.AV_PIX_FMT_YUV420P;
import static org.bytedeco.ffmpeg.global.avutil.av_frame_alloc;
import static org.bytedeco.ffmpeg.global.avutil.av_frame_free;
import static org.bytedeco.ffmpeg.global.avutil.av_frame_get_buffer;

import org.bytedeco.ffmpeg.avutil.AVFrame;
import org.bytedeco.javacpp.BytePointer;
import org.junit.jupiter.api.Test;

/**
 * Both real converters, on a capture buffer shaped like the screen grab's: rows padded past the
 * picture's width, and rows below the picture (the page's stamp) that must not leak into it.
 */
class PictureConverterTest {
    private static final int WIDTH = 320;
    private static final int HEIGHT = 180;
    /** Bytes per captured row: wider than the picture, as a padded X image may be. */
    private static final int STRIDE = WIDTH * 4 + 64;
    /** Rows captured below the picture. */
    private static final int EXTRA_ROWS = 2;
    /** White, yellow, cyan, green, magenta, red, blue, black, as {R, G, B}. */
    private static final int[][] BARS = {
            {255, 255, 255}, {255, 255, 0}, {0, 255, 255}, {0, 255, 0},
            {255, 0, 255}, {255, 0, 0}, {0, 0, 255}, {0, 0, 0}};
    private static final int BAR = WIDTH / BARS.length;

    @Test
    void libyuvConvertsTheXServersPixelsOnThisMachine() throws Exception {
        // scripts/setup installs libyuv, and the build puts the bridge in the jar: on a machine set
        // up for recbot, falling back to swscale is a defect, not an option.
        assertThat(LibyuvConverter.unavailable()).as("why libyuv is not usable").isEmpty();
        try (PictureConverter c = PictureConverter.forFormat(AV_PIX_FMT_BGR0, WIDTH, HEIGHT)) {
            assertThat(c).isInstanceOf(LibyuvConverter.class);
        }
    }

    @Test
    void otherPixelFormatsAreConvertedBySwscale() throws Exception {
        try (PictureConverter c = PictureConverter.forFormat(AV_PIX_FMT_RGB565LE, WIDTH, HEIGHT)) {
            assertThat(c).isInstanceOf(SwscaleConverter.class);
        }
    }

    @Test
    void withoutLibyuvTheXServersPixelsAreConvertedBySwscale() throws Exception {
        try (PictureConverter c = PictureConverter.forFormat(AV_PIX_FMT_BGR0, WIDTH, HEIGHT,
                java.util.Optional.of("libyuv.so.0: cannot open shared object file"))) {
            assertThat(c).isInstanceOf(SwscaleConverter.class);
            assertBars(c);
        }
    }

    @Test
    void libyuvGivesColourBarsTheirBt601LimitedRangeValues() throws Exception {
        try (PictureConverter c = new LibyuvConverter()) {
            assertBars(c);
        }
    }

    @Test
    void swscaleGivesColourBarsTheirBt601LimitedRangeValues() throws Exception {
        try (PictureConverter c = new SwscaleConverter(AV_PIX_FMT_BGR0, WIDTH, HEIGHT)) {
            assertBars(c);
        }
    }

    private static void assertBars(PictureConverter converter) throws Exception {
        AVFrame frame = av_frame_alloc();
        try (BytePointer screen = bars()) {
            frame.format(AV_PIX_FMT_YUV420P);
            frame.width(WIDTH);
            frame.height(HEIGHT);
            assertThat(av_frame_get_buffer(frame, 0)).isZero();
            converter.convert(screen, STRIDE, frame);
            for (int i = 0; i < BARS.length; i++) {
                int r = BARS[i][0], g = BARS[i][1], b = BARS[i][2];
                long y = Math.round(16 + (65.481 * r + 128.553 * g + 24.966 * b) / 255);
                long u = Math.round(128 + (-37.797 * r - 74.203 * g + 112.0 * b) / 255);
                long v = Math.round(128 + (112.0 * r - 93.786 * g - 18.214 * b) / 255);
                // Every row, the last included: the stamp rows below the picture must not show.
                for (int row = 0; row < HEIGHT; row++) {
                    // Away from the bar's edges, where chroma mixes two bars.
                    for (int col = i * BAR + 2; col < (i + 1) * BAR - 2; col++) {
                        assertThat(level(frame, 0, row, col)).as("Y of bar %d, row %d, column %d", i, row, col)
                                .isBetween(y - 1, y + 1);
                        assertThat(level(frame, 1, row / 2, col / 2)).as("U of bar %d at %d,%d", i, row, col)
                                .isBetween(u - 2, u + 2);
                        assertThat(level(frame, 2, row / 2, col / 2)).as("V of bar %d at %d,%d", i, row, col)
                                .isBetween(v - 2, v + 2);
                    }
                }
            }
        } finally {
            av_frame_free(frame);
        }
    }

    private static long level(AVFrame frame, int plane, int row, int col) {
        return frame.data(plane).get((long) row * frame.linesize(plane) + col) & 0xff;
    }

    /** Colour bars in bgr0 (B, G, R, 0 in memory), with grey padding and grey rows below. */
    private static BytePointer bars() {
        BytePointer image = new BytePointer((long) STRIDE * (HEIGHT + EXTRA_ROWS));
        for (long i = 0; i < image.capacity(); i++) {
            image.put(i, (byte) 0x80);
        }
        for (int row = 0; row < HEIGHT; row++) {
            for (int col = 0; col < WIDTH; col++) {
                int[] rgb = BARS[col / BAR];
                long at = (long) row * STRIDE + col * 4L;
                image.put(at, (byte) rgb[2]);
                image.put(at + 1, (byte) rgb[1]);
                image.put(at + 2, (byte) rgb[0]);
                image.put(at + 3, (byte) 0);
            }
        }
        return image;
    }
}
