package live.recbot.encode;

import static org.bytedeco.ffmpeg.global.avcodec.*;
import static org.bytedeco.ffmpeg.global.avutil.*;

import java.math.BigInteger;
import java.util.concurrent.atomic.AtomicBoolean;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import org.bytedeco.ffmpeg.avcodec.AVCodec;
import org.bytedeco.ffmpeg.avcodec.AVCodecContext;
import org.bytedeco.ffmpeg.avcodec.AVCodecParameters;
import org.bytedeco.ffmpeg.avcodec.AVPacket;
import org.bytedeco.ffmpeg.avutil.AVDictionary;
import org.bytedeco.ffmpeg.avutil.AVFrame;
import org.bytedeco.javacpp.BytePointer;

/**
 * The one H.264 encode: a captured screen image in, packets out to the sink. Converts the X
 * server's pixel format to yuv420p straight from the capture buffer, without an intermediate copy
 * ({@link PictureConverter}).
 * Confined to the thread that calls it; its counts may be read from any thread.
 */
public final class VideoEncoder implements AutoCloseable {
    /** Bench only: every picture encoded losslessly, the reference frames of {@code scripts/quality}. */
    public static final String LOSSLESS_PROPERTY = "recbot.bench.losslessVideo";
    private final EncoderSettings settings;
    private final PacketSink sink;
    private final AVCodecContext ctx;
    private final AVFrame frame;
    private final AVPacket packet;
    private final EncodedStream stream;
    private final SegmentKeyframes segmentKeyframes;
    private PictureConverter converter;
    private int converterSourceFormat = -1;
    /** The picture interval in microseconds: one tick of the video's time base. */
    private final long micros;
    private final FrameSlots slots;
    private final AtomicLong frames = new AtomicLong();
    private final AtomicLong skipped = new AtomicLong();
    private final AtomicLong encodeNanos = new AtomicLong();
    private final AtomicBoolean keyframeAsked = new AtomicBoolean();
    private volatile boolean standIn;
    /** Session time of the last picture encoded as the paused picture. */
    private volatile long standInUntil = Long.MIN_VALUE;
    private BytePointer pausedPicture;

    public VideoEncoder(EncoderSettings settings, PacketSink sink) throws FFmpegException {
        this(settings, sink, SegmentKeyframes.NONE);
    }

    /** @param segment a keyframe starts every segment of this length, or {@link SegmentKeyframes#NONE} */
    public VideoEncoder(EncoderSettings settings, PacketSink sink, Duration segment) throws FFmpegException {
        this.settings = settings;
        this.sink = sink;
        this.segmentKeyframes = new SegmentKeyframes(segment, settings.frameInterval());
        AVCodec codec = avcodec_find_encoder_by_name("libx264");
        if (codec == null) {
            throw new FFmpegException("libx264 encoder not available", AVERROR_ENCODER_NOT_FOUND());
        }
        ctx = avcodec_alloc_context3(codec);
        ctx.width(settings.width());
        ctx.height(settings.height());
        ctx.pix_fmt(AV_PIX_FMT_YUV420P);
        // One tick per picture, on the capture's own schedule: on a 1/30 s grid, the capture's
        // 33.332 ms would slide against the grid, and with it the picture against the sound
        // (docs/architecture.md, record 5).
        micros = settings.frameInterval().toNanos() / 1000;
        int gcd = BigInteger.valueOf(micros).gcd(BigInteger.valueOf(1_000_000)).intValue();
        ctx.time_base(av_make_q((int) (micros / gcd), 1_000_000 / gcd));
        ctx.framerate(av_make_q(1_000_000 / gcd, (int) (micros / gcd)));
        slots = new FrameSlots(micros);
        ctx.gop_size(settings.gopSize());
        ctx.keyint_min(settings.gopSize());
        ctx.max_b_frames(0);
        // libavcodec's libx264 wrapper defaults to one x264 thread per core and a half: on a 2-core
        // bot that shares its cores with the browser, sliced threads cost more CPU than they save
        // latency. One thread encodes 720p30 and 1080p30 well in time.
        ctx.thread_count(1);
        boolean lossless = Boolean.getBoolean(LOSSLESS_PROPERTY);
        if (!lossless) {
            ctx.bit_rate(settings.videoBitrate());
            ctx.rc_max_rate(settings.videoBitrate());
            ctx.rc_buffer_size((int) settings.videoBitrate());
        }
        // MP4 and FLV both want SPS/PPS once in the stream header, not repeated in-band only.
        ctx.flags(ctx.flags() | AV_CODEC_FLAG_GLOBAL_HEADER);
        AVDictionary opts = new AVDictionary(null);
        av_dict_set(opts, "preset", settings.preset(), 0);
        av_dict_set(opts, "tune", "zerolatency", 0);
        // A keyframe exactly every 2 s, as ingest services require; no extra ones on scene cuts.
        av_dict_set(opts, "x264-params", "scenecut=0:open-gop=0", 0);
        // A keyframe asked for is an IDR picture, one an output can start on.
        av_dict_set(opts, "forced-idr", "1", 0);
        if (lossless) {
            av_dict_set(opts, "qp", "0", 0);
        }
        try {
            FFmpegException.check("opening libx264", avcodec_open2(ctx, codec, opts));
        } finally {
            av_dict_free(opts);
        }
        frame = av_frame_alloc();
        frame.format(AV_PIX_FMT_YUV420P);
        frame.width(settings.width());
        frame.height(settings.height());
        FFmpegException.check("allocating a video frame", av_frame_get_buffer(frame, 0));
        packet = av_packet_alloc();
        AVCodecParameters par = avcodec_parameters_alloc();
        FFmpegException.check("reading encoder parameters", avcodec_parameters_from_context(par, ctx));
        stream = new EncodedStream(PacketSink.VIDEO, par, ctx.time_base());
    }

