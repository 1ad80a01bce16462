package live.recbot.output;

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
import live.recbot.config.Redactor;
import live.recbot.encode.EncodedStream;
import live.recbot.encode.FFmpegException;
import live.recbot.status.ComponentState;
import live.recbot.status.RecbotError;
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
 */
public final class MuxerOutput implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(MuxerOutput.class);
    /** About 10 s of 30 fps video plus AAC at 48 kHz. */
    static final int QUEUE_PACKETS = 800;
    private static final Duration IO_TIMEOUT = Duration.ofSeconds(5);

    private final OutputTarget target;
    private final List<EncodedStream> streams;
    private final StatusReporter status;
    private final Redactor redactor;
    private final Clock clock;
    private final BlockingQueue<AVPacket> queue = new ArrayBlockingQueue<>(QUEUE_PACKETS);
    private final AtomicBoolean ending = new AtomicBoolean();
    private final AtomicBoolean aborted = new AtomicBoolean();
    private final AtomicBoolean failed = new AtomicBoolean();
    private final AtomicLong dropped = new AtomicLong();
    private final AtomicLong written = new AtomicLong();
    private final CountDownLatch finished = new CountDownLatch(1);
    private final Thread thread;
    /** Set by producers when a packet was dropped: the stream resumes at the next video keyframe. */
    private volatile boolean waitForKeyframe = true;
    // Kept in a field so the native side never calls a collected callback.
    private final AVIOInterruptCB.Callback_Pointer interrupt = new AVIOInterruptCB.Callback_Pointer() {
        @Override
        public int call(Pointer opaque) {
            return aborted.get() ? 1 : 0;
        }
    };

    public MuxerOutput(OutputTarget target, List<EncodedStream> streams, StatusReporter status, Redactor redactor,
                       Clock clock) {
        this.target = target;
        this.streams = List.copyOf(streams);
        this.status = status;
        this.redactor = redactor;
        this.clock = clock;
        this.thread = new Thread(this::run, "recbot-output-" + target.component());
    }

    public void start() {
        thread.start();
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
        boolean key = packet.stream_index() == live.recbot.encode.PacketSink.VIDEO
                && (packet.flags() & AV_PKT_FLAG_KEY) != 0;
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
        if (!queue.offer(ref)) {
            av_packet_free(ref);
            waitForKeyframe = true;
            if (dropped.getAndIncrement() == 0) {
                log.warn("{} is falling behind; dropping until the next keyframe", target.displayName());
            }
        }
    }

    private void run() {
        AVFormatContext ctx = null;
        try {
            ctx = open();
            status.publish(target.component(), new ComponentState.Running(clock.instant()));
            log.info("output {} started", target.displayName());
            AVRational[] inBase = streams.stream().map(EncodedStream::timeBase).toArray(AVRational[]::new);
            while (true) {
                AVPacket p = queue.poll(100, TimeUnit.MILLISECONDS);
                if (p == null) {
                    if (ending.get() && queue.isEmpty()) {
                        break;
                    }
                    continue;
                }
                try {
                    AVStream st = ctx.streams(p.stream_index());
                    av_packet_rescale_ts(p, inBase[p.stream_index()], st.time_base());
                    // Hands the packet's reference to the muxer; it unrefs it either way.
                    int ret = av_interleaved_write_frame(ctx, p);
                    if (ret < 0) {
                        throw new FFmpegException("writing to " + target.displayName(), ret);
                    }
                    written.incrementAndGet();
                } finally {
                    av_packet_free(p);
                }
            }
            FFmpegException.check("finishing " + target.displayName(), av_write_trailer(ctx));
            status.publish(target.component(), new ComponentState.Stopped(null));
            log.info("output {} finished: {} packets written, {} dropped", target.displayName(), written.get(),
                    dropped.get());
        } catch (FFmpegException e) {
            fail(e.getMessage(), e.code());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            fail("interrupted", 0);
        } catch (RuntimeException e) {
            fail(e.toString(), 0);
        } finally {
            drainQueue();
            if (ctx != null) {
                if (ctx.pb() != null) {
                    avio_closep(ctx.pb());
                }
                avformat_free_context(ctx);
            }
            finished.countDown();
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
            AVIOContext pb = new AVIOContext(null);
            try {
                FFmpegException.check("opening " + target.displayName(),
                        avio_open2(pb, target.url(), AVIO_FLAG_WRITE, ctx.interrupt_callback(), io));
            } finally {
                av_dict_free(io);
            }
            ctx.pb(pb);
            AVDictionary mux = new AVDictionary(null);
            if (target instanceof OutputTarget.RecordingFile) {
                // Each fragment is self-contained; the file plays up to the last one written.
                av_dict_set(mux, "movflags", "frag_keyframe+empty_moov+default_base_moof", 0);
            }
            // Push every packet out at once: to disk for crash safety, to the ingest for latency.
            ctx.flush_packets(1);
            try {
                FFmpegException.check("writing the header to " + target.displayName(), avformat_write_header(ctx, mux));
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

    private void fail(String message, int code) {
        failed.set(true);
        String text = redactor.scrub(message);
        log.error("output {} failed: {}", target.displayName(), text);
        String errorCode = target instanceof OutputTarget.RecordingFile ? "recording-write-failed" : "rtmp-output-failed";
        status.publish(target.component(), new ComponentState.Failed(
                new RecbotError.OutputError(target.displayName(), errorCode, text, !(target instanceof OutputTarget.RecordingFile))));
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
