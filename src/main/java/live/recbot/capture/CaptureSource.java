package live.recbot.capture;

import static org.bytedeco.ffmpeg.global.avcodec.av_packet_unref;
import static org.bytedeco.ffmpeg.global.avutil.av_make_q;
import static org.bytedeco.ffmpeg.global.avutil.av_rescale_q;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import live.recbot.core.ErrorCode;
import live.recbot.core.RecbotError;
import org.bytedeco.ffmpeg.avcodec.AVPacket;
import org.bytedeco.ffmpeg.avutil.AVRational;
import org.bytedeco.javacv.FFmpegFrameGrabber;
import org.bytedeco.javacv.FrameGrabber;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One capture device read by JavaCV on its own thread, which also owns the encoder it feeds: the
 * grabber, the encoder and their native buffers never cross threads. Raw packets go straight to
 * the encoder; nothing is decoded or copied into Java memory.
 */
public abstract class CaptureSource {
    private static final Logger log = LoggerFactory.getLogger(CaptureSource.class);
    private static final AVRational MICROS = av_make_q(1, 1_000_000);
    private final String name;
    private final ErrorCode failureCode;
    private final CaptureListener listener;
    private final MediaClock.Source clock;
    private final Thread thread;
    private final CountDownLatch done = new CountDownLatch(1);
    private final CountDownLatch grabbingEnded = new CountDownLatch(1);
    private volatile boolean stopping;
    /** While held, the device is open and read, but what it delivers is thrown away. */
    private volatile boolean held;

    protected CaptureSource(String name, ErrorCode failureCode, MediaClock.Source clock, CaptureListener listener) {
        this.name = name;
        this.failureCode = failureCode;
        this.clock = clock;
        this.listener = listener;
        this.thread = new Thread(this::run, "recbot-capture-" + name);
    }

    /** A configured, not yet started grabber. */
    protected abstract FFmpegFrameGrabber grabber();

    /** Reads what the opened device reports about its stream, once, before the first packet. */
    protected void opened(FFmpegFrameGrabber grabber) {
    }

    /** Sees a raw packet captured while the source is held, before it is thrown away. */
    protected void held(AVPacket packet, Timing captured) throws Exception {
    }

    /** Called before each packet is read; a source that paces its own reads waits here. */
    protected void beforeGrab() {
    }

    /** Encodes one raw packet. */
    protected abstract void encode(AVPacket packet, Timing captured) throws Exception;

    /**
     * When a packet was captured: its device timestamp, mapped on demand (the wall clock costs two
     * native calls, and most sources never ask for it).
     */
    protected static final class Timing {
        private final MediaClock.Source clock;
        private long deviceMicros;
        private long sessionMicros;

        private Timing(MediaClock.Source clock) {
            this.clock = clock;
        }

        /** On the session clock; {@link MediaClock#NOT_STARTED} while the source is held. */
        public long sessionMicros() {
            return sessionMicros;
        }

        /** The session time of a moment on the monotonic clock, in microseconds. */
        public long sessionMicrosAt(long monotonicMicros) {
            return clock.monotonicToSessionMicros(monotonicMicros);
        }

        /** On the wall clock, in microseconds since the epoch. */
        public long wallMicros() {
            return clock.toWallMicros(deviceMicros);
        }
    }

    /** Drains the encoder. */
    protected abstract void flush() throws Exception;

    public void start() {
        thread.start();
    }

    /**
     * Opens the device and reads it, discarding everything until {@link #release()}: the device's
     * start-up cost is paid while the meeting page loads, and the recording still begins with the
     * first packet captured after the release.
     */
    public void startHeld() {
        held = true;
        thread.start();
    }

    /** From the next packet on, captured media goes to the encoder. */
    public void release() {
        held = false;
    }

    private void run() {
        FFmpegFrameGrabber grabber = grabber();
        boolean started = false;
        try {
            grabber.start();
            started = true;
            AVRational timeBase = grabber.getFormatContext().streams(0).time_base();
            opened(grabber);
            log.debug("{} device open", name);
            boolean delivered = false;
            Timing timing = new Timing(clock);
            while (!stopping) {
                beforeGrab();
                AVPacket p = grabber.grabPacket();
                if (p == null) {
                    if (!stopping) {
                        throw new IllegalStateException("the " + name + " source ended");
                    }
                    break;
                }
                try {
                    timing.deviceMicros = av_rescale_q(p.pts(), timeBase, MICROS);
                    if (held) {
                        timing.sessionMicros = MediaClock.NOT_STARTED;
                        held(p, timing);
                        continue;
                    }
                    timing.sessionMicros = clock.toSessionMicros(timing.deviceMicros);
                    if (timing.sessionMicros == MediaClock.NOT_STARTED) {
                        continue;
                    }
                    encode(p, timing);
                } finally {
                    // JavaCV's grabPacket reads into the same packet without releasing the last
                    // one: without this, every screen image (a 3.6 MB shared-memory segment at
                    // 720p) would stay allocated for the rest of the session.
                    av_packet_unref(p);
                }
                if (!delivered) {
                    delivered = true;
                    log.debug("first {} packet encoded", name);
                    listener.started(name);
                }
            }
            grabbingEnded.countDown();
            flush();
        } catch (Exception e) {
            if (!stopping) {
                log.error("{} capture failed: {}", name, e.getMessage());
                listener.failed(name, new RecbotError.SessionError(failureCode,
                        "the " + name + " capture failed: " + (started ? "" : "cannot open the device: ") + e.getMessage(), false));
            } else {
                log.debug("{} capture ended while stopping: {}", name, e.toString());
            }
        } finally {
            grabbingEnded.countDown();
            try {
                grabber.close();
            } catch (FrameGrabber.Exception e) {
                log.debug("closing the {} grabber: {}", name, e.toString());
            }
            done.countDown();
        }
    }

    /**
     * Stops reading and waits until no more media is grabbed (at most one frame or fragment), not
     * for the encoder to drain: what is shown or played from then on is not recorded.
     */
    public void stopGrabbing() {
        stopping = true;
        if (thread.getState() == Thread.State.NEW) {
            return;
        }
        try {
            if (!grabbingEnded.await(10, TimeUnit.SECONDS)) {
                log.warn("{} capture did not stop grabbing within 10 s", name);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Stops reading, drains the encoder and waits for the thread to end. */
    public void stop() {
        stopping = true;
        if (thread.getState() == Thread.State.NEW) {
            return;
        }
        try {
            if (!done.await(10, TimeUnit.SECONDS)) {
                log.warn("{} capture did not stop within 10 s", name);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
