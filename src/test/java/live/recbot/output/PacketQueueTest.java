package live.recbot.output;

import static live.recbot.output.PacketQueue.Offer.DROPPED;
import static live.recbot.output.PacketQueue.Offer.GATED;
import static live.recbot.output.PacketQueue.Offer.QUEUED;
import static live.recbot.output.PacketQueue.Offer.REFUSED;
import static org.assertj.core.api.Assertions.assertThat;
import static org.bytedeco.ffmpeg.global.avcodec.AV_PKT_FLAG_KEY;
import static org.bytedeco.ffmpeg.global.avcodec.av_new_packet;
import static org.bytedeco.ffmpeg.global.avcodec.av_packet_alloc;
import static org.bytedeco.ffmpeg.global.avcodec.av_packet_free;
import static org.bytedeco.ffmpeg.global.avcodec.av_packet_unref;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import live.recbot.encode.EncodedStream;
import live.recbot.encode.PacketSink;
import org.bytedeco.ffmpeg.avcodec.AVPacket;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class PacketQueueTest {
    private final List<AVPacket> made = new ArrayList<>();
    private static final MuxedStreams PICTURE_AND_SOUND = new MuxedStreams(List.of(
            new EncodedStream(PacketSink.VIDEO, null, null), new EncodedStream(PacketSink.AUDIO, null, null)));
    private static final MuxedStreams SOUND_ONLY = new MuxedStreams(List.of(
            new EncodedStream(PacketSink.AUDIO, null, null)));
    private PacketQueue queue = queue(4);

    @AfterEach
    void free() {
        queue.close();
        made.forEach(p -> av_packet_free(p));
    }

    @Test
    void startsOnAVideoKeyframe() {
        assertThat(queue.offer(audio(0))).isEqualTo(GATED);
        assertThat(queue.offer(video(1, false))).isEqualTo(GATED);
        assertThat(queue.offer(video(2, true))).isEqualTo(QUEUED);
        assertThat(queue.offer(audio(3))).isEqualTo(QUEUED);
        assertThat(queue.offer(video(4, false))).isEqualTo(QUEUED);

        assertThat(pollAll()).containsExactly(2L, 3L, 4L);
        assertThat(queue.dropped()).isZero();
    }

    @Test
    void queuesItsOwnReference() {
        AVPacket original = video(7, true);
        queue.offer(original);
        av_packet_unref(original);

        AVPacket queued = queue.poll();
        try {
            assertThat(queued.pts()).isEqualTo(7);
            assertThat(queued.size()).isEqualTo(16);
            assertThat(queued.data()).isNotNull();
            assertThat(queued.stream_index()).isEqualTo(PacketSink.VIDEO);
        } finally {
            av_packet_free(queued);
        }
    }

    @Test
    void aFullQueueDropsTheRestOfTheGop() {
        queue = queue(2);
        assertThat(queue.offer(video(0, true))).isEqualTo(QUEUED);
        assertThat(queue.offer(audio(1))).isEqualTo(QUEUED);
        assertThat(queue.offer(video(2, false))).isEqualTo(DROPPED);
        assertThat(queue.dropped()).isEqualTo(1);
        assertThat(queue.size()).as("the depth a scrape reads").isEqualTo(2);

        assertThat(pollAll()).containsExactly(0L, 1L);
        assertThat(queue.size()).isZero();
        // Room again, but the GOP the dropped picture belonged to is lost.
        assertThat(queue.offer(audio(3))).isEqualTo(GATED);
        assertThat(queue.offer(video(4, false))).isEqualTo(GATED);
        assertThat(queue.offer(video(5, true))).isEqualTo(QUEUED);
        assertThat(queue.offer(audio(6))).isEqualTo(QUEUED);
        assertThat(queue.dropped()).as("gated packets are not counted as dropped").isEqualTo(1);
        assertThat(pollAll()).containsExactly(5L, 6L);
    }

    @Test
    void aDroppedKeyframeGatesToo() {
        queue = queue(1);
        queue.offer(video(0, true));
        assertThat(queue.offer(video(1, true))).isEqualTo(DROPPED);
        pollAll();

        assertThat(queue.offer(video(2, false))).isEqualTo(GATED);
        assertThat(queue.offer(video(3, true))).isEqualTo(QUEUED);
        assertThat(queue.dropped()).isEqualTo(1);
    }

    @Test
    void restartingFreesWhatIsQueuedAndWaitsForAKeyframe() {
        queue.offer(video(0, true));
        queue.offer(audio(1));

        queue.restartAtKeyframe();

        assertThat(queue.isEmpty()).isTrue();
        assertThat(queue.offer(audio(2))).isEqualTo(GATED);
        assertThat(queue.offer(video(3, false))).isEqualTo(GATED);
        assertThat(queue.offer(video(4, true))).isEqualTo(QUEUED);
        assertThat(pollAll()).containsExactly(4L);
    }

    @Test
    void refusingKeepsWhatIsQueuedForTheConsumer() {
        queue.offer(video(0, true));

        queue.refuse();

        assertThat(queue.offer(video(1, true))).isEqualTo(REFUSED);
        assertThat(queue.offer(audio(2))).isEqualTo(REFUSED);
        assertThat(pollAll()).containsExactly(0L);
    }

    @Test
    void closingFreesWhatIsQueuedAndRefusesMore() {
        queue.offer(video(0, true));
        queue.offer(audio(1));

        queue.close();

        assertThat(queue.isEmpty()).isTrue();
        assertThat(queue.poll()).isNull();
        assertThat(queue.offer(video(2, true))).isEqualTo(REFUSED);
        assertThat(queue.isEmpty()).isTrue();
    }

    @Test
    void aPictureWakesTheConsumer() throws InterruptedException {
        queue.offer(video(0, true));

        assertThat(timeAwaiting(Duration.ofSeconds(10))).isLessThan(Duration.ofSeconds(5));
    }

    @Test
    void soundWakesTheConsumerOnlyUntilItFlows() throws InterruptedException {
        queue.offer(video(0, true));
        timeAwaiting(Duration.ofSeconds(10));
        queue.offer(audio(1));
        assertThat(timeAwaiting(Duration.ofSeconds(10))).as("sound before it flows").isLessThan(Duration.ofSeconds(5));

        queue.soundWakes(false);
        queue.offer(audio(2));

        assertThat(timeAwaiting(Duration.ofMillis(300))).as("sound once it flows")
                .isGreaterThanOrEqualTo(Duration.ofMillis(250));
    }

    @Test
    void theSoundAloneStartsAtOnceAndEveryPacketWakesTheConsumer() throws InterruptedException {
        queue = new PacketQueue(2, Thread.currentThread(), "test output", SOUND_ONLY);
        // Not flagged a keyframe: with no picture, any sound packet is a start.
        assertThat(queue.offer(packet(PacketSink.AUDIO, 0, 0))).isEqualTo(QUEUED);
        queue.soundWakes(false);
        queue.offer(audio(1));
        assertThat(timeAwaiting(Duration.ofSeconds(10))).isLessThan(Duration.ofSeconds(5));

        assertThat(queue.offer(audio(2))).isEqualTo(DROPPED);
        assertThat(pollAll()).containsExactly(0L, 1L);
        assertThat(queue.offer(audio(3))).as("after a drop, the next sound starts again").isEqualTo(QUEUED);
    }

    @Test
    void wakingReachesTheConsumer() throws InterruptedException {
        queue.wake();

        assertThat(timeAwaiting(Duration.ofSeconds(10))).isLessThan(Duration.ofSeconds(5));
    }

    private static PacketQueue queue(int capacity) {
        return new PacketQueue(capacity, Thread.currentThread(), "test output", PICTURE_AND_SOUND);
    }

    private Duration timeAwaiting(Duration idle) throws InterruptedException {
        long start = System.nanoTime();
        queue.await(idle);
        return Duration.ofNanos(System.nanoTime() - start);
    }

    private List<Long> pollAll() {
        List<Long> pts = new ArrayList<>();
        AVPacket p;
        while ((p = queue.poll()) != null) {
            pts.add(p.pts());
            av_packet_free(p);
        }
        return pts;
    }

    private AVPacket video(long pts, boolean key) {
        return packet(PacketSink.VIDEO, key ? AV_PKT_FLAG_KEY : 0, pts);
    }

    private AVPacket audio(long pts) {
        return packet(PacketSink.AUDIO, AV_PKT_FLAG_KEY, pts);
    }

    private AVPacket packet(int stream, int flags, long pts) {
        AVPacket p = av_packet_alloc();
        av_new_packet(p, 16);
        p.stream_index(stream);
        p.flags(flags);
        p.pts(pts);
        p.dts(pts);
        made.add(p);
        return p;
    }
}
