package live.recbot.output;

import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import live.recbot.encode.PacketSink;
import org.bytedeco.ffmpeg.avcodec.AVPacket;

/**
 * Hands every encoded packet to every output: one encode, any number of muxers. The outputs are
 * attached once, after the encoders exist (the muxers need their parameters) and before any packet.
 */
public final class Fanout implements PacketSink {
    private volatile List<MuxerOutput> outputs = List.of();
    private final AtomicLong bytes = new AtomicLong();

    public void attach(List<MuxerOutput> attached) {
        if (!outputs.isEmpty()) {
            throw new IllegalStateException("outputs are already attached");
        }
        outputs = List.copyOf(attached);
    }

    /** Bytes of every encoded packet, video and audio, before any container. */
    public long bytesEncoded() {
        return bytes.get();
    }

    @Override
    public void accept(AVPacket packet) {
        bytes.addAndGet(packet.size());
        for (MuxerOutput o : outputs) {
            o.offer(packet);
        }
    }
}
