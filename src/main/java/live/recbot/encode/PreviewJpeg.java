package live.recbot.encode;

import static org.bytedeco.ffmpeg.global.avcodec.AV_CODEC_FLAG_QSCALE;
import static org.bytedeco.ffmpeg.global.avcodec.AV_CODEC_ID_MJPEG;
import static org.bytedeco.ffmpeg.global.avcodec.av_packet_alloc;
import static org.bytedeco.ffmpeg.global.avcodec.av_packet_free;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_alloc_context3;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_find_encoder;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_free_context;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_open2;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_receive_packet;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_send_frame;
import static org.bytedeco.ffmpeg.global.avutil.AVCOL_RANGE_JPEG;
import static org.bytedeco.ffmpeg.global.avutil.AVERROR_ENCODER_NOT_FOUND;
import static org.bytedeco.ffmpeg.global.avutil.AV_PIX_FMT_BGR0;
import static org.bytedeco.ffmpeg.global.avutil.AV_PIX_FMT_BGRA;
import static org.bytedeco.ffmpeg.global.avutil.AV_PIX_FMT_RGB0;
import static org.bytedeco.ffmpeg.global.avutil.AV_PIX_FMT_RGBA;
import static org.bytedeco.ffmpeg.global.avutil.AV_PIX_FMT_YUV420P;
import static org.bytedeco.ffmpeg.global.avutil.FF_QP2LAMBDA;
import static org.bytedeco.ffmpeg.global.avutil.av_frame_alloc;
import static org.bytedeco.ffmpeg.global.avutil.av_frame_free;
import static org.bytedeco.ffmpeg.global.avutil.av_frame_get_buffer;
import static org.bytedeco.ffmpeg.global.avutil.av_make_q;

import java.io.IOException;
import org.bytedeco.ffmpeg.avcodec.AVCodec;
import org.bytedeco.ffmpeg.avcodec.AVCodecContext;
import org.bytedeco.ffmpeg.avcodec.AVPacket;
import org.bytedeco.ffmpeg.avutil.AVDictionary;
import org.bytedeco.ffmpeg.avutil.AVFrame;

/**
 * A still of the recorded picture for people to look at: shrunk to at most {@value #MAX_WIDTH}
 * pixels wide ({@link PreviewShrink}), then JPEG-encoded by FFmpeg's mjpeg encoder. All native, on
 * the caller's thread; no native object outlives the call.
 */
public final class PreviewJpeg {
    public static final int MAX_WIDTH = 640;
    /** mjpeg's quantiser: 2 is finest, 31 coarsest; 4 looks like a JPEG of quality 80 at about 30 KB. */
    private static final int QSCALE = 4;
    static final PreviewShrink SHRINK = shrink();

    /** A picture size. */
    public record Size(int width, int height) {
    }

    private PreviewJpeg() {
    }

    /** The preview's size for a picture: at most {@value #MAX_WIDTH} wide, same aspect, at least 1x1. */
    public static Size scaled(int width, int height) {
        if (width <= MAX_WIDTH) {
            return new Size(width, height);
        }
        return new Size(MAX_WIDTH, Math.max(1, (int) Math.round(height * (double) MAX_WIDTH / width)));
    }

    /**
     * The JPEG of a picture of 4-byte pixels, rows packed.
     *
     * @throws IllegalArgumentException for a pixel format other than bgr0, bgra, rgb0 or rgba, or
     *     fewer than {@code width * height} pixels
     * @throws IOException when FFmpeg cannot shrink or encode it
     */
    public static byte[] encode(byte[] pixels, int width, int height, int pixelFormat) throws IOException {
        return encode(pixels, width, height, pixelFormat, SHRINK);
    }

    static byte[] encode(byte[] pixels, int width, int height, int pixelFormat, PreviewShrink shrink)
            throws IOException {
        boolean redFirst = redFirst(pixelFormat);
        // Before any allocation, for every shrink.
        PreviewShrink.requirePixels(pixels, width, height);
        Size size = scaled(width, height);
        AVFrame frame = av_frame_alloc();
        try {
            frame.format(AV_PIX_FMT_YUV420P);
            frame.width(size.width());
            frame.height(size.height());
            frame.color_range(AVCOL_RANGE_JPEG);
            FFmpegException.check("allocating the preview's picture", av_frame_get_buffer(frame, 0));
            shrink.shrink(pixels, width, height, redFirst, frame);
            return jpeg(frame);
        } catch (FFmpegException e) {
            throw new IOException("the preview: " + e.getMessage(), e);
        } finally {
            av_frame_free(frame);
        }
    }

    private static PreviewShrink shrink() {
        var problem = LibyuvPreview.unavailable();
        if (problem.isEmpty()) {
            return new LibyuvPreview();
        }
        org.slf4j.LoggerFactory.getLogger(PreviewJpeg.class)
                .info("libyuv cannot shrink the preview ({}): swscale does, at about three times the CPU", problem.get());
        return new SwscalePreview();
    }

    /** Whether red comes first in a pixel; blue is then third, green between. */
    private static boolean redFirst(int pixelFormat) {
        if (pixelFormat == AV_PIX_FMT_BGR0 || pixelFormat == AV_PIX_FMT_BGRA) {
            return false;
        }
        if (pixelFormat == AV_PIX_FMT_RGB0 || pixelFormat == AV_PIX_FMT_RGBA) {
            return true;
        }
        throw new IllegalArgumentException("the preview cannot read FFmpeg pixel format " + pixelFormat
                + "; it reads 32-bit bgr0, bgra, rgb0 and rgba");
    }

    private static byte[] jpeg(AVFrame frame) throws FFmpegException {
        AVCodec codec = avcodec_find_encoder(AV_CODEC_ID_MJPEG);
        if (codec == null) {
            throw new FFmpegException("FFmpeg has no mjpeg encoder", AVERROR_ENCODER_NOT_FOUND());
        }
        AVCodecContext context = avcodec_alloc_context3(codec);
        AVPacket packet = av_packet_alloc();
        try {
            context.width(frame.width());
            context.height(frame.height());
            context.pix_fmt(AV_PIX_FMT_YUV420P);
            context.color_range(AVCOL_RANGE_JPEG);
            context.time_base(av_make_q(1, 1));
            // Square pixels: with a known aspect the encoder writes the JFIF header decoders expect.
            context.sample_aspect_ratio(av_make_q(1, 1));
            context.flags(context.flags() | AV_CODEC_FLAG_QSCALE);
            context.global_quality(QSCALE * FF_QP2LAMBDA);
            FFmpegException.check("opening FFmpeg's mjpeg encoder", avcodec_open2(context, codec, (AVDictionary) null));
            frame.quality(context.global_quality());
            frame.pts(0);
            FFmpegException.check("encoding the preview", avcodec_send_frame(context, frame));
            FFmpegException.check("encoding the preview", avcodec_receive_packet(context, packet));
            byte[] bytes = new byte[packet.size()];
            packet.data().get(bytes);
            return bytes;
        } finally {
            av_packet_free(packet);
            avcodec_free_context(context);
        }
    }
}
