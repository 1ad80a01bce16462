package live.recbot.encode;

import static org.bytedeco.ffmpeg.global.avcodec.av_packet_clone;
import static org.bytedeco.ffmpeg.global.avcodec.av_packet_free;

import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.bytedeco.ffmpeg.avcodec.AVPacket;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs the {@link VideoEncoder} on its own thread, so the screen grabber never waits on x264 and
 * grabs each frame on time. Captured images cross over as packet references (no pixel copy);
 * if the encoder falls behind, the oldest waiting image is dropped, never the newest.
 */
public final class AsyncVideoEncoder implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(AsyncVideoEncoder.class);
    /** Two frames of slack absorb a slow encode without adding latency. */
    private static final int SLOTS = 2;

    /** A captured image; a warm-up image is converted, not encoded. */
    private record Image(AVPacket packet, int stride, int pixelFormat, long sessionMicros, boolean warmUp) {
    }

    private static final Image END = new Image(null, 0, 0, 0, false);

    private final VideoEncoder encoder;
    private final BlockingQueue<Image> queue = new ArrayBlockingQueue<>(SLOTS + 1);
    private final Thread thread;
    private final AtomicLong captured = new AtomicLong();
    private final AtomicLong dropped = new AtomicLong();
    private final AtomicReference<FFmpegException> failure = new AtomicReference<>();

    public AsyncVideoEncoder(VideoEncoder encoder) {
        this.encoder = encoder;
        this.thread = new Thread(this::run, "recbot-encode-video");
        thread.start();
    }

    /** Queues one captured image; returns at once. Fails if the encoder has failed. */
    public void submit(AVPacket image, int stride, int pixelFormat, long sessionMicros) throws FFmpegException {
        captured.incrementAndGet();
        queue(image, stride, pixelFormat, sessionMicros, false);
    }

    /** Queues an image that is only converted ({@link VideoEncoder#warmUp}); returns at once. */
    public void warmUp(AVPacket image, int stride, int pixelFormat) throws FFmpegException {
        queue(image, stride, pixelFormat, 0, true);
    }

    private void queue(AVPacket image, int stride, int pixelFormat, long sessionMicros, boolean warmUp)
            throws FFmpegException {
        FFmpegException f = failure.get();
        if (f != null) {
            throw f;
        }
        while (queue.size() >= SLOTS) {
            Image old = queue.poll();
            if (old != null && old != END) {
                av_packet_free(old.packet());
                if (old.warmUp()) {
                    continue;
                }
                if (dropped.getAndIncrement() % 30 == 0) {
                    log.warn("video encoder is behind; {} captured frames dropped so far", dropped.get());
                }
            }
        }
        AVPacket ref = av_packet_clone(image);
        if (ref != null) {
            queue.add(new Image(ref, stride, pixelFormat, sessionMicros, warmUp));
        }
    }

    /** Makes the next encoded picture a keyframe ({@link VideoEncoder#requestKeyframe()}). */
    public void requestKeyframe() {
        encoder.requestKeyframe();
    }

    /** Captured images handed over for the recording (not warm-ups). */
    public long framesCaptured() {
        return captured.get();
    }

    /** Captured images dropped, oldest first, while the encoder was behind. */
    public long framesDropped() {
        return dropped.get();
    }

    private void run() {
        try {
            while (true) {
                Image img = queue.poll(1, TimeUnit.SECONDS);
                if (img == null) {
                    continue;
                }
                if (img == END) {
                    break;
                }
                try {
                    if (failure.get() != null) {
                        continue;
                    }
                    if (img.warmUp()) {
                        encoder.warmUp(img.packet().data(), img.stride(), img.pixelFormat());
                    } else {
                        encoder.encode(img.packet().data(), img.stride(), img.pixelFormat(), img.sessionMicros());
                    }
                } catch (FFmpegException e) {
                    failure.compareAndSet(null, e);
                } finally {
                    av_packet_free(img.packet());
                }
            }
            encoder.flush();
        } catch (FFmpegException e) {
            failure.compareAndSet(null, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            Image left;
            while ((left = queue.poll()) != null) {
                if (left != END) {
                    av_packet_free(left.packet());
                }
            }
        }
    }

    /** Encodes what is queued, drains the encoder and ends the thread. */
    public void finish() throws FFmpegException {
        queue.offer(END);
        try {
            thread.join(TimeUnit.SECONDS.toMillis(10));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        FFmpegException f = failure.get();
        if (f != null) {
            throw f;
        }
        long left = dropped.get() + encoder.framesSkipped();
        if (left > 0) {
            log.info("{} of {} captured pictures left out: {} while the encoder was behind, {} too early for their slot",
                    left, captured.get(), dropped.get(), encoder.framesSkipped());
        }
    }

    @Override
    public void close() {
        if (thread.isAlive()) {
            queue.offer(END);
            try {
                thread.join(TimeUnit.SECONDS.toMillis(10));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
