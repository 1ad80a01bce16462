package live.recbot.encode;

import static org.bytedeco.ffmpeg.global.avcodec.*;
import static org.bytedeco.ffmpeg.global.avutil.*;
import static org.bytedeco.ffmpeg.global.swresample.*;

import org.bytedeco.ffmpeg.avcodec.AVCodec;
import org.bytedeco.ffmpeg.avcodec.AVCodecContext;
import org.bytedeco.ffmpeg.avcodec.AVCodecParameters;
import org.bytedeco.ffmpeg.avcodec.AVPacket;
import org.bytedeco.ffmpeg.avutil.AVAudioFifo;
import org.bytedeco.ffmpeg.avutil.AVChannelLayout;
import org.bytedeco.ffmpeg.avutil.AVFrame;
import org.bytedeco.ffmpeg.swresample.SwrContext;
import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.javacpp.PointerPointer;

/**
 * The one AAC encode: interleaved 16-bit PCM in, packets out. Timestamps count samples from the
 * first captured packet, so the audio clock stays exact; a gap in capture (more than
 * {@value #MAX_GAP_MS} ms later than the samples account for) is filled with silence so audio
 * stays aligned with the picture. Confined to the audio capture thread.
 */
public final class AudioEncoder implements AutoCloseable {
    static final int MAX_GAP_MS = 100;
    private final EncoderSettings settings;
    private final PacketSink sink;
    private final AVCodecContext ctx;
    private final SwrContext swr;
    private final AVAudioFifo fifo;
    private final AVFrame frame;
    private final AVFrame converted;
    private final AVPacket packet;
    private final EncodedStream stream;
    private final PointerPointer<BytePointer> in = new PointerPointer<>(1);
    private long nextInputSample = Long.MIN_VALUE;
    private long nextOutputSample;

    public AudioEncoder(EncoderSettings settings, PacketSink sink) throws FFmpegException {
        this.settings = settings;
        this.sink = sink;
        AVCodec codec = avcodec_find_encoder(AV_CODEC_ID_AAC);
        if (codec == null) {
            throw new FFmpegException("AAC encoder not available", AVERROR_ENCODER_NOT_FOUND());
        }
        ctx = avcodec_alloc_context3(codec);
        ctx.sample_fmt(AV_SAMPLE_FMT_FLTP);
        ctx.sample_rate(settings.audioSampleRate());
        av_channel_layout_default(ctx.ch_layout(), settings.audioChannels());
        ctx.bit_rate(settings.audioBitrate());
        ctx.time_base(av_make_q(1, settings.audioSampleRate()));
        ctx.flags(ctx.flags() | AV_CODEC_FLAG_GLOBAL_HEADER);
        FFmpegException.check("opening the AAC encoder", avcodec_open2(ctx, codec, (org.bytedeco.ffmpeg.avutil.AVDictionary) null));

        AVChannelLayout layout = new AVChannelLayout();
        av_channel_layout_default(layout, settings.audioChannels());
        SwrContext s = new SwrContext(null);
        FFmpegException.check("configuring the resampler", swr_alloc_set_opts2(s, layout, AV_SAMPLE_FMT_FLTP,
                settings.audioSampleRate(), layout, AV_SAMPLE_FMT_S16, settings.audioSampleRate(), 0, null));
        swr = s;
        FFmpegException.check("starting the resampler", swr_init(swr));
        av_channel_layout_uninit(layout);
        layout.close();

        fifo = av_audio_fifo_alloc(AV_SAMPLE_FMT_FLTP, settings.audioChannels(), settings.audioSampleRate());
        frame = av_frame_alloc();
        // One buffer for every AAC frame, reused as the video encoder reuses its picture.
        frame.format(AV_SAMPLE_FMT_FLTP);
        av_channel_layout_default(frame.ch_layout(), settings.audioChannels());
        frame.sample_rate(settings.audioSampleRate());
        frame.nb_samples(ctx.frame_size());
        FFmpegException.check("allocating an audio frame", av_frame_get_buffer(frame, 0));
        converted = av_frame_alloc();
        packet = av_packet_alloc();
        AVCodecParameters par = avcodec_parameters_alloc();
        FFmpegException.check("reading encoder parameters", avcodec_parameters_from_context(par, ctx));
        stream = new EncodedStream(PacketSink.AUDIO, par, ctx.time_base());
    }

