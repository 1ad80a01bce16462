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
import org.bytedeco.javacpp.Pointer;
import org.bytedeco.javacpp.PointerPointer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one AAC encode: interleaved 16-bit PCM in, packets out. Timestamps count samples from the
 * first captured packet, so the sound has no jitter; the count is steered toward the capture
 * timestamps ({@link SampleSteering}) so it does not drift from the picture, and a gap or surplus
 * of more than {@value #MAX_GAP_MS} ms is cut at once (silence filled in, samples dropped).
 * Confined to the audio capture thread.
 */
public final class AudioEncoder implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(AudioEncoder.class);
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
    private final SampleSteering steering;
    private long firstSample = Long.MIN_VALUE;
    /** Samples handed to the FIFO since the first: with the resampler's delay, where input lands. */
    private long written;
    private long nextOutputSample;
    /** Samples still to drop after the capture delivered more sound than time passed. */
    private long surplus;
    // Set and read on the sound's capture thread, which calls encode.
    private boolean realign;
    private long loggedAt;
    private volatile boolean silenced;
    /** Zeros to encode in place of what is captured; only read, never written into. */
    private BytePointer zeros;

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
        // Compensation needs the resampling path; entering it now, not at the first correction,
        // keeps the resampler's delay the same for the whole recording.
        FFmpegException.check("enabling drift compensation", swr_set_compensation(swr, 0, 0));
        steering = new SampleSteering(settings.audioSampleRate(), MAX_GAP_MS);
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

    /** The resampling compensation in use: positive stretches the sound, negative squeezes it. */
    public double steeringRatio() {
        return steering.compensation() / (double) settings.audioSampleRate();
    }

    /**
     * Over the last second, where the sound's timestamps place it minus where its sample count does,
     * in seconds: what the steering removes. NaN before the first second of sound.
     */
    public double steeringErrorSeconds() {
        return steering.meanError() / settings.audioSampleRate();
    }

    /**
     * Encodes captured PCM.
     *
     * @param pcm           interleaved signed 16-bit samples
     * @param bytes         how many bytes of {@code pcm} to use
     * @param sessionMicros capture time of the first sample on the session clock
     */
    public void encode(BytePointer pcm, int bytes, long sessionMicros) throws FFmpegException {
        if (silenced) {
            pcm = silence(bytes);
        }
        int samples = bytes / (2 * settings.audioChannels());
        int rate = settings.audioSampleRate();
        long at = Math.round(sessionMicros * rate / 1_000_000.0);
        if (firstSample == Long.MIN_VALUE) {
            if (at + samples <= 0) {
                return;
            }
            if (at < 0) {
                // The fragment began before the first picture: its earlier samples are cut off, so
                // the rest starts at 0, where it was captured; placed whole at 0, the sound would
                // start up to a fragment (50 ms) late, which the steering removes only slowly.
                int skip = (int) -at;
                pcm = pcm.getPointer((long) skip * 2 * settings.audioChannels());
                samples -= skip;
                at = 0;
            }
            firstSample = at;
            nextOutputSample = firstSample;
        }
        long error = at - landing();
        long cut = realign ? error : steering.cut(error);
        realign = false;
        if (cut > 0) {
            surplus = 0;
            int silence = (int) Math.min(cut, rate * 10L);
            writeSilence(silence);
            error -= silence;
        } else if (cut < 0) {
            surplus = -cut;
        }
        in.put(0, pcm);
        convert(in, samples);
        if (surplus > 0) {
            // Dropped from the front of what is not yet encoded, over as many packets as it takes.
            int dropped = (int) Math.min(surplus, av_audio_fifo_size(fifo));
            av_audio_fifo_drain(fifo, dropped);
            written -= dropped;
            surplus -= dropped;
            error += dropped;
        }
        int delta = steering.observe(error, samples).orElse(Integer.MIN_VALUE);
        if (delta != Integer.MIN_VALUE) {
            FFmpegException.check("compensating drift", swr_set_compensation(swr, delta, rate));
            if (nextOutputSample - loggedAt >= rate * 30L) {
                loggedAt = nextOutputSample;
                log.debug("audio lands {} ms before its capture time; steering {} ppm",
                        String.format("%.1f", error * 1000.0 / rate), delta * 1_000_000L / rate);
            }
        }
        drainFifo(false);
    }

    /** While on, what is captured is encoded as silence, on the capture's schedule. Safe from any thread. */
    public void silence(boolean on) {
        silenced = on;
    }

    /** {@code bytes} of zeros, from a buffer kept for it. */
    private BytePointer silence(int bytes) {
        if (zeros == null || zeros.capacity() < bytes) {
            if (zeros != null) {
                zeros.close();
            }
            zeros = new BytePointer(bytes);
            Pointer.memset(zeros, 0, bytes);
        }
        return zeros;
    }

    /**
     * Has the next packet land exactly where its timestamp says, the difference cut (silence or
     * dropped samples) rather than steered: for a change of the sound's delay that is a decision,
     * not a drift, and which steering would take many seconds to follow.
     */
    public void realignNext() {
        realign = true;
    }

    /** Where the next captured sample will land on the output time line. */
    private long landing() {
        return firstSample + written + swr_get_delay(swr, settings.audioSampleRate());
    }

    private void writeSilence(int samples) throws FFmpegException {
        ensureConverted(samples);
        av_samples_set_silence(converted.extended_data(), 0, samples, settings.audioChannels(), AV_SAMPLE_FMT_FLTP);
        av_audio_fifo_write(fifo, converted.extended_data(), samples);
        written += samples;
    }

    private void convert(PointerPointer<BytePointer> input, int samples) throws FFmpegException {
        // Compensation can make a few more samples than went in.
        ensureConverted(samples + 64);
        int out = FFmpegException.check("resampling", swr_convert(swr, converted.extended_data(), converted.nb_samples(), input, samples));
        av_audio_fifo_write(fifo, converted.extended_data(), out);
        written += out;
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
        if (firstSample != Long.MIN_VALUE) {
            // What the resampler still holds (its filter's delay) belongs at the end.
            ensureConverted(256);
            int out = FFmpegException.check("flushing the resampler",
                    swr_convert(swr, converted.extended_data(), converted.nb_samples(), (PointerPointer<?>) null, 0));
            av_audio_fifo_write(fifo, converted.extended_data(), out);
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
        if (zeros != null) {
            zeros.close();
        }
    }
}