    public EncodedStream stream() {
        return stream;
    }

    public long framesEncoded() {
        return frames.get();
    }

    /** Pictures left out because they came too early for the next free slot ({@link FrameSlots}). */
    public long framesSkipped() {
        return skipped.get();
    }

    /** Time spent converting and encoding the pictures counted by {@link #framesEncoded()}. */
    public long encodeNanos() {
        return encodeNanos.get();
    }

    /**
     * Makes the next encoded picture a keyframe (an IDR: x264 runs with {@code forced-idr}), so that
     * an output added while running or a resumed recording starts at once instead of at the next
     * scheduled keyframe. Safe from any thread.
     */
    public void requestKeyframe() {
        keyframeAsked.set(true);
    }

    /**
     * While on, every picture encoded is the still paused picture instead of the captured one, on
     * the capture's schedule. Safe from any thread.
     */
    public void standIn(boolean on) {
        standIn = on;
    }

    /** Session time in microseconds of the last paused picture encoded; MIN_VALUE if none. */
    public long standInUntilMicros() {
        return standInUntil;
    }

    /**
     * Encodes one captured image.
     *
     * @param image        the top-left pixel of the capture buffer
     * @param stride       bytes per row of the capture buffer
     * @param pixelFormat  the capture's AVPixelFormat (bgr0 from a 24-bit X server)
     * @param sessionMicros capture time on the session clock
     */
    public void encode(BytePointer image, int stride, int pixelFormat, long sessionMicros) throws FFmpegException {
        long pts = slots.place(sessionMicros);
        if (pts == FrameSlots.NONE) {
            skipped.incrementAndGet();
            return;
        }
        long began = System.nanoTime();
        // Read before the stand-in: a keyframe asked for at a resume is always a captured picture.
        boolean keyframe = keyframeAsked.getAndSet(false);
        if (standIn) {
            if (pausedPicture == null) {
                pausedPicture = PausedPicture.render(settings.width(), settings.height());
            }
            // Known before its packet leaves, so no output takes it for a picture of the meeting.
            standInUntil = pts * micros;
            convert(pausedPicture, settings.width() * 4, AV_PIX_FMT_BGR0);
        } else {
            convert(image, stride, pixelFormat);
        }
        frame.pts(pts);
        // The frame is reused: every picture says whether it must be a keyframe. The segment
        // schedule is consulted on every picture, asked-for keyframe or not.
        boolean segmentStart = segmentKeyframes.due(pts);
        frame.pict_type(keyframe || segmentStart ? AV_PICTURE_TYPE_I : AV_PICTURE_TYPE_NONE);
        FFmpegException.check("encoding video", avcodec_send_frame(ctx, frame));
        Drain.packets(ctx, packet, PacketSink.VIDEO, sink);
        encodeNanos.addAndGet(System.nanoTime() - began);
        frames.incrementAndGet();
    }

    /**
     * Converts one captured image without encoding it. Before the recording starts, this pays for
     * the conversion's set-up and its first, cold pass (tens of milliseconds, docs/architecture.md,
     * record 11), which would otherwise delay the first picture and drop the one after it.
     */
    public void warmUp(BytePointer image, int stride, int pixelFormat) throws FFmpegException {
        convert(image, stride, pixelFormat);
    }

    /** Converts a captured image into {@link #frame}. */
    private void convert(BytePointer image, int stride, int pixelFormat) throws FFmpegException {
        if (converter == null || converterSourceFormat != pixelFormat) {
            if (converter != null) {
                converter.close();
                converter = null;
            }
            converter = PictureConverter.forFormat(pixelFormat, settings.width(), settings.height());
            converterSourceFormat = pixelFormat;
        }
        // The encoder may still hold the previous picture; this copies it away only if so.
        FFmpegException.check("making the frame writable", av_frame_make_writable(frame));
        converter.convert(image, stride, frame);
    }

    /** Drains what the encoder still holds; call once, at the end. */
    public void flush() throws FFmpegException {
        Drain.flush(ctx, packet, PacketSink.VIDEO, sink);
    }

    @Override
    public void close() {
        if (pausedPicture != null) {
            pausedPicture.close();
        }
        if (converter != null) {
            converter.close();
            converter = null;
        }
        av_frame_free(frame);
        av_packet_free(packet);
        avcodec_free_context(ctx);
        avcodec_parameters_free(stream.parameters());
    }
}
