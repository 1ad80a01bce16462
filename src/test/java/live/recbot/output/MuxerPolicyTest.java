package live.recbot.output;

import static live.recbot.output.Timeline.Admission.SKIP;
import static live.recbot.output.Timeline.Admission.WRITE;
import static live.recbot.output.Timeline.Admission.WRITE_AND_PUSH;
import static org.assertj.core.api.Assertions.assertThat;
import static org.bytedeco.ffmpeg.global.avcodec.av_packet_alloc;
import static org.bytedeco.ffmpeg.global.avcodec.av_packet_free;
import static org.bytedeco.ffmpeg.global.avutil.AV_NOPTS_VALUE;
import static org.bytedeco.ffmpeg.global.avutil.av_dict_free;
import static org.bytedeco.ffmpeg.global.avutil.av_dict_get;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import live.recbot.core.ErrorCode;
import live.recbot.core.RecbotError;
import live.recbot.encode.PacketSink;
import org.bytedeco.ffmpeg.avcodec.AVPacket;
import org.bytedeco.ffmpeg.avutil.AVDictionary;
import org.bytedeco.ffmpeg.avutil.AVDictionaryEntry;
import org.bytedeco.ffmpeg.avutil.AVRational;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class MuxerPolicyTest {
    /** AVERROR(EIO): a server's answer that is not a network error. */
    private static final int EIO = -5;
    private static final OutputTarget.Rtmp RTMP = new OutputTarget.Rtmp(0, URI.create("rtmp://ingest:1935/live/key123456"));
    private static final OutputTarget.RecordingFile FILE = new OutputTarget.RecordingFile(Path.of("/rec/out.mp4"));
    private final List<AVPacket> made = new ArrayList<>();

    @AfterEach
    void free() {
        made.forEach(p -> av_packet_free(p));
    }

    @Test
    void flvSendsTheFirstPictureAtOnceAndNoSoundFromBeforeIt() {
        Timeline t = RTMP.newMuxer().timeline(bases(1000, 1000));

        assertThat(t.admit(packet(PacketSink.VIDEO, 1000))).isEqualTo(WRITE_AND_PUSH);
        assertThat(t.admit(packet(PacketSink.AUDIO, 990))).isEqualTo(SKIP);
        assertThat(t.admit(packet(PacketSink.AUDIO, 1000))).isEqualTo(WRITE);
        assertThat(t.admit(packet(PacketSink.VIDEO, 1033))).isEqualTo(WRITE);
        assertThat(t.admit(packet(PacketSink.AUDIO, 1021))).isEqualTo(WRITE);
    }

    @Test
    void flvComparesSoundInTheSoundsOwnTimeBase() {
        Timeline t = RTMP.newMuxer().timeline(bases(90_000, 48_000));

        t.admit(packet(PacketSink.VIDEO, 90_000));

        assertThat(t.admit(packet(PacketSink.AUDIO, 47_999))).isEqualTo(SKIP);
        assertThat(t.admit(packet(PacketSink.AUDIO, 48_000))).isEqualTo(WRITE);
    }

    @Test
    void flvStartsFromThePresentationTimeWhenThePictureHasNoDecodingTime() {
        Timeline t = RTMP.newMuxer().timeline(bases(1000, 1000));
        AVPacket first = packet(PacketSink.VIDEO, AV_NOPTS_VALUE);
        first.pts(2000);

        assertThat(t.admit(first)).isEqualTo(WRITE_AND_PUSH);
        assertThat(t.admit(packet(PacketSink.AUDIO, 1999))).isEqualTo(SKIP);
        assertThat(t.admit(packet(PacketSink.AUDIO, 2000))).isEqualTo(WRITE);
    }

    @Test
    void eachFlvConnectionStartsItsOwnTimeline() {
        MuxerPolicy flv = RTMP.newMuxer();
        Timeline first = flv.timeline(bases(1000, 1000));
        first.admit(packet(PacketSink.VIDEO, 5000));

        Timeline second = flv.timeline(bases(1000, 1000));

        assertThat(second.admit(packet(PacketSink.VIDEO, 9000))).isEqualTo(WRITE_AND_PUSH);
    }

    @Test
    void aFileWritesEveryPacketAndLeavesInterleavingToTheMuxer() {
        Timeline t = FILE.newMuxer().timeline(bases(1000, 1000));

        assertThat(t.admit(packet(PacketSink.VIDEO, 1000))).isEqualTo(WRITE);
        assertThat(t.admit(packet(PacketSink.AUDIO, 10))).isEqualTo(WRITE);
    }

    @Test
    void aFileFailureIsFinal() {
        RecbotError e = FILE.newMuxer().failure(EIO, "writing to /rec/out.mp4: I/O error", true, Duration.ofMinutes(1));

        assertThat(e).isEqualTo(new RecbotError.OutputError("/rec/out.mp4", ErrorCode.RECORDING_WRITE_FAILED,
                "writing to /rec/out.mp4: I/O error", false));
    }

    @Test
    void anRtmpOutageIsRetried() {
        MuxerPolicy flv = RTMP.newMuxer();
        for (int i = 0; i < 3; i++) {
            RecbotError e = flv.failure(RtmpFailureClassifier.ECONNREFUSED, "refused", false, Duration.ZERO);
            assertThat(e).isEqualTo(new RecbotError.OutputError("rtmp://ingest:1935/live/***",
                    ErrorCode.RTMP_OUTPUT_DOWN, "refused", true));
        }
    }

    @Test
    void anRtmpServerThatRefusesTwiceRejectedTheStream() {
        MuxerPolicy flv = RTMP.newMuxer();

        RecbotError first = flv.failure(EIO, "denied", true, Duration.ofMillis(200));
        RecbotError second = flv.failure(EIO, "denied", true, Duration.ofMillis(200));

        assertThat(first.code()).isEqualTo(ErrorCode.RTMP_OUTPUT_DOWN);
        assertThat(first.retryable()).isTrue();
        assertThat(second).isEqualTo(new RecbotError.OutputError("rtmp://ingest:1935/live/***",
                ErrorCode.RTMP_PUBLISH_REJECTED,
                "the server refused the stream (wrong stream key or application?): denied", false));
    }

    @Test
    void everyOutputGetsAPolicyWithAHistoryOfItsOwn() {
        MuxerPolicy a = RTMP.newMuxer();
        MuxerPolicy b = RTMP.newMuxer();
        a.failure(EIO, "denied", false, Duration.ZERO);

        assertThat(b.failure(EIO, "denied", false, Duration.ZERO).code()).isEqualTo(ErrorCode.RTMP_OUTPUT_DOWN);
        assertThat(a.failure(EIO, "denied", false, Duration.ZERO).code()).isEqualTo(ErrorCode.RTMP_PUBLISH_REJECTED);
    }

    @Test
    void eachTargetHasItsContainerUrlAndOptions() {
        MuxerPolicy flv = RTMP.newMuxer();
        MuxerPolicy mp4 = FILE.newMuxer();

        assertThat(flv.format()).isEqualTo("flv");
        assertThat(flv.url()).isEqualTo("rtmp://ingest:1935/live/key123456");
        assertThat(options(flv::ioOptions)).containsExactly("send_buffer_size=131072");
        assertThat(options(flv::headerOptions)).isEmpty();
        assertThat(mp4.format()).isEqualTo("mp4");
        assertThat(mp4.url()).isEqualTo("file:/rec/out.mp4");
        assertThat(options(mp4::ioOptions)).isEmpty();
        assertThat(options(mp4::headerOptions)).containsExactly("movflags=frag_keyframe+empty_moov+default_base_moof");
    }

    @Test
    void aFileOfTheSoundAloneIsCutIntoOneSecondFragments() {
        MuxerPolicy mp4 = FILE.newMuxer();
        MuxerPolicy flv = RTMP.newMuxer();

        assertThat(options(d -> mp4.headerOptions(d, false))).containsExactly(
                "movflags=frag_keyframe+empty_moov+default_base_moof", "frag_duration=1000000");
        assertThat(options(d -> mp4.headerOptions(d, true)))
                .containsExactly("movflags=frag_keyframe+empty_moov+default_base_moof");
        assertThat(options(d -> flv.headerOptions(d, false))).isEmpty();
    }

    private static List<String> options(java.util.function.Consumer<AVDictionary> set) {
        AVDictionary d = new AVDictionary(null);
        set.accept(d);
        List<String> out = new ArrayList<>();
        AVDictionaryEntry e = null;
        while ((e = av_dict_get(d, "", e, 2 /* AV_DICT_IGNORE_SUFFIX */)) != null) {
            out.add(e.key().getString() + "=" + e.value().getString());
        }
        av_dict_free(d);
        return out;
    }

    private static AVRational[] bases(int videoRate, int audioRate) {
        return new AVRational[] {new AVRational().num(1).den(videoRate), new AVRational().num(1).den(audioRate)};
    }

    private AVPacket packet(int stream, long dts) {
        AVPacket p = av_packet_alloc();
        p.stream_index(stream);
        p.pts(dts);
        p.dts(dts);
        made.add(p);
        return p;
    }
}
