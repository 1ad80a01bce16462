package live.recbot.output;

import static org.bytedeco.ffmpeg.global.avcodec.av_packet_clone;
import static org.bytedeco.ffmpeg.global.avcodec.av_packet_free;

import java.time.Duration;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import org.bytedeco.ffmpeg.avcodec.AVPacket;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The bounded queue of one output. The encoders offer it references to their packets and never
 * wait: when it is full it drops the packet and everything after it until the next video
 * keyframe, so the output falls behind by whole GOPs instead of stalling the capture or the other
 * outputs. It starts, and starts again after {@link #restartAtKeyframe()}, on a video keyframe
 * (with the sound alone, on any packet: {@link MuxedStreams#startsAt}).
 *
 * <p>The consumer is woken once per picture, not once per packet: a video packet wakes it, sound
 * waits for the next picture (at most a frame), since a wake-up and a write cost more than muxing
 * a packet and sound alone would double both. Until the consumer says sound flows, sound wakes it
 * too: a file's first picture can leave the interleaving muxer only together with sound. With no
 * picture, every sound packet wakes it.
 */
final class PacketQueue {
    private static final Logger log = LoggerFactory.getLogger(PacketQueue.class);

    enum Offer {
        QUEUED,
        /** Left out while waiting for a video keyframe. */
        GATED,
        /** The queue was full: this packet and the rest of its GOP are lost. */
        DROPPED,
        /** The queue takes no more packets, or there was no memory for a reference. */
        REFUSED
    }

    private final ArrayBlockingQueue<AVPacket> packets;
    private final Thread consumer;
    private final String name;
    private final MuxedStreams streams;
    private final AtomicLong dropped = new AtomicLong();
    private volatile boolean waitForKeyframe = true;
    private volatile boolean soundWakes = true;
    private volatile boolean refusing;
    private volatile boolean closed;

    /** {@code name} says in the log which output falls behind. */
    PacketQueue(int capacity, Thread consumer, String name, MuxedStreams streams) {
        this.packets = new ArrayBlockingQueue<>(capacity);
        this.consumer = consumer;
        this.name = name;
        this.streams = streams;
    }

    /** Takes a reference to {@code packet} unless gated, full or refusing. Never blocks. */
    Offer offer(AVPacket packet) {
        if (refusing) {
            return Offer.REFUSED;
        }
        boolean leading = streams.leads(packet);
        if (waitForKeyframe) {
            if (!streams.startsAt(packet)) {
                return Offer.GATED;
            }
            waitForKeyframe = false;
        }
        AVPacket ref = av_packet_clone(packet);
        if (ref == null) {
            return Offer.REFUSED;
        }
        // Once queued, the reference belongs to the consumer, which may free it at once.
        if (packets.offer(ref)) {
            if (closed) {
                clear();
            } else if (leading || soundWakes) {
                LockSupport.unpark(consumer);
            }
            return Offer.QUEUED;
        }
        av_packet_free(ref);
        waitForKeyframe = true;
        if (dropped.getAndIncrement() == 0) {
            log.warn("{} is falling behind; dropping until the next keyframe", name);
        }
        return Offer.DROPPED;
    }

    /** The next packet, now owned by the caller, or null when the queue is empty. */
    AVPacket poll() {
        return packets.poll();
    }

    /** Packets waiting; takes the queue's lock, so not for the media path. */
    int size() {
        return packets.size();
    }

    boolean isEmpty() {
        return packets.isEmpty();
    }

    /** Parks the consumer until a packet wakes it, {@link #wake()} is called, or {@code idle} passes. */
    void await(Duration idle) throws InterruptedException {
        LockSupport.parkNanos(this, idle.toNanos());
        if (Thread.interrupted()) {
            throw new InterruptedException();
        }
    }

    void wake() {
        LockSupport.unpark(consumer);
    }

    /** Whether sound alone wakes the consumer; false once its connection has written sound. */
    void soundWakes(boolean wakes) {
        soundWakes = wakes;
    }

    /** Frees what is queued (stale after an outage) and waits for the next video keyframe. */
    void restartAtKeyframe() {
        waitForKeyframe = true;
        clear();
    }

    /** Takes no more packets; what is queued stays for the consumer. */
    void refuse() {
        refusing = true;
    }

    /** Takes no more packets and frees what is queued. */
    void close() {
        refusing = true;
        closed = true;
        clear();
    }

    long dropped() {
        return dropped.get();
    }

    private void clear() {
        AVPacket p;
        while ((p = packets.poll()) != null) {
            av_packet_free(p);
        }
    }
}
