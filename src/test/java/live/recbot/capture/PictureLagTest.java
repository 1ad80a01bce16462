package live.recbot.capture;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import live.recbot.browser.PictureStamp;
import org.junit.jupiter.api.Test;

/**
 * The stamp is read from screens painted here the way {@link PictureStamp}'s script paints them;
 * PipelineIT checks the script itself in Chromium against the test page's own stamp.
 */
class PictureLagTest {
    private static final long WALL = 1_764_000_000_123_456L;

    /** A bgr0 screen of the picture and the strip, the strip holding {@code stamp}, the rest grey. */
    static ByteBuffer screen(int width, int height, int stride, long stamp) {
        ByteBuffer b = ByteBuffer.allocateDirect(stride * PictureStamp.windowHeight(height));
        for (int i = 0; i < b.capacity(); i++) {
            b.put(i, (byte) 0x49);
        }
        int block = PictureStamp.blockWidth(width);
        for (int bit = 0; bit < PictureStamp.BITS; bit++) {
            boolean on = (stamp >>> bit & 1) == 1;
            for (int x = bit * block; x < (bit + 1) * block; x++) {
                for (int row = 0; row < PictureStamp.ROWS; row++) {
                    byte v = on ^ (row == 1) ? (byte) 255 : 0;
                    int at = (height + row) * stride + x * 4;
                    b.put(at, v).put(at + 1, v).put(at + 2, v).put(at + 3, (byte) 0);
                }
            }
        }
        return b;
    }

    /** The stamp a frame drawn {@code agoMicros} before {@link #WALL} carries. */
    static long stampAgo(long agoMicros) {
        return stampAt(WALL, agoMicros);
    }

    /** The stamp a frame drawn {@code agoMicros} before the wall-clock time {@code wall} carries. */
    static long stampAt(long wall, long agoMicros) {
        return Math.floorDiv(wall - agoMicros, 100) & 0xffff_fffeL;
    }

    @Test
    void readsTheStampAtEveryBlockWidth() {
        for (int[] size : new int[][] {{1280, 720}, {720, 1280}, {100, 64}, {64, 64}}) {
            PictureLag lag = new PictureLag(size[0], size[1]);
            long stamp = 0x9E37_A5C3_0F91L;
            assertThat(lag.stamp(screen(size[0], size[1], size[0] * 4, stamp), size[0] * 4))
                    .as("%dx%d", size[0], size[1]).isEqualTo(stamp);
            // X servers may pad rows.
            assertThat(lag.stamp(screen(size[0], size[1], size[0] * 4 + 64, stamp), size[0] * 4 + 64)).isEqualTo(stamp);
        }
    }

    @Test
    void aStripWithoutTheComplementRowIsNoStamp() {
        PictureLag lag = new PictureLag(1280, 720);
        ByteBuffer page = screen(1280, 720, 1280 * 4, 0x1234_5678L);
        // The page's own picture where the complement row should be: the bit row alone is not enough.
        int complement = 721 * 1280 * 4;
        for (int i = 0; i < 1280 * 4; i++) {
            page.put(complement + i, page.get(complement - 1280 * 4 + i));
        }
        assertThat(lag.stamp(page, 1280 * 4)).isEqualTo(-1);
        assertThat(lag.stamp(ByteBuffer.allocateDirect(1280 * 4 * 722), 1280 * 4)).isEqualTo(-1);
        // Three bytes a pixel, or a screen without the strip: nothing is read.
        assertThat(lag.stamp(ByteBuffer.allocateDirect(1280 * 3 * 722), 1280 * 3)).isEqualTo(-1);
        assertThat(lag.stamp(ByteBuffer.allocateDirect(1280 * 4 * 720), 1280 * 4)).isEqualTo(-1);
    }

