package live.recbot.output;

import live.recbot.core.ErrorCode;
import static org.bytedeco.ffmpeg.global.avcodec.*;
import static org.bytedeco.ffmpeg.global.avformat.*;
import static org.bytedeco.ffmpeg.global.avutil.*;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import live.recbot.core.Redactor;
import live.recbot.encode.EncodedStream;
import live.recbot.encode.FFmpegException;
import live.recbot.encode.FFmpegLog;
import live.recbot.encode.PacketSink;
import java.time.Instant;
import live.recbot.core.ComponentState;
import live.recbot.core.RecbotError;
import live.recbot.status.StatusReporter;
import org.bytedeco.ffmpeg.avcodec.AVPacket;
import org.bytedeco.ffmpeg.avformat.AVFormatContext;
import org.bytedeco.ffmpeg.avformat.AVIOContext;
import org.bytedeco.ffmpeg.avformat.AVIOInterruptCB;
import org.bytedeco.ffmpeg.avformat.AVStream;
import org.bytedeco.ffmpeg.avutil.AVDictionary;
import org.bytedeco.ffmpeg.avutil.AVRational;
import org.bytedeco.javacpp.Pointer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One output: its own thread, its own bounded queue and its own muxer. The encoders hand it
 * references to their packets and never wait on it; if it falls behind, it drops whole GOPs (until
 * the next keyframe) instead of stalling the capture or the other outputs. Its failure is its own.
 *
 * <p>The thread wakes once per picture, not once per packet: a video packet wakes it, sound
 * packets wait in the queue for the next picture (at most a frame, 33 ms), and everything queued
 * is written and then pushed out with one flush. On this kind of machine a wake-up and a write
 * cost more than muxing a packet, and sound alone would double both.
 */
