package live.recbot.output;

import static org.assertj.core.api.Assertions.assertThat;
import static org.bytedeco.ffmpeg.global.avcodec.AV_PKT_FLAG_KEY;
import static org.bytedeco.ffmpeg.global.avcodec.av_packet_alloc;
import static org.bytedeco.ffmpeg.global.avcodec.av_packet_free;

import java.util.ArrayList;
import java.util.List;
import live.recbot.encode.EncodedStream;
import live.recbot.encode.PacketSink;
import org.bytedeco.ffmpeg.avcodec.AVPacket;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class MuxedStreamsTest {
    private static final EncodedStream VIDEO = new EncodedStream(PacketSink.VIDEO, null, null);
    private static final EncodedStream AUDIO = new EncodedStream(PacketSink.AUDIO, null, null);
    private final List<AVPacket> made = new ArrayList<>();

    @AfterEach
    void free() {
        made.forEach(p -> av_packet_free(p));
    }

    @Test
    void withAPictureTheVideoKeyframeStartsAndTheStreamsKeepTheirEncodersIndexes() {
        MuxedStreams both = new MuxedStreams(List.of(VIDEO, AUDIO));

        assertThat(both.video()).isTrue();
        assertThat(both.position(PacketSink.VIDEO)).isZero();
        assertThat(both.position(PacketSink.AUDIO)).isEqualTo(1);
        assertThat(both.startsAt(packet(PacketSink.VIDEO, true))).isTrue();
        assertThat(both.startsAt(packet(PacketSink.VIDEO, false))).isFalse();
        assertThat(both.startsAt(packet(PacketSink.AUDIO, true))).isFalse();
        assertThat(both.leads(packet(PacketSink.AUDIO, true))).isFalse();
    }

    @Test
    void theSoundAloneIsTheMuxersFirstStreamAndAnySoundPacketStarts() {
        MuxedStreams sound = new MuxedStreams(List.of(AUDIO));

        assertThat(sound.video()).isFalse();
        assertThat(sound.position(PacketSink.AUDIO)).isZero();
        assertThat(sound.position(PacketSink.VIDEO)).isEqualTo(-1);
        assertThat(sound.leads(packet(PacketSink.AUDIO, false))).isTrue();
        assertThat(sound.startsAt(packet(PacketSink.AUDIO, false))).isTrue();
    }

    private AVPacket packet(int stream, boolean key) {
        AVPacket p = av_packet_alloc();
        p.stream_index(stream);
        p.flags(key ? AV_PKT_FLAG_KEY : 0);
        made.add(p);
        return p;
    }
}