    @Test
    void theDelayIsTheCaptureTimeMinusTheStampsAcrossTheWrapOfItsThirtyTwoBits() {
        assertThat(PictureLag.delayMicros(stampAgo(25_000), WALL)).isBetween(24_900L, 25_100L);
        // The stamp's low 32 bits wrap every 4.97 days: a stamp just before the wrap, read just after it.
        long wrapWall = (Math.floorDiv(WALL, 100) / (1L << 32) + 1) * (1L << 32) * 100 + 5_000;
        long stamp = stampAt(wrapWall, 30_000);
        assertThat(stamp).isGreaterThan(0xffff_0000L);
        assertThat(PictureLag.delayMicros(stamp, wrapWall)).isBetween(29_900L, 30_100L);
    }

    @Test
    void theSoundFollowsTheMiddleOfTheLastSecondsDelays() {
        PictureLag lag = new PictureLag(1280, 720);
        assertThat(lag.soundDelayMicros()).isEqualTo(PictureLag.DEFAULT_MICROS);
        assertThat(lag.pictureLagMicros()).as("nothing measured yet").isEqualTo(-1);
        long wall = WALL;
        for (int i = 0; i < PictureLag.WINDOW; i++) {
            wall += 33_332;
            // The grab's phase makes delays alternate by a display frame; one frame in ten stalls.
            long delay = i % 10 == 9 ? 250_000 : i % 2 == 0 ? 17_000 : 34_000;
            lag.frame(screen(1280, 720, 5120, stampAt(wall, delay)), 5120, wall, true);
            if (i < PictureLag.MIN_FRAMES - 1) {
                assertThat(lag.soundDelayMicros()).as("after %d frames", i + 1).isEqualTo(PictureLag.DEFAULT_MICROS);
            }
        }
        assertThat(lag.soundDelayMicros()).isBetween(25_000L + PictureLag.SOUND_AHEAD_MICROS,
                27_000L + PictureLag.SOUND_AHEAD_MICROS);
        // The browser's pipeline settles a display frame deeper: followed within the window.
        for (int i = 0; i < PictureLag.WINDOW; i++) {
            wall += 33_332;
            lag.frame(screen(1280, 720, 5120, stampAt(wall, 42_000)), 5120, wall, true);
        }
        assertThat(lag.soundDelayMicros()).isBetween(41_900L + PictureLag.SOUND_AHEAD_MICROS,
                42_100L + PictureLag.SOUND_AHEAD_MICROS);
        assertThat(lag.pictureLagMicros()).isEqualTo(lag.soundDelayMicros() - PictureLag.SOUND_AHEAD_MICROS);
        assertThat(lag.summary()).startsWith("60 of 60 recorded frames stamped");
    }

    @Test
    void whileThePagePlaysSoundThroughMediaElementsTheSoundGetsTheMediaDelay() {
        PictureLag lag = new PictureLag(1280, 720);
        long wall = WALL;
        for (int i = 0; i < PictureLag.WINDOW; i++) {
            wall += 33_332;
            long stamp = stampAt(wall, 48_000) | PictureStamp.MEDIA_BIT;
            lag.frame(screen(1280, 720, 5120, stamp), 5120, wall, true);
        }
        assertThat(lag.soundDelayMicros()).isEqualTo(PictureLag.MEDIA_SOUND_MICROS);
        assertThat(lag.pictureLagMicros()).as("still measured").isBetween(47_900L, 48_100L);
        // The media element stops: the sound follows the page's pictures again.
        for (int i = 0; i < PictureLag.WINDOW; i++) {
            wall += 33_332;
            lag.frame(screen(1280, 720, 5120, stampAt(wall, 48_000)), 5120, wall, true);
        }
        assertThat(lag.soundDelayMicros()).isBetween(47_900L + PictureLag.SOUND_AHEAD_MICROS,
                48_100L + PictureLag.SOUND_AHEAD_MICROS);
        assertThat(lag.summary()).startsWith("60 of 60 recorded frames stamped")
                .endsWith("; 30 stamped frames while the page played sound through media elements");
    }