public final class MuxerOutput implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(MuxerOutput.class);
    /** About 10 s of 30 fps video plus AAC at 48 kHz. */
    static final int QUEUE_PACKETS = 800;
    private static final Duration IO_TIMEOUT = Duration.ofSeconds(5);
    // FFmpeg's AVERROR(errno) on Linux: the errors a network outage produces.
    private static final int ECONNREFUSED = -111;
    private static final int ETIMEDOUT = -110;
    private static final int EHOSTUNREACH = -113;
    private static final int ENETUNREACH = -101;
    private static final int ECONNRESET = -104;
    private static final int EPIPE = -32;
    static final int SEND_BUFFER_BYTES = 128 * 1024;
    /** A connection the server drops sooner than this after the publish counts as a refusal. */
    static final Duration REJECT_WINDOW = Duration.ofSeconds(3);
    /** A write or connect that makes no progress for this long counts as a stalled output. */
    static final Duration STALL_TIMEOUT = Duration.ofSeconds(5);
    /** How long the thread sleeps when nothing wakes it: the longest sound waits without pictures. */
    static final Duration IDLE_WAKE = Duration.ofMillis(100);

    private final OutputTarget target;
    private final List<EncodedStream> streams;
    private final StatusReporter status;
    private final Redactor redactor;
    private final Clock clock;
    private final BlockingQueue<AVPacket> queue = new ArrayBlockingQueue<>(QUEUE_PACKETS);
    private final AtomicBoolean ending = new AtomicBoolean();
    private final AtomicBoolean aborted = new AtomicBoolean();
    private final AtomicBoolean failed = new AtomicBoolean();
    private final AtomicBoolean threadStarted = new AtomicBoolean();
    private final AtomicLong dropped = new AtomicLong();
    private final AtomicLong written = new AtomicLong();
    private final CountDownLatch finished = new CountDownLatch(1);
    private final CountDownLatch endingSignal = new CountDownLatch(1);
    private final RetryPolicy retry;
    /** When the blocking FFmpeg call in progress started (System.nanoTime), or 0 when none is. */
    private volatile long ioStartedNanos;
    /** Whether a connection ever lasted beyond {@link #REJECT_WINDOW}: then the key is good. */
    private boolean everStable;
    private int quickRefusals;
    private final Thread thread;
    /**
     * Whether this connection has written sound. Until then sound wakes the thread too: a file's
     * first picture can leave the interleaving muxer only together with sound.
     */
    private volatile boolean flowing;
    /** Set by producers when a packet was dropped: the stream resumes at the next video keyframe. */
    private volatile boolean waitForKeyframe = true;
    // Kept in a field so the native side never calls a collected callback.
    private final AVIOInterruptCB.Callback_Pointer interrupt = new AVIOInterruptCB.Callback_Pointer() {
        @Override
        public int call(Pointer opaque) {
            long started = ioStartedNanos;
            return aborted.get() || (started != 0 && System.nanoTime() - started > STALL_TIMEOUT.toNanos()) ? 1 : 0;
        }
    };

    public MuxerOutput(OutputTarget target, List<EncodedStream> streams, StatusReporter status, Redactor redactor,
                       Clock clock, RetryPolicy retry) {
        this.retry = retry;
        this.target = target;
        this.streams = List.copyOf(streams);
        this.status = status;
        this.redactor = redactor;
        this.clock = clock;
        this.thread = new Thread(this::run, "recbot-output-" + target.component());
    }

    /**
     * Opens the file or connection on this output's own thread; packets offered from now on are
     * written once it is open. Only the first call has an effect.
     */
    public void start() {
        if (threadStarted.compareAndSet(false, true)) {
            thread.start();
        }
    }

    /** Whether {@link #start()} was called: only then is there anything to {@link #finish}. */
    public boolean started() {
        return threadStarted.get();
    }

    public OutputTarget target() {
        return target;
    }

    public long packetsWritten() {
        return written.get();
    }

    public long packetsDropped() {
        return dropped.get();
    }

    /**
     * Takes a reference to {@code packet} for this output, or drops it if the queue is full. Called
     * from the encoder threads; never blocks.
     */
    public void offer(AVPacket packet) {
        if (ending.get() || failed.get()) {
            return;
        }
        boolean video = packet.stream_index() == PacketSink.VIDEO;
        boolean key = video && (packet.flags() & AV_PKT_FLAG_KEY) != 0;
        if (waitForKeyframe) {
            if (!key) {
                return;
            }
            waitForKeyframe = false;
        }
        AVPacket ref = av_packet_clone(packet);
        if (ref == null) {
            return;
        }
        // Once queued, the packet belongs to this output's thread, which may free it at once.
        if (queue.offer(ref)) {
            if (video || !flowing) {
                LockSupport.unpark(thread);
            }
        } else {
            av_packet_free(ref);
            waitForKeyframe = true;
            if (dropped.getAndIncrement() == 0) {
                log.warn("{} is falling behind; dropping until the next keyframe", target.displayName());
            }
        }
    }

    private void run() {
        Duration backoff = retry.firstBackoff();
        Instant downSince = null;
        int retries = 0;
        RecbotError lastError = null;
        try {
            while (!ending.get() || !queue.isEmpty()) {
                boolean connected = false;
                long connectedNanos = 0;
                AVFormatContext ctx = null;
                try {
                    ctx = open();
                    connected = true;
                    connectedNanos = System.nanoTime();
                    log.debug("output {} open", target.displayName());
                    int retriesBefore = retries;
                    boolean reconnect = downSince != null;
                    // Retries count within one outage; the next outage starts from zero.
                    downSince = null;
                    retries = 0;
                    backoff = retry.firstBackoff();
                    // Running once media flows, not merely once connected: a stream may connect
                    // while the meeting page is still loading.
                    pump(ctx, () -> {
                        status.publish(target.component(), new ComponentState.Running(clock.instant()));
                        if (reconnect) {
                            log.info("output {} reconnected after {} retries", target.displayName(), retriesBefore);
                        } else {
                            log.info("output {} started", target.displayName());
                        }
                    });
                    AVFormatContext done = ctx;
                    watchdog("finishing", () -> av_write_trailer(done));
                    status.publish(target.component(), new ComponentState.Stopped(null));
                    log.info("output {} finished: {} packets written, {} dropped", target.displayName(),
                            written.get(), dropped.get());
                    return;
                } catch (FFmpegException e) {
                    boolean quick = connected && System.nanoTime() - connectedNanos < REJECT_WINDOW.toNanos();
                    if (connected && !quick) {
                        everStable = true;
                    }
                    lastError = error(e, connected, quick);
                    if (target instanceof OutputTarget.RecordingFile || !lastError.retryable()) {
                        fail(lastError);
                        return;
                    }
                    Instant now = clock.instant();
                    downSince = downSince == null ? now : downSince;
                    if (Duration.between(downSince, now).compareTo(retry.giveUpAfter()) >= 0) {
                        fail(new RecbotError.OutputError(target.displayName(), ErrorCode.RTMP_OUTPUT_GAVE_UP,
                                "gave up after " + retry.giveUpAfter().toSeconds() + " s of failed reconnects: "
                                        + lastError.message(), false));
                        return;
                    }
                    retries++;
                    log.warn("output {} is down ({}); retry {} in {} ms", target.displayName(), lastError.message(),
                            retries, backoff.toMillis());
                    status.publish(target.component(), new ComponentState.Retrying(lastError, retries));
                } finally {
                    close(ctx);
                }
                // What piled up while down is stale; the next connection starts at a fresh keyframe.
                waitForKeyframe = true;
                drainQueue();
                if (endingSignal.await(backoff.toMillis(), TimeUnit.MILLISECONDS)) {
                    break;
                }
                backoff = retry.next(backoff);
            }
            status.publish(target.component(), new ComponentState.Stopped(lastError));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            fail(new RecbotError.OutputError(target.displayName(), ErrorCode.INTERRUPTED, "interrupted", true));
        } catch (RuntimeException e) {
            fail(new RecbotError.OutputError(target.displayName(), ErrorCode.INTERNAL, e.toString(), false));
        } finally {
            drainQueue();
            finished.countDown();
        }
    }

    /**
     * Writes queued packets until the session ends; a connection starts with a video keyframe.
     * {@code firstWritten} runs once that keyframe has been written.
     */
    private void pump(AVFormatContext ctx, Runnable firstWritten) throws FFmpegException, InterruptedException {
        AVRational[] inBase = streams.stream().map(EncodedStream::timeBase).toArray(AVRational[]::new);
        boolean started = false;
        boolean announced = false;
        boolean unflushed = false;
        boolean live = target instanceof OutputTarget.Rtmp;
        // Where the picture starts, in the muxer's time base of the sound.
        long soundFrom = Long.MIN_VALUE;
        flowing = false;
        while (true) {
            AVPacket p = queue.poll();
            if (p == null) {
                if (unflushed) {
                    unflushed = false;
                    AVIOContext pb = ctx.pb();
                    watchdog("writing to " + target.displayName(), () -> {
                        avio_flush(pb);
                        return pb.error();
                    });
                }
                if (ending.get() && queue.isEmpty()) {
                    return;
                }
                LockSupport.parkNanos(this, IDLE_WAKE.toNanos());
                if (Thread.interrupted()) {
                    throw new InterruptedException();
                }
                continue;
            }
            try {
                if (!started) {
                    started = p.stream_index() == PacketSink.VIDEO && (p.flags() & AV_PKT_FLAG_KEY) != 0;
                    if (!started) {
                        continue;
                    }
                }
                int index = p.stream_index();
                AVStream st = ctx.streams(index);
                av_packet_rescale_ts(p, inBase[index], st.time_base());
                if (live && index == PacketSink.AUDIO && p.dts() < soundFrom) {
                    // Sound from before the stream's first picture (the encoder's priming packet,
                    // or what was queued before a reconnection): FLV refuses a time stamp earlier
                    // than the first one it sent, and that is the picture now.
                    continue;
                }
                boolean firstOfStream = live && soundFrom == Long.MIN_VALUE;
                if (firstOfStream) {
                    soundFrom = av_rescale_q(p.dts() == AV_NOPTS_VALUE ? p.pts() : p.dts(), st.time_base(),
                            ctx.streams(PacketSink.AUDIO).time_base());
                }
                // Hands the packet's reference to the muxer; it unrefs it either way.
                watchdog("writing to " + target.displayName(), () -> av_interleaved_write_frame(ctx, p));
                unflushed = true;
                written.incrementAndGet();
                if (firstOfStream) {
                    // The stream's first picture goes out now, not with the first sound after it:
                    // the sound encoder's first packet came 22 and 49 ms after the first picture
                    // in two debug runs.
                    watchdog("writing to " + target.displayName(), () -> av_interleaved_write_frame(ctx, null));
                }
                // A file's first picture leaves the interleaving muxer with the first sound after it.
                if (!flowing && index == PacketSink.AUDIO) {
                    flowing = true;
                }
                if (!announced) {
                    announced = true;
                    firstWritten.run();
                }
            } finally {
                av_packet_free(p);
            }
        }
    }

    /**
     * Runs one blocking FFmpeg call under the stall watchdog: the interrupt callback aborts it once
     * it has made no progress for {@link #STALL_TIMEOUT}, so a server that stops reading is found
     * even when the socket reports no error.
     */
    private void watchdog(String what, java.util.function.IntSupplier call) throws FFmpegException {
        ioStartedNanos = System.nanoTime();
        try {
            int ret = call.getAsInt();
            if (ret < 0) {
                throw new FFmpegException(what, ret == AVERROR_EXIT && !aborted.get() ? ETIMEDOUT : ret);
            }
        } finally {
            ioStartedNanos = 0;
        }
    }

    /**
     * Types an output failure. Network errors (refused, unreachable, timed out, reset) are worth
     * retrying. A server that lets us connect and then refuses us within seconds, twice in a row,
     * before this output ever streamed steadily, has rejected the stream key: retrying would
     * never help, so that fails at once.
     */
    private RecbotError error(FFmpegException e, boolean wasConnected, boolean quick) {
        String detail = redactor.scrub(e.getMessage()) + FFmpegLog.lastError().map(l -> " (" + redactor.scrub(l) + ")").orElse("");
        if (target instanceof OutputTarget.RecordingFile) {
            return new RecbotError.OutputError(target.displayName(), ErrorCode.RECORDING_WRITE_FAILED, detail, false);
        }
        int code = e.code();
        boolean network = code == ECONNREFUSED || code == ETIMEDOUT || code == EHOSTUNREACH
                || code == ENETUNREACH || code == ECONNRESET || code == EPIPE || code == AVERROR_EXIT;
        boolean refusal = !everStable && ((wasConnected && quick) || (!wasConnected && !network));
        quickRefusals = refusal ? quickRefusals + 1 : 0;
        if (quickRefusals >= 2) {
            return new RecbotError.OutputError(target.displayName(), ErrorCode.RTMP_PUBLISH_REJECTED,
                    "the server refused the stream (wrong stream key or application?): " + detail, false);
        }
        return new RecbotError.OutputError(target.displayName(), ErrorCode.RTMP_OUTPUT_DOWN, detail, true);
    }

    private void close(AVFormatContext ctx) {
        if (ctx != null) {
            if (ctx.pb() != null) {
                avio_closep(ctx.pb());
            }
            avformat_free_context(ctx);
        }
    }

    private AVFormatContext open() throws FFmpegException {
        AVFormatContext ctx = new AVFormatContext(null);
        FFmpegException.check("creating the " + target.muxer() + " muxer for " + target.displayName(),
                avformat_alloc_output_context2(ctx, null, target.muxer(), target.url()));
        try {
            for (EncodedStream s : streams) {
                AVStream st = avformat_new_stream(ctx, null);
                FFmpegException.check("copying stream parameters", avcodec_parameters_copy(st.codecpar(), s.parameters()));
                st.time_base(s.timeBase());
                st.codecpar().codec_tag(0);
            }
            AVIOInterruptCB cb = new AVIOInterruptCB();
            cb.callback(interrupt);
            ctx.interrupt_callback(cb);
            AVDictionary io = new AVDictionary(null);
            av_dict_set(io, "rw_timeout", Long.toString(IO_TIMEOUT.toNanos() / 1000), 0);
            if (target instanceof OutputTarget.Rtmp) {
                // A small send buffer keeps latency down and lets a stalled server show as a
                // blocked write within seconds instead of after megabytes of buffering.
                av_dict_set(io, "send_buffer_size", Integer.toString(SEND_BUFFER_BYTES), 0);
            }
            AVIOContext pb = new AVIOContext(null);
            try {
                watchdog("opening " + target.displayName(),
                        () -> avio_open2(pb, target.url(), AVIO_FLAG_WRITE, ctx.interrupt_callback(), io));
            } finally {
                av_dict_free(io);
            }
            ctx.pb(pb);
            AVDictionary mux = new AVDictionary(null);
            if (target instanceof OutputTarget.RecordingFile) {
                // Each fragment is self-contained; the file plays up to the last one written.
                av_dict_set(mux, "movflags", "frag_keyframe+empty_moov+default_base_moof", 0);
            }
            // The pump flushes once per picture instead: a write per packet costs more than it gains.
            ctx.flush_packets(0);
            try {
                watchdog("writing the header to " + target.displayName(), () -> avformat_write_header(ctx, mux));
            } finally {
                av_dict_free(mux);
            }
            return ctx;
        } catch (FFmpegException | RuntimeException e) {
            if (ctx.pb() != null) {
                avio_closep(ctx.pb());
            }
            avformat_free_context(ctx);
            throw e;
        }
    }

    /** The first failure is the one reported; what follows from it (an aborted write) is not. */
    private void fail(RecbotError error) {
        if (!failed.compareAndSet(false, true)) {
            return;
        }
        log.error("output {} failed: {}: {}", target.displayName(), error.code(), error.message());
        status.publish(target.component(), new ComponentState.Failed(error));
    }

    /**
     * Fails this output from outside, for a fault its own writes cannot see (its file was
     * deleted: writes to the unlinked file would still succeed). Its thread stops writing.
     */
    public void abandon(RecbotError error) {
        fail(error);
        aborted.set(true);
    }

    private void drainQueue() {
        AVPacket p;
        while ((p = queue.poll()) != null) {
            av_packet_free(p);
        }
    }

    public boolean failed() {
        return failed.get();
    }

    /**
     * Stops taking packets, writes what is queued and finalises the output. Waits at most
     * {@code timeout}; an output stuck on the network is then aborted.
     */
    public void finish(Duration timeout) {
        ending.set(true);
        endingSignal.countDown();
        LockSupport.unpark(thread);
        try {
            if (!finished.await(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                log.warn("output {} did not finish within {} s; aborting it", target.displayName(), timeout.toSeconds());
                aborted.set(true);
                finished.await(IO_TIMEOUT.toMillis() * 2, TimeUnit.MILLISECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            aborted.set(true);
        }
    }

    @Override
    public void close() {
        finish(Duration.ofSeconds(10));
        interrupt.close();
    }
}
