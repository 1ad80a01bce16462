package live.recbot.output;

import static org.bytedeco.ffmpeg.global.avcodec.AV_PKT_FLAG_KEY;

import java.util.List;
import live.recbot.encode.EncodedStream;
import live.recbot.encode.PacketSink;
import org.bytedeco.ffmpeg.avcodec.AVPacket;

/**
 * The encoded streams one output muxes, in the muxer's order: the picture and the sound, or the
 * sound alone. A packet carries its encoder's index ({@link PacketSink#VIDEO} or
 * {@link PacketSink#AUDIO}); its stream in the muxer is its encoder's position here.
 */
final class MuxedStreams {
    private final List<EncodedStream> list;
    private final boolean video;
    private final int leading;

    MuxedStreams(List<EncodedStream> list) {
        this.list = List.copyOf(list);
        this.video = this.list.stream().anyMatch(s -> s.index() == PacketSink.VIDEO);
        this.leading = video ? PacketSink.VIDEO : PacketSink.AUDIO;
    }

    List<EncodedStream> list() {
        return list;
    }

    /** Whether a picture is muxed: then it leads, else the sound does. */
    boolean video() {
        return video;
    }

    /**
     * Whether the packet is of the leading stream, whose packets pace the output: the picture's,
     * or with no picture the sound's.
     */
    boolean leads(AVPacket packet) {
        return packet.stream_index() == leading;
    }

    /**
     * Whether an output may begin with this packet: a video keyframe, or without a picture any
     * sound packet (each AAC packet decodes on its own).
     */
    boolean startsAt(AVPacket packet) {
        return leads(packet) && (!video || (packet.flags() & AV_PKT_FLAG_KEY) != 0);
    }

    /** The muxer's stream of an encoder's packets; -1 for an encoder this output does not mux. */
    int position(int encoderIndex) {
        for (int i = 0; i < list.size(); i++) {
            if (list.get(i).index() == encoderIndex) {
                return i;
            }
        }
        return -1;
    }
}
