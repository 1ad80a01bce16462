package live.recbot.encode;

import org.bytedeco.ffmpeg.avcodec.AVPacket;

/**
 * Receives encoded packets. The packet is only borrowed: a sink that keeps it must take its own
 * reference (av_packet_ref / av_packet_clone) before returning.
 */
@FunctionalInterface
public interface PacketSink {
    int VIDEO = 0;
    int AUDIO = 1;

    void accept(AVPacket packet);
}
