package live.recbot.output;

import static org.bytedeco.ffmpeg.global.avcodec.AV_PKT_FLAG_KEY;
import static org.bytedeco.ffmpeg.global.avutil.AV_NOPTS_VALUE;
import static org.bytedeco.ffmpeg.global.avutil.av_make_q;
import static org.bytedeco.ffmpeg.global.avutil.av_rescale_q;

import live.recbot.encode.PacketSink;
import org.bytedeco.ffmpeg.avcodec.AVPacket;
import org.bytedeco.ffmpeg.avutil.AVRational;

/**
 * A file's timeline with the paused spans cut out: nothing is written while paused, and after a
 * resume the file goes on at the first video keyframe, every packet from then on moved earlier by
 * the time left out, picture and sound alike, so the file plays straight on and keeps its sync.
 * Sound from before that keyframe is left out with the pause, and so is a still picture the
 * streams showed.
 */
final class PausedSpans implements Timeline {
    private static final AVRational MICROS = av_make_q(1, 1_000_000);
    private final AVRational[] outBase;
    private final PauseControl control;
    private long pausesSeen;
    private boolean cut;
    /** Microseconds left out so far. */
    private long shift;
    /** Where each stream's last written packet ends, on the file's time line, in microseconds. */
    private final long[] end = {Long.MIN_VALUE, Long.MIN_VALUE};
    private final long[] lastDts = {Long.MIN_VALUE, Long.MIN_VALUE};
    /** The last picture's length, for a picture packet that does not say. */
    private long pictureMicros;
    private long lastPicture = Long.MIN_VALUE;

    PausedSpans(AVRational[] outBase, PauseControl control) {
        this.outBase = outBase;
        this.control = control;
    }

    @Override
    public Admission admit(AVPacket packet) {
        int index = packet.stream_index();
        long pauses = control.pauses();
        if (!cut && (pauses != pausesSeen || control.paused())) {
            cut = true;
        }
        if (cut) {
            if (control.paused() || !isVideoKeyframe(packet)
                    || micros(start(packet), index) <= control.standInUntilMicros()) {
                return Admission.SKIP;
            }
            pausesSeen = pauses;
            cut = false;
            long resumeAt = Math.max(end[PacketSink.VIDEO], end[PacketSink.AUDIO]);
            if (resumeAt != Long.MIN_VALUE) {
                shift = micros(start(packet), index) - resumeAt;
            }
        }
        long moveBy = av_rescale_q(shift, MICROS, outBase[index]);
        long dts = packet.dts() == AV_NOPTS_VALUE ? AV_NOPTS_VALUE : packet.dts() - moveBy;
        // Sound captured before the picture the file resumes with belongs to the pause.
        if (pausesSeen > 0 && dts != AV_NOPTS_VALUE && dts <= lastDts[index]) {
            return Admission.SKIP;
        }
        if (packet.pts() != AV_NOPTS_VALUE) {
            packet.pts(packet.pts() - moveBy);
        }
        packet.dts(dts);
        noteEnd(packet, index);
        return Admission.WRITE;
    }

    private void noteEnd(AVPacket packet, int index) {
        long at = micros(start(packet), index);
        long length = micros(packet.duration(), index);
        if (index == PacketSink.VIDEO) {
            if (lastPicture != Long.MIN_VALUE && at > lastPicture) {
                pictureMicros = at - lastPicture;
            }
            lastPicture = at;
            length = length > 0 ? length : pictureMicros;
        }
        if (packet.dts() != AV_NOPTS_VALUE) {
            lastDts[index] = packet.dts();
        }
        end[index] = Math.max(end[index], at + Math.max(length, 0));
    }

    private static long start(AVPacket packet) {
        return packet.pts() == AV_NOPTS_VALUE ? packet.dts() : packet.pts();
    }

    private long micros(long ticks, int index) {
        return av_rescale_q(ticks, outBase[index], MICROS);
    }

    private static boolean isVideoKeyframe(AVPacket packet) {
        return packet.stream_index() == PacketSink.VIDEO && (packet.flags() & AV_PKT_FLAG_KEY) != 0;
    }
}
