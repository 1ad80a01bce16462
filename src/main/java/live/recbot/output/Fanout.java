package live.recbot.output;

import java.util.Arrays;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import live.recbot.encode.PacketSink;
import org.bytedeco.ffmpeg.avcodec.AVPacket;

/**
 * Hands every encoded packet to every output: one encode, any number of muxers. The outputs are
 * attached once, after the encoders exist (the muxers need their parameters) and before any packet;
 * while running, outputs may be added and removed. The set is copied on write into a volatile
 * array, so the per-packet path reads it once, without a lock or an allocation.
 */
public final class Fanout implements PacketSink {
    private volatile MuxerOutput[] outputs = new MuxerOutput[0];
    private final AtomicLong bytes = new AtomicLong();

    public synchronized void attach(List<MuxerOutput> attached) {
        if (outputs.length > 0) {
            throw new IllegalStateException("outputs are already attached");
        }
        outputs = attached.toArray(MuxerOutput[]::new);
    }

    /** Offers every packet from now on to {@code output} as well. */
    public synchronized void add(MuxerOutput output) {
        MuxerOutput[] more = Arrays.copyOf(outputs, outputs.length + 1);
        more[outputs.length] = output;
        outputs = more;
    }

    /** Offers {@code output} no more packets; one being offered at this moment may still reach it. */
    public synchronized void remove(MuxerOutput output) {
        outputs = Arrays.stream(outputs).filter(o -> o != output).toArray(MuxerOutput[]::new);
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
