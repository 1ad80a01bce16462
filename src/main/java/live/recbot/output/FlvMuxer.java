package live.recbot.output;

import static org.bytedeco.ffmpeg.global.avutil.AV_NOPTS_VALUE;
import static org.bytedeco.ffmpeg.global.avutil.av_dict_set;
import static org.bytedeco.ffmpeg.global.avutil.av_rescale_q;

import java.time.Duration;
import live.recbot.core.ErrorCode;
import live.recbot.core.RecbotError;
import live.recbot.encode.PacketSink;
import org.bytedeco.ffmpeg.avcodec.AVPacket;
import org.bytedeco.ffmpeg.avutil.AVDictionary;
import org.bytedeco.ffmpeg.avutil.AVRational;

/** FLV over RTMP or RTMPS: a live stream that reconnects, unless the server refuses the stream. */
final class FlvMuxer implements MuxerPolicy {
    static final int SEND_BUFFER_BYTES = 128 * 1024;
    private final String name;
    private final String url;
    /** What earlier connections of this output showed; only its thread reads and writes it. */
    private RtmpFailureClassifier.History history = RtmpFailureClassifier.History.FRESH;

    FlvMuxer(String name, String url) {
        this.name = name;
        this.url = url;
    }

    @Override
    public String format() {
        return "flv";
    }

    @Override
    public String url() {
        return url;
    }

    @Override
    public void ioOptions(AVDictionary io) {
        // A small send buffer keeps latency down and lets a stalled server show as a blocked
        // write within seconds instead of after megabytes of buffering.
        av_dict_set(io, "send_buffer_size", Integer.toString(SEND_BUFFER_BYTES), 0);
    }

    @Override
    public void headerOptions(AVDictionary mux) {
        // FLV's defaults suit a live stream.
    }

    @Override
    public Timeline timeline(AVRational[] outBase) {
        return new FlvTimeline(outBase);
    }

    @Override
    public RecbotError failure(int error, String detail, boolean connected, Duration connectedFor) {
        RtmpFailureClassifier.Attempt attempt = connected
                ? RtmpFailureClassifier.Attempt.droppedAfter(error, connectedFor)
                : RtmpFailureClassifier.Attempt.neverConnected(error);
        RtmpFailureClassifier.Outcome outcome = RtmpFailureClassifier.classify(history, attempt);
        history = outcome.history();
        return switch (outcome.verdict()) {
            case REJECTED -> new RecbotError.OutputError(name, ErrorCode.RTMP_PUBLISH_REJECTED,
                    "the server refused the stream (wrong stream key or application?): " + detail, false);
            case DOWN -> new RecbotError.OutputError(name, ErrorCode.RTMP_OUTPUT_DOWN, detail, true);
        };
    }

    /**
     * A stream's first picture is sent at once, not held in the interleaver until the first sound
     * after it; sound from before that picture (the encoder's priming packet, or what was queued
     * before a reconnection) is left out, because FLV refuses a time stamp earlier than the first
     * one it sent.
     */
    static final class FlvTimeline implements Timeline {
        private final AVRational[] outBase;
        /** Where the first picture starts, in the muxer's time base of the sound. */
        private long soundFrom = Long.MIN_VALUE;

        FlvTimeline(AVRational[] outBase) {
            this.outBase = outBase;
        }

        @Override
        public Admission admit(AVPacket packet) {
            int index = packet.stream_index();
            if (index == PacketSink.AUDIO && packet.dts() < soundFrom) {
                return Admission.SKIP;
            }
            if (soundFrom != Long.MIN_VALUE) {
                return Admission.WRITE;
            }
            long start = packet.dts() == AV_NOPTS_VALUE ? packet.pts() : packet.dts();
            soundFrom = av_rescale_q(start, outBase[index], outBase[PacketSink.AUDIO]);
            return Admission.WRITE_AND_PUSH;
        }
    }
}
