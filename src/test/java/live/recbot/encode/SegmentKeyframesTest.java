package live.recbot.encode;

import static org.bytedeco.ffmpeg.global.avcodec.AV_PKT_FLAG_KEY;
import static org.bytedeco.ffmpeg.global.avcodec.av_packet_clone;
import static org.bytedeco.ffmpeg.global.avcodec.av_packet_free;
import static org.bytedeco.ffmpeg.global.avutil.AV_PIX_FMT_BGR0;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import live.recbot.browser.ChromiumBrowser;
import live.recbot.config.HMSResolution;
import org.bytedeco.ffmpeg.avcodec.AVPacket;
import org.bytedeco.javacpp.BytePointer;
import org.junit.jupiter.api.Test;

/** Segment boundaries get their keyframes from the real x264 encode, whatever the GOP would have done. */
class SegmentKeyframesTest {
    private static final HMSResolution SIZE = new HMSResolution(320, 180);
    private static final EncoderSettings SETTINGS = EncoderSettings.forResolution(SIZE, ChromiumBrowser.FRAME_INTERVAL);
    /** One picture: two of Chromium's 16.666 ms frames. */
    private static final long PICTURE_MICROS = SETTINGS.frameInterval().toNanos() / 1000;

    @Test
    void theFirstPictureAtOrAfterEachBoundaryIsDue() {
        SegmentKeyframes grid = new SegmentKeyframes(Duration.ofSeconds(1), Duration.ofMillis(300));
        List<Long> due = new ArrayList<>();
        for (long pts = 10; pts < 30; pts++) {
            if (grid.due(pts)) {
                due.add(pts);
            }
        }
        // From pts 10: 0.9 s, 1.2 s (due), 1.8, 2.1 (due), 2.7, 3.0 (due, exactly on the boundary)...
        assertThat(due).containsExactly(14L, 17L, 20L, 24L, 27L);
    }

    @Test
    void aJumpPastSeveralBoundariesForcesOneKeyframeAndKeepsTheGrid() {
        SegmentKeyframes grid = new SegmentKeyframes(Duration.ofSeconds(1), Duration.ofMillis(100));
        assertThat(grid.due(0)).as("the first picture is a keyframe anyway").isFalse();
        assertThat(grid.due(35)).isTrue();
        assertThat(grid.due(39)).isFalse();
        assertThat(grid.due(40)).isTrue();
    }

    @Test
    void noGridForcesNothing() {
        SegmentKeyframes none = new SegmentKeyframes(SegmentKeyframes.NONE, Duration.ofMillis(33));
        for (long pts = 0; pts < 1000; pts++) {
            assertThat(none.due(pts)).isFalse();
        }
    }

    @Test
    void theEncoderStartsEverySegmentWithAKeyframe() throws Exception {
        // 13 s of pictures, one skipped slot at 5 s: the 3 s boundaries need keyframes the GOP of
        // 60 pictures would put elsewhere.
        List<Double> keys = keyframeSeconds(Duration.ofSeconds(3), 13);
        for (int k = 1; k <= 4; k++) {
            double boundary = 3.0 * k;
            assertThat(keys).as("a keyframe on the first picture at or after %s s", boundary)
                    .anyMatch(t -> t >= boundary && t < boundary + PICTURE_MICROS / 1e6);
        }
    }

    @Test
    void withoutTheGridTheGopDriftsOffWholeSeconds() throws Exception {
        // What the grid is for: 120 pictures of 33.332 ms end just before 4 s, so the keyframe
        // a 4 s segment would need comes a whole GOP late.
        List<Double> keys = keyframeSeconds(SegmentKeyframes.NONE, 5);
        assertThat(keys).noneMatch(t -> t >= 4.0 && t < 4.0 + PICTURE_MICROS / 1e6);
        assertThat(keys).anyMatch(t -> t > 3.99 && t < 4.0);
    }

    /** Encodes {@code seconds} of grey pictures on the capture's schedule, skipping the slot at 5 s. */
    private static List<Double> keyframeSeconds(Duration segment, int seconds) throws Exception {
        List<AVPacket> out = new ArrayList<>();
        try (VideoEncoder encoder = new VideoEncoder(SETTINGS, p -> out.add(av_packet_clone(p)), segment);
             BytePointer grey = new BytePointer((long) SIZE.width() * SIZE.height() * 4)) {
            long skipped = 5_000_000 / PICTURE_MICROS;
            for (long i = 0; i * PICTURE_MICROS < seconds * 1_000_000L; i++) {
                if (i != skipped) {
                    encoder.encode(grey, SIZE.width() * 4, AV_PIX_FMT_BGR0, i * PICTURE_MICROS);
                }
            }
            encoder.flush();
            return out.stream().filter(p -> (p.flags() & AV_PKT_FLAG_KEY) != 0)
                    .map(p -> p.pts() * PICTURE_MICROS / 1e6).toList();
        } finally {
            out.forEach(p -> av_packet_free(p));
        }
    }
}
