package live.recbot.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.bytedeco.ffmpeg.global.avutil.AV_PIX_FMT_BGR0;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import javax.imageio.ImageIO;
import live.recbot.capture.PreviewTap;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The preview's throttle: a picture is made only when asked, at most once a second, shared by
 * everyone asking meanwhile, and never carried over to another session.
 */
class PreviewTest {
    private static final long SECOND = 1_000_000_000L;
    private final ScheduledExecutorService frames = Executors.newSingleThreadScheduledExecutor();
    private final AtomicInteger copies = new AtomicInteger();
    private final AtomicLong now = new AtomicLong(42 * SECOND);
    private final AtomicReference<Optional<PreviewTap>> recording = new AtomicReference<>(Optional.empty());
    private final Preview preview = new Preview(recording::get, now::get, Duration.ofMillis(500));

    @AfterEach
    void stop() {
        frames.shutdownNow();
    }

    /** A session recording a 1280x720 screen at 100 frames a second, each frame a new shade of grey. */
    private PreviewTap recording() {
        return recording(0);
    }

    /** As {@link #recording()}, the clock moving {@code copyNanos} while each asked-for frame is copied. */
    private PreviewTap recording(long copyNanos) {
        PreviewTap tap = new PreviewTap(1280, 720);
        ByteBuffer screen = ByteBuffer.allocateDirect(1280 * 4 * 722).limit(1280 * 4 * 720);
        AtomicInteger frame = new AtomicInteger();
        frames.scheduleAtFixedRate(() -> {
            byte shade = (byte) (frame.incrementAndGet() * 16);
            for (int i = 0; i < 1280 * 4; i++) {
                screen.put(i, shade);
            }
            if (tap.wanted()) {
                // Counted first: the asker may wake and look before copy() returns.
                copies.incrementAndGet();
                now.addAndGet(copyNanos);
                tap.copy(screen, 1280 * 4, AV_PIX_FMT_BGR0);
            }
        }, 0, 10, TimeUnit.MILLISECONDS);
        recording.set(Optional.of(tap));
        return tap;
    }

    private byte[] jpeg() throws Exception {
        Preview.Answer a = preview.get();
        assertThat(a).isInstanceOf(Preview.Answer.Jpeg.class);
        return ((Preview.Answer.Jpeg) a).bytes();
    }

    @Test
    void nothingRecordingIsUnavailableAndCopiesNothing() throws Exception {
        assertThat(preview.get()).isEqualTo(new Preview.Answer.Unavailable("nothing is recording"));
        assertThat(copies).hasValue(0);
    }

    @Test
    void aSessionOfTheSoundAloneHasNoPicture() throws Exception {
        recording.set(Optional.of(PreviewTap.withoutPicture()));
        assertThat(preview.get()).isEqualTo(new Preview.Answer.Unavailable(
                "the session records the sound alone (audioOnly): it has no picture"));
    }

    @Test
    void aPictureIsMadeAtMostOnceASecondAndOnlyWhenAsked() throws Exception {
        recording();
        assertThat(copies).as("nobody asked yet").hasValue(0);

        byte[] first = jpeg();
        BufferedImage image = ImageIO.read(new ByteArrayInputStream(first));
        assertThat(image.getWidth()).isEqualTo(640);
        assertThat(image.getHeight()).isEqualTo(360);
        assertThat(copies).hasValue(1);

        now.addAndGet(SECOND - 1);
        assertThat(jpeg()).as("within the second: the same picture").isSameAs(first);
        assertThat(copies).hasValue(1);

        now.addAndGet(1);
        byte[] second = jpeg();
        assertThat(copies).as("a second later: a new copy").hasValue(2);
        assertThat(second).isNotEqualTo(first);
    }

    @Test
    void theSecondCountsFromWhenThePictureWasMade() throws Exception {
        recording(SECOND * 6 / 10);
        byte[] first = jpeg();
        now.addAndGet(SECOND * 9 / 10);
        assertThat(jpeg()).as("made 0.9 s ago, asked for 1.5 s ago: the same picture").isSameAs(first);
        assertThat(copies).hasValue(1);
    }

    @Test
    void askersAtTheSameTimeShareOnePicture() throws Exception {
        recording();
        ExecutorService askers = Executors.newFixedThreadPool(6);
        try {
            CountDownLatch go = new CountDownLatch(1);
            List<Future<byte[]>> answers = new ArrayList<>();
            for (int i = 0; i < 6; i++) {
                answers.add(askers.submit(() -> {
                    go.await();
                    return jpeg();
                }));
            }
            go.countDown();
            byte[] first = answers.get(0).get(10, TimeUnit.SECONDS);
            for (Future<byte[]> f : answers) {
                assertThat(f.get(10, TimeUnit.SECONDS)).isSameAs(first);
            }
            assertThat(copies).hasValue(1);
        } finally {
            askers.shutdownNow();
        }
    }

    @Test
    void aNewSessionNeverGetsThePreviousSessionsPicture() throws Exception {
        recording();
        jpeg();
        recording.set(Optional.empty());
        assertThat(preview.get()).isInstanceOf(Preview.Answer.Unavailable.class);

        recording();
        jpeg();
        assertThat(copies).as("copied afresh within the same second").hasValue(2);
    }

    @Test
    void aSessionThatStoppedCapturingIsUnavailable() throws Exception {
        recording.set(Optional.of(new PreviewTap(1280, 720)));

        assertThat(preview.get()).isEqualTo(new Preview.Answer.Unavailable("no picture was captured within 500 ms"));
    }
}