    /** A stamp of a page that hears only WebRTC streams, whose receiver plays the sound {@code lateUnits} late. */
    static long streamStamp(long wall, long agoMicros, long lateUnits) {
        return stampAt(wall, agoMicros) | PictureStamp.MEDIA_BIT | PictureStamp.STREAM_BIT | (lateUnits & 0x7fff) << 33;
    }

    @Test
    void theReceiversLatenessIsReadSignedInTenthsOfAMillisecond() {
        assertThat(PictureStamp.receiverLateMicros(streamStamp(WALL, 0, 453))).isEqualTo(45_300);
        assertThat(PictureStamp.receiverLateMicros(streamStamp(WALL, 0, -123))).isEqualTo(-12_300);
        assertThat(PictureStamp.receiverLateMicros(streamStamp(WALL, 0, -15_000))).isEqualTo(-1_500_000);
        assertThat(PictureStamp.time(streamStamp(WALL, 0, -1))).isEqualTo(stampAt(WALL, 0));
    }

    @Test
    void whileOnlyStreamsAreHeardTheSoundIsStampedEarlierByTheReceiversLateness() {
        PictureLag lag = new PictureLag(1280, 720);
        long wall = WALL;
        for (int i = 0; i < PictureLag.WINDOW; i++) {
            wall += 33_332;
            lag.frame(screen(1280, 720, 5120, stampAt(wall, 48_000) | PictureStamp.MEDIA_BIT), 5120, wall, true);
        }
        long jumps = lag.jumps();
        // The receiver's figures arrive: taken at once, whatever the picture's delay.
        wall += 33_332;
        lag.frame(screen(1280, 720, 5120, streamStamp(wall, 48_000, 453)), 5120, wall, true);
        assertThat(lag.soundDelayMicros()).isEqualTo(PictureLag.STREAM_SOUND_MICROS - 45_300);
        assertThat(lag.jumps()).isEqualTo(jumps + 1);
        // The receiver brings its sound in a little: followed, and left to the encoder's steering.
        wall += 33_332;
        lag.frame(screen(1280, 720, 5120, streamStamp(wall, 48_000, 300)), 5120, wall, true);
        assertThat(lag.soundDelayMicros()).isEqualTo(PictureLag.STREAM_SOUND_MICROS - 30_000);
        assertThat(lag.jumps()).isEqualTo(jumps + 1);
        // And further, more than 20 ms from the lateness last taken at once: taken at once.
        wall += 33_332;
        lag.frame(screen(1280, 720, 5120, streamStamp(wall, 48_000, -123)), 5120, wall, true);
        assertThat(lag.soundDelayMicros()).isEqualTo(PictureLag.STREAM_SOUND_MICROS + 12_300);
        assertThat(lag.jumps()).isEqualTo(jumps + 2);
        // A file is heard as well: the media elements' delay again, at once.
        wall += 33_332;
        lag.frame(screen(1280, 720, 5120, stampAt(wall, 48_000) | PictureStamp.MEDIA_BIT), 5120, wall, true);
        assertThat(lag.soundDelayMicros()).isEqualTo(PictureLag.MEDIA_SOUND_MICROS);
        assertThat(lag.jumps()).isEqualTo(jumps + 3);
        // Without the media bit the stream bit means nothing: the sound follows the pictures.
        for (int i = 0; i < PictureLag.WINDOW; i++) {
            wall += 33_332;
            long stamp = stampAt(wall, 30_000) | PictureStamp.STREAM_BIT | 453L << 33;
            lag.frame(screen(1280, 720, 5120, stamp), 5120, wall, true);
        }
        assertThat(lag.soundDelayMicros()).isBetween(29_900L + PictureLag.SOUND_AHEAD_MICROS,
                30_100L + PictureLag.SOUND_AHEAD_MICROS);
    }

