package live.recbot.output;

import org.bytedeco.ffmpeg.avcodec.AVPacket;

/**
 * The timestamp rules of one connection: which packets it writes and when its interleaver must let
 * a packet out at once. Packets arrive in the muxer's time base, starting on a video keyframe.
 */
interface Timeline {
    /** Writes every packet and leaves interleaving to the muxer. */
    Timeline AS_IS = packet -> Admission.WRITE;

    enum Admission {
        SKIP,
        WRITE,
        /** Write, then push it out of the interleaver without waiting for the other stream. */
        WRITE_AND_PUSH
    }

    Admission admit(AVPacket packet);
}
