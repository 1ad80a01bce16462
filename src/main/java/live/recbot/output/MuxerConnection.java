package live.recbot.output;

import static org.bytedeco.ffmpeg.global.avcodec.av_packet_free;
import static org.bytedeco.ffmpeg.global.avcodec.av_packet_rescale_ts;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_parameters_copy;
import static org.bytedeco.ffmpeg.global.avformat.AVFMT_NOFILE;
import static org.bytedeco.ffmpeg.global.avformat.AVIO_FLAG_WRITE;
import static org.bytedeco.ffmpeg.global.avformat.av_interleaved_write_frame;
import static org.bytedeco.ffmpeg.global.avformat.av_write_trailer;
import static org.bytedeco.ffmpeg.global.avformat.avformat_alloc_output_context2;
import static org.bytedeco.ffmpeg.global.avformat.avformat_free_context;
import static org.bytedeco.ffmpeg.global.avformat.avformat_new_stream;
import static org.bytedeco.ffmpeg.global.avformat.avformat_write_header;
import static org.bytedeco.ffmpeg.global.avformat.avio_closep;
import static org.bytedeco.ffmpeg.global.avformat.avio_flush;
import static org.bytedeco.ffmpeg.global.avformat.avio_open2;
import static org.bytedeco.ffmpeg.global.avutil.av_dict_free;
import static org.bytedeco.ffmpeg.global.avutil.av_dict_set;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BooleanSupplier;
import live.recbot.encode.EncodedStream;
import live.recbot.encode.FFmpegException;
import live.recbot.encode.PacketSink;
import org.bytedeco.ffmpeg.avcodec.AVPacket;
import org.bytedeco.ffmpeg.avformat.AVFormatContext;
import org.bytedeco.ffmpeg.avformat.AVIOContext;
import org.bytedeco.ffmpeg.avformat.AVIOInterruptCB;
import org.bytedeco.ffmpeg.avformat.AVStream;
import org.bytedeco.ffmpeg.avutil.AVDictionary;
import org.bytedeco.ffmpeg.avutil.AVRational;

/**
 * One opened file or RTMP connection of an output, from its header to its trailer. Used only by
 * the output's thread; every blocking call runs under the output's stall watchdog.
 */
final class MuxerConnection implements AutoCloseable {
    /** FFmpeg's own limit for a read or write that makes no progress. */
    static final Duration IO_TIMEOUT = Duration.ofSeconds(5);
    /** How long the thread sleeps when nothing wakes it: the longest sound waits without pictures. */
    static final Duration IDLE_WAKE = Duration.ofMillis(100);

    private final AVFormatContext ctx;
    private final AVIOContext pb;
    private final MuxedStreams streams;
    private final AVRational[] inBase;
    /** The muxer's time base of each stream, fixed once the header is written. */
    private final AVRational[] outBase;
    private final Timeline timeline;
    private final StallWatchdog watchdog;
    private final OutputLabels labels;
    private final AtomicLong sent;
    /** What {@link #pb} had written when last counted into {@link #sent}. */
    private long counted;
    private boolean unflushed;
    private boolean closed;

    private MuxerConnection(AVFormatContext ctx, AVIOContext pb, MuxedStreams streams, AVRational[] inBase,
                            AVRational[] outBase, Timeline timeline, StallWatchdog watchdog, OutputLabels labels,
                            AtomicLong sent) {
        this.ctx = ctx;
        this.pb = pb;
        this.streams = streams;
        this.inBase = inBase;
        this.outBase = outBase;
        this.timeline = timeline;
        this.watchdog = watchdog;
        this.labels = labels;
        this.sent = sent;
        countSent();
    }

    /** Opens the target and writes the container header; {@code sent} counts the bytes written from then on. */
    static MuxerConnection open(MuxerPolicy policy, MuxedStreams streams, StallWatchdog watchdog,
                                OutputLabels labels, AtomicLong sent) throws FFmpegException {
        AVFormatContext ctx = new AVFormatContext(null);
        FFmpegException.check("creating the " + policy.format() + " muxer for " + labels.name(),
                avformat_alloc_output_context2(ctx, null, policy.format(), policy.url()));
        try {
            for (EncodedStream s : streams.list()) {
                AVStream st = avformat_new_stream(ctx, null);
                FFmpegException.check("copying stream parameters", avcodec_parameters_copy(st.codecpar(), s.parameters()));
                st.time_base(s.timeBase());
                st.codecpar().codec_tag(0);
            }
            AVIOInterruptCB cb = new AVIOInterruptCB();
            cb.callback(watchdog.callback());
            ctx.interrupt_callback(cb);
            // A muxer that opens its own files (HLS) has no single output to open here.
            AVIOContext pb = null;
            if ((ctx.oformat().flags() & AVFMT_NOFILE) == 0) {
                pb = openIo(policy, ctx, watchdog, labels);
                ctx.pb(pb);
            }
            AVDictionary mux = new AVDictionary(null);
            policy.headerOptions(mux, streams.video());
            // The pump flushes once per picture instead: a write per packet costs more than it gains.
            ctx.flush_packets(0);
            try {
                watchdog.call(labels.header(), () -> avformat_write_header(ctx, mux));
            } finally {
                av_dict_free(mux);
            }
            AVRational[] outBase = new AVRational[streams.list().size()];
            for (int i = 0; i < outBase.length; i++) {
                outBase[i] = ctx.streams(i).time_base();
            }
            AVRational[] inBase = streams.list().stream().map(EncodedStream::timeBase).toArray(AVRational[]::new);
            // The sound alone has nothing to be ordered against: it is written as it comes.
            Timeline timeline = streams.video() ? policy.timeline(outBase) : Timeline.AS_IS;
            return new MuxerConnection(ctx, pb, streams, inBase, outBase, timeline, watchdog, labels, sent);
        } catch (FFmpegException | RuntimeException e) {
            release(ctx);
            throw e;
        }
    }