    @Test
    void aPictureGrabbedAgainOrWithoutAStampLeavesTheDelayAlone() {
        PictureLag lag = new PictureLag(1280, 720);
        long wall = WALL;
        long stamp = 0;
        for (int i = 0; i < 10; i++) {
            wall += 33_332;
            stamp = stampAt(wall, 20_000);
            lag.frame(screen(1280, 720, 5120, stamp), 5120, wall, true);
        }
        long settled = lag.soundDelayMicros();
        assertThat(settled).isBetween(19_900L + PictureLag.SOUND_AHEAD_MICROS, 20_100L + PictureLag.SOUND_AHEAD_MICROS);
        // A page that stopped drawing: the same stamp, ever older.
        for (int i = 0; i < 60; i++) {
            wall += 33_332;
            lag.frame(screen(1280, 720, 5120, stamp), 5120, wall, true);
            lag.frame(ByteBuffer.allocateDirect(5120 * 722), 5120, wall, true);
        }
        assertThat(lag.soundDelayMicros()).isEqualTo(settled);
        assertThat(lag.summary()).startsWith("10 of 130 recorded frames stamped");
    }

    @Test
    void framesGrabbedWhileThePageLoadsSetTheStartingDelayButAreNotSummarised() {
        PictureLag lag = new PictureLag(1280, 720);
        long wall = WALL;
        for (int i = 0; i < 5; i++) {
            wall += 33_332;
            lag.frame(screen(1280, 720, 5120, stampAt(wall, 30_000)), 5120, wall, false);
        }
        assertThat(lag.soundDelayMicros()).isBetween(29_900L + PictureLag.SOUND_AHEAD_MICROS, 30_100L + PictureLag.SOUND_AHEAD_MICROS);
        assertThat(lag.summary()).startsWith("no recorded frame carried the page's stamp")
                .endsWith("the sound was stamped 35.0 ms late throughout");
    }

    @Test
    void theFirstEstimatesAndChangesOfKindAreJumpsEachCountedOnceItsDelayIsSet() {
        PictureLag lag = new PictureLag(1280, 720);
        long wall = WALL;
        long[] jumpsAfter = new long[PictureLag.WINDOW + 10];
        for (int i = 0; i < jumpsAfter.length; i++) {
            wall += 33_332;
            lag.frame(screen(1280, 720, 5120, stampAt(wall, 60_000)), 5120, wall, false);
            jumpsAfter[i] = lag.jumps();
            if (i + 1 == PictureLag.MIN_FRAMES) {
                assertThat(lag.soundDelayMicros()).as("the first estimate").isBetween(59_900L + PictureLag.SOUND_AHEAD_MICROS,
                        60_100L + PictureLag.SOUND_AHEAD_MICROS);
            }
        }
        assertThat(jumpsAfter[PictureLag.MIN_FRAMES - 2]).as("before the first estimate").isZero();
        assertThat(jumpsAfter[PictureLag.MIN_FRAMES - 1]).as("the first estimate").isEqualTo(1);
        assertThat(jumpsAfter[PictureLag.WINDOW - 2]).as("steered while the window fills").isEqualTo(1);
        assertThat(jumpsAfter[PictureLag.WINDOW - 1]).as("the window full").isEqualTo(2);
        assertThat(jumpsAfter[jumpsAfter.length - 1]).as("steered from then on").isEqualTo(2);

        // A media element begins to play on a frame whose delay is out of range (a stalled page):
        // the jump waits for the next frame, when the media delay is in force.
        wall += 33_332;
        long stalled = stampAt(wall, PictureLag.MAX_MICROS + 50_000) | PictureStamp.MEDIA_BIT;
        lag.frame(screen(1280, 720, 5120, stalled), 5120, wall, true);
        assertThat(lag.jumps()).isEqualTo(2);
        wall += 33_332;
        lag.frame(screen(1280, 720, 5120, stampAt(wall, 60_000) | PictureStamp.MEDIA_BIT), 5120, wall, true);
        assertThat(lag.jumps()).isEqualTo(3);
        assertThat(lag.soundDelayMicros()).isEqualTo(PictureLag.MEDIA_SOUND_MICROS);
    }
}
