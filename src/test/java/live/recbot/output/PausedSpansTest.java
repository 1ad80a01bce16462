package live.recbot.output;

import static org.assertj.core.api.Assertions.assertThat;
import static org.bytedeco.ffmpeg.global.avcodec.AV_PKT_FLAG_KEY;
import static org.bytedeco.ffmpeg.global.avcodec.av_packet_alloc;
import static org.bytedeco.ffmpeg.global.avcodec.av_packet_free;
import static org.bytedeco.ffmpeg.global.avutil.av_make_q;

import java.util.ArrayList;
import java.util.List;
import live.recbot.encode.PacketSink;
import org.bytedeco.ffmpeg.avcodec.AVPacket;
import org.bytedeco.ffmpeg.avutil.AVRational;
import org.junit.jupiter.api.Test;

/** The file's time line around a pause, fed packets as the encoders make them: 30 fps and AAC at 48 kHz. */
class PausedSpansTest {
    private static final AVRational[] BASE = {av_make_q(1, 90_000), av_make_q(1, 48_000)};
    private static final long FRAME = 3000;
    private static final long SOUND = 1024;

    private final PauseControl control = new PauseControl();
    private final PausedSpans timeline = new PausedSpans(BASE, control);
    private final List<long[]> written = new ArrayList<>();
    private int keyframesAsked;

    /** Feeds one second of media from {@code fromSeconds}, a keyframe first if {@code key}. */
    private void feed(double fromSeconds, double seconds, boolean key) {
        long v = Math.round(fromSeconds * 90_000);
        long a = Math.round(fromSeconds * 48_000 / SOUND) * SOUND;
        long vEnd = v + Math.round(seconds * 90_000);
        boolean first = true;
        while (v < vEnd) {
            offer(PacketSink.VIDEO, v, FRAME, first && key);
            first = false;
            v += FRAME;
            while (a * 90_000 / 48_000 < v) {
                offer(PacketSink.AUDIO, a, SOUND, false);
                a += SOUND;
            }
        }
    }

    private void offer(int stream, long pts, long duration, boolean key) {
        AVPacket p = av_packet_alloc();
        try {
            p.stream_index(stream);
            p.pts(pts);
            p.dts(pts);
            p.duration(duration);
            p.flags(key ? AV_PKT_FLAG_KEY : 0);
            if (timeline.admit(p) != Timeline.Admission.SKIP) {
                written.add(new long[] {stream, p.pts(), key ? 1 : 0});
            }
        } finally {
            av_packet_free(p);
        }
    }

    private List<long[]> of(int stream) {
        return written.stream().filter(w -> w[0] == stream).toList();
    }

    @Test
    void withoutAPauseEveryPacketIsWrittenAsItCame() {
        feed(0, 1, true);
        assertThat(of(PacketSink.VIDEO)).hasSize(30);
        assertThat(of(PacketSink.VIDEO).get(29)[1]).isEqualTo(29 * FRAME);
        assertThat(of(PacketSink.AUDIO)).hasSize(47);
    }

    @Test
    void thePauseIsCutOutAndTheFileGoesOnAtTheKeyframeAfterTheResume() {
        control.attach(new PauseControl.Encode() {
            @Override
            public void askForKeyframe() {
                keyframesAsked++;
            }

            @Override
            public void standIn(boolean on) {
            }

            @Override
            public long standInUntilMicros() {
                return Long.MIN_VALUE;
            }
        });
        feed(0, 2, true);
        int before = written.size();
        long[] lastPicture = of(PacketSink.VIDEO).get(of(PacketSink.VIDEO).size() - 1);
        long[] lastSound = of(PacketSink.AUDIO).get(of(PacketSink.AUDIO).size() - 1);
        assertThat(control.pause(false)).isTrue();
        assertThat(control.pause(false)).as("paused already").isFalse();
        feed(2, 3, true);
        assertThat(written).as("nothing while paused").hasSize(before);
        assertThat(control.resume()).isTrue();
        assertThat(keyframesAsked).isEqualTo(1);
        feed(5, 0.2, false);
        assertThat(written).as("nothing before the keyframe after the resume").hasSize(before);
        feed(5.2, 2, true);

        List<long[]> after = written.subList(before, written.size());
        assertThat(after.get(0)[0]).isEqualTo(PacketSink.VIDEO);
        assertThat(after.get(0)[2]).as("resumes on a keyframe").isEqualTo(1);
        double resumeAt = Math.max((lastPicture[1] + FRAME) / 90_000.0, (lastSound[1] + SOUND) / 48_000.0);
        assertThat(after.get(0)[1] / 90_000.0).as("straight on from the last packet before the pause")
                .isCloseTo(resumeAt, org.assertj.core.api.Assertions.within(1e-4));
        // Picture and sound are moved by the same time: 5.2 s of capture became resumeAt.
        double shift = 5.2 - resumeAt;
        long[] firstSound = after.stream().filter(w -> w[0] == PacketSink.AUDIO).findFirst().orElseThrow();
        assertThat(firstSound[1] / 48_000.0 + shift).isBetween(5.2, 5.2 + SOUND / 48_000.0);
        for (int stream : new int[] {PacketSink.VIDEO, PacketSink.AUDIO}) {
            List<long[]> s = of(stream);
            for (int i = 1; i < s.size(); i++) {
                assertThat(s.get(i)[1]).as("stream %d packet %d rises", stream, i).isGreaterThan(s.get(i - 1)[1]);
            }
        }
        assertThat(control.resume()).as("not paused").isFalse();
    }

    @Test
    void withTheStreamsHeldTheFileDoesNotResumeOnAStillPicture() {
        long[] stillUntil = {Long.MIN_VALUE};
        List<Boolean> standIns = new ArrayList<>();
        control.attach(new PauseControl.Encode() {
            @Override
            public void askForKeyframe() {
                keyframesAsked++;
            }

            @Override
            public void standIn(boolean on) {
                standIns.add(on);
            }

            @Override
            public long standInUntilMicros() {
                return stillUntil[0];
            }
        });
        feed(0, 1, true);
        int before = written.size();
        control.pause(true);
        feed(1, 1, true);
        stillUntil[0] = 1_966_667;
        control.resume();
        assertThat(standIns).containsExactly(true, false);
        // A still picture's scheduled keyframe, queued before the resume, written after it.
        offer(PacketSink.VIDEO, 177_000, FRAME, true);
        assertThat(written).hasSize(before);
        offer(PacketSink.VIDEO, 180_000, FRAME, true);
        assertThat(written).hasSize(before + 1);
    }

    @Test
    void aPauseAndResumeBetweenTwoPacketsIsStillACut() {
        feed(0, 1, true);
        int before = written.size();
        control.pause(false);
        control.resume();
        feed(1, 0.5, false);
        assertThat(written).hasSize(before);
        feed(1.5, 0.5, true);
        assertThat(written.get(before)[2]).isEqualTo(1);
        // Straight on after the last sound, which ends 2.7 ms after the last picture.
        assertThat(written.get(before)[1]).isEqualTo(48_128L * 90_000 / 48_000);
    }
}
