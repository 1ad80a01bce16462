package live.recbot.encode;

import static org.bytedeco.ffmpeg.global.avcodec.avcodec_receive_packet;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_send_frame;
import static org.bytedeco.ffmpeg.global.avcodec.av_packet_unref;
import static org.bytedeco.ffmpeg.global.avutil.AVERROR_EAGAIN;
import static org.bytedeco.ffmpeg.global.avutil.AVERROR_EOF;

import org.bytedeco.ffmpeg.avcodec.AVCodecContext;
import org.bytedeco.ffmpeg.avcodec.AVPacket;
import org.bytedeco.ffmpeg.avutil.AVFrame;

/** Moves what an encoder has produced to the sink: the part every encoder shares. */
final class Drain {
    private Drain() {
    }

    /** Hands every packet the encoder has ready to {@code sink}, tagged with {@code streamIndex}. */
    static void packets(AVCodecContext ctx, AVPacket packet, int streamIndex, PacketSink sink) throws FFmpegException {
        while (true) {
            int ret = avcodec_receive_packet(ctx, packet);
            if (ret == AVERROR_EAGAIN() || ret == AVERROR_EOF) {
                return;
            }
            FFmpegException.check("receiving an encoded packet", ret);
            packet.stream_index(streamIndex);
            try {
                sink.accept(packet);
            } finally {
                av_packet_unref(packet);
            }
        }
    }

    /** Signals the end of input and hands over everything the encoder still holds. */
    static void flush(AVCodecContext ctx, AVPacket packet, int streamIndex, PacketSink sink) throws FFmpegException {
        int ret = avcodec_send_frame(ctx, (AVFrame) null);
        if (ret < 0 && ret != AVERROR_EOF) {
            throw new FFmpegException("flushing the encoder", ret);
        }
        packets(ctx, packet, streamIndex, sink);
    }
}
