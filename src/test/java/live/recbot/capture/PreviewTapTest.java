package live.recbot.capture;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.bytedeco.ffmpeg.global.avutil.AV_PIX_FMT_BGR0;

import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The preview's copy: taken by the capture thread only when asked, rows packed, the stamp left out. */
class PreviewTapTest {
    private static final int WIDTH = 6;
    private static final int HEIGHT = 4;
    /** Padded rows, and two stamp rows below the picture, as x11grab may deliver them. */
    private static final int STRIDE = WIDTH * 4 + 8;
    private final ScheduledExecutorService frames = Executors.newSingleThreadScheduledExecutor();
    private final AtomicInteger copies = new AtomicInteger();

    @AfterEach
    void stop() {
        frames.shutdownNow();
    }

    /** Every byte of the screen numbered by its place, so a misplaced row shows. */
    static ByteBuffer screen(int width, int height, int stride) {
        ByteBuffer b = ByteBuffer.allocateDirect(stride * (height + 2));
        for (int i = 0; i < b.capacity(); i++) {
            b.put(i, (byte) (i * 7));
        }
        return b.limit(stride * height);
    }

    /** A capture thread at 100 frames a second doing what ScreenCapture does per frame. */
    private void capture(PreviewTap tap, ByteBuffer screen, int stride) {
        frames.scheduleAtFixedRate(() -> {
            if (tap.wanted()) {
                // Counted first: the asker may wake and look before copy() returns.
                copies.incrementAndGet();
                tap.copy(screen, stride, AV_PIX_FMT_BGR0);
            }
        }, 0, 10, TimeUnit.MILLISECONDS);
    }

    @Test
    void copiesThePicturesRowsPackedOnlyWhenAsked() throws Exception {
        PreviewTap tap = new PreviewTap(WIDTH, HEIGHT);
        ByteBuffer screen = screen(WIDTH, HEIGHT, STRIDE);
        capture(tap, screen, STRIDE);

        Optional<byte[]> taken = tap.take(Duration.ofSeconds(5), p -> {
            assertThat(p.width()).isEqualTo(WIDTH);
            assertThat(p.height()).isEqualTo(HEIGHT);
            assertThat(p.pixelFormat()).isEqualTo(AV_PIX_FMT_BGR0);
            return p.pixels().clone();
        });

        byte[] expected = new byte[WIDTH * HEIGHT * 4];
        for (int y = 0; y < HEIGHT; y++) {
            for (int x = 0; x < WIDTH * 4; x++) {
                expected[y * WIDTH * 4 + x] = screen.get(y * STRIDE + x);
            }
        }
        assertThat(taken).hasValueSatisfying(p -> assertThat(p).isEqualTo(expected));
        assertThat(copies).hasValue(1);
        assertThat(tap.wanted()).as("the ask is cleared by the copy").isFalse();
        assertThat(screen.position()).isZero();
        assertThat(screen.limit()).isEqualTo(STRIDE * HEIGHT);
    }

    @Test
    void withoutFramesTheAskEndsEmptyAfterTheWaitAndIsWithdrawn() throws Exception {
        PreviewTap tap = new PreviewTap(WIDTH, HEIGHT);
        assertThat(tap.wanted()).isFalse();

        Optional<String> taken = tap.take(Duration.ofMillis(100), p -> "read");

        assertThat(taken).isEmpty();
        assertThat(tap.wanted()).isFalse();
    }

    @Test
    void onceReleasedEveryAskIsEmptyAtOnceAndNothingIsAsked() throws Exception {
        PreviewTap tap = new PreviewTap(WIDTH, HEIGHT);
        capture(tap, screen(WIDTH, HEIGHT, STRIDE), STRIDE);
        assertThat(tap.take(Duration.ofSeconds(5), p -> "read")).contains("read");

        tap.release();

        long start = System.nanoTime();
        assertThat(tap.take(Duration.ofSeconds(5), p -> "read")).isEmpty();
        assertThat(Duration.ofNanos(System.nanoTime() - start)).as("without the 5 s wait for a picture")
                .isLessThan(Duration.ofSeconds(4));
        assertThat(tap.wanted()).isFalse();
        assertThat(copies).hasValue(1);
    }

    @Test
    void anImageSmallerThanThePictureIsAnErrorNotAnOverrun() {
        PreviewTap tap = new PreviewTap(WIDTH, HEIGHT);
        capture(tap, screen(WIDTH, HEIGHT - 1, STRIDE), STRIDE);

        assertThatThrownBy(() -> tap.take(Duration.ofSeconds(5), p -> "read"))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("6x4");
    }
}