    public EncodedStream stream() {
        return stream;
    }

    /**
     * Encodes captured PCM.
     *
     * @param pcm           interleaved signed 16-bit samples
     * @param bytes         how many bytes of {@code pcm} to use
     * @param sessionMicros capture time of the first sample on the session clock
     */
    public void encode(BytePointer pcm, int bytes, long sessionMicros) throws FFmpegException {
        int samples = bytes / (2 * settings.audioChannels());
        long at = Math.round(sessionMicros * settings.audioSampleRate() / 1_000_000.0);
        if (nextInputSample == Long.MIN_VALUE) {
            if (at + samples <= 0) {
                return;
            }
            nextInputSample = Math.max(0, at);
            nextOutputSample = nextInputSample;
        }
        long gap = at - nextInputSample;
        if (gap > (long) settings.audioSampleRate() * MAX_GAP_MS / 1000) {
            writeSilence((int) Math.min(gap, settings.audioSampleRate() * 10L));
        }
        in.put(0, pcm);
        convert(in, samples);
        nextInputSample += samples;
        drainFifo(false);
    }

    private void writeSilence(int samples) throws FFmpegException {
        ensureConverted(samples);
        av_samples_set_silence(converted.extended_data(), 0, samples, settings.audioChannels(), AV_SAMPLE_FMT_FLTP);
        av_audio_fifo_write(fifo, converted.extended_data(), samples);
        nextInputSample += samples;
    }

    private void convert(PointerPointer<BytePointer> input, int samples) throws FFmpegException {
        ensureConverted(samples);
        int out = FFmpegException.check("resampling", swr_convert(swr, converted.extended_data(), samples, input, samples));
        av_audio_fifo_write(fifo, converted.extended_data(), out);
    }

    private void ensureConverted(int samples) throws FFmpegException {
        if (converted.nb_samples() >= samples) {
            return;
        }
        av_frame_unref(converted);
        converted.format(AV_SAMPLE_FMT_FLTP);
        av_channel_layout_default(converted.ch_layout(), settings.audioChannels());
        converted.nb_samples(Math.max(samples, 4096));
        FFmpegException.check("allocating audio", av_frame_get_buffer(converted, 0));
    }

    private void drainFifo(boolean last) throws FFmpegException {
        int frameSize = ctx.frame_size();
        while (av_audio_fifo_size(fifo) >= frameSize || (last && av_audio_fifo_size(fifo) > 0)) {
            int n = Math.min(frameSize, av_audio_fifo_size(fifo));
            // The encoder may still hold the previous frame; this copies it away only if so.
            FFmpegException.check("making the audio frame writable", av_frame_make_writable(frame));
            frame.nb_samples(n);
            av_audio_fifo_read(fifo, frame.extended_data(), n);
            frame.pts(nextOutputSample);
            nextOutputSample += n;
            FFmpegException.check("encoding audio", avcodec_send_frame(ctx, frame));
            Drain.packets(ctx, packet, PacketSink.AUDIO, sink);
        }
    }

    /** Encodes what is buffered and drains the encoder; call once, at the end. */
    public void flush() throws FFmpegException {
        if (nextInputSample != Long.MIN_VALUE) {
            drainFifo(true);
        }
        Drain.flush(ctx, packet, PacketSink.AUDIO, sink);
    }

    @Override
    public void close() {
        av_frame_free(frame);
        av_frame_free(converted);
        av_packet_free(packet);
        av_audio_fifo_free(fifo);
        swr_free(swr);
        avcodec_free_context(ctx);
        avcodec_parameters_free(stream.parameters());
        in.close();
    }
}