    private static AVIOContext openIo(MuxerPolicy policy, AVFormatContext ctx, StallWatchdog watchdog,
                                      OutputLabels labels) throws FFmpegException {
        AVDictionary io = new AVDictionary(null);
        av_dict_set(io, "rw_timeout", Long.toString(IO_TIMEOUT.toNanos() / 1000), 0);
        policy.ioOptions(io);
        AVIOContext pb = new AVIOContext(null);
        try {
            watchdog.call(labels.opening(),
                    () -> avio_open2(pb, policy.url(), AVIO_FLAG_WRITE, ctx.interrupt_callback(), io));
        } finally {
            av_dict_free(io);
        }
        return pb;
    }

    /**
     * Writes queued packets until {@code ending} and the queue is empty, starting on a video
     * keyframe (or the first sound, without a picture); {@code firstWritten} runs once that has been written.
     */
    void pump(PacketQueue queue, BooleanSupplier ending, Runnable firstWritten, AtomicLong written)
            throws FFmpegException, InterruptedException {
        boolean started = false;
        boolean announced = false;
        boolean soundFlowing = false;
        queue.soundWakes(true);
        while (true) {
            AVPacket p = queue.poll();
            if (p == null) {
                flush();
                if (ending.getAsBoolean() && queue.isEmpty()) {
                    return;
                }
                queue.await(IDLE_WAKE);
                continue;
            }
            try {
                if (!started) {
                    started = streams.startsAt(p);
                    if (!started) {
                        continue;
                    }
                }
                int index = p.stream_index();
                if (!write(p)) {
                    continue;
                }
                written.incrementAndGet();
                if (!soundFlowing && index == PacketSink.AUDIO) {
                    soundFlowing = true;
                    queue.soundWakes(false);
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

    /** Hands the packet's reference to the muxer, which unrefs it either way; false if the timeline skips it. */
    private boolean write(AVPacket p) throws FFmpegException {
        int index = streams.position(p.stream_index());
        p.stream_index(index);
        av_packet_rescale_ts(p, inBase[index], outBase[index]);
        Timeline.Admission admission = timeline.admit(p);
        if (admission == Timeline.Admission.SKIP) {
            return false;
        }
        interleave(p);
        unflushed = true;
        if (admission == Timeline.Admission.WRITE_AND_PUSH) {
            interleave(null);
        }
        return true;
    }

    private void interleave(AVPacket p) throws FFmpegException {
        watchdog.arm();
        int ret;
        try {
            ret = av_interleaved_write_frame(ctx, p);
        } finally {
            watchdog.disarm();
        }
        watchdog.check(labels.writing(), ret);
    }

    /** Pushes what was written since the last flush out to the file or socket. */
    private void flush() throws FFmpegException {
        if (!unflushed || pb == null) {
            return;
        }
        unflushed = false;
        watchdog.arm();
        try {
            avio_flush(pb);
        } finally {
            watchdog.disarm();
        }
        watchdog.check(labels.writing(), pb.error());
        countSent();
    }

    /** Adds what the I/O context wrote since the last count: once per flush, not per packet. */
    private void countSent() {
        if (pb == null) {
            return;
        }
        long total = pb.bytes_written();
        sent.addAndGet(total - counted);
        counted = total;
    }

    /** Writes the trailer: the output is complete. */
    void finish() throws FFmpegException {
        watchdog.call(labels.finishing(), () -> av_write_trailer(ctx));
        countSent();
    }

    @Override
    public void close() {
        if (!closed) {
            closed = true;
            release(ctx);
        }
    }

    private static void release(AVFormatContext ctx) {
        if (ctx.pb() != null) {
            avio_closep(ctx.pb());
        }
        avformat_free_context(ctx);
    }
}
