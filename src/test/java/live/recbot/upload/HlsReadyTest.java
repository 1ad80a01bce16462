package live.recbot.upload;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class HlsReadyTest {
    private static final String PLAYLIST = """
            #EXTM3U
            #EXT-X-VERSION:7
            #EXT-X-TARGETDURATION:2
            #EXT-X-MEDIA-SEQUENCE:0
            #EXT-X-PLAYLIST-TYPE:EVENT
            #EXT-X-MAP:URI="init.mp4"
            #EXTINF:2.000000,
            segment-00000.m4s
            #EXTINF:2.000000,
            segment-00001.m4s
            """;

    @Test
    void theInitSegmentWaitsForTheFirstCompleteSegmentThenGoesFirst() {
        assertThat(HlsReady.files(List.of("init.mp4", "segment-00000.m4s.tmp"), Set.of(), false)).isEmpty();
        assertThat(HlsReady.files(List.of("segment-00001.m4s", "init.mp4", "segment-00000.m4s"), Set.of(), false))
                .containsExactly("init.mp4", "segment-00000.m4s", "segment-00001.m4s");
    }

    @Test
    void onceTheMuxerHasFinishedTheInitSegmentIsCompleteOnItsOwn() {
        assertThat(HlsReady.files(List.of("init.mp4"), Set.of(), true)).containsExactly("init.mp4");
    }

    @Test
    void segmentsUnderTheirTemporaryNamesAndStoredOnesAndOtherFilesAreLeft() {
        List<String> listing = List.of("init.mp4", "segment-00000.m4s", "segment-00001.m4s", "segment-00002.m4s.tmp",
                "index.m3u8", "index.m3u8.tmp", "notes.txt");
        assertThat(HlsReady.files(listing, Set.of("init.mp4", "segment-00000.m4s"), false))
                .containsExactly("segment-00001.m4s");
    }

    @Test
    void noSegmentGoesBeforeTheInitSegmentIsStored() {
        assertThat(HlsReady.files(List.of("segment-00000.m4s"), Set.of(), false)).isEmpty();
    }

    @Test
    void thePlaylistNamesItsInitSegmentAndItsSegments() {
        assertThat(HlsReady.named(PLAYLIST)).containsExactly("init.mp4", "segment-00000.m4s", "segment-00001.m4s");
    }

    @Test
    void thePlaylistIsReadyOnlyOnceAllItNamesIsStored() {
        assertThat(HlsReady.playlistReady(PLAYLIST, Set.of("init.mp4", "segment-00000.m4s"))).isFalse();
        assertThat(HlsReady.playlistReady(PLAYLIST, Set.of("segment-00000.m4s", "segment-00001.m4s"))).isFalse();
        assertThat(HlsReady.playlistReady(PLAYLIST, Set.of("init.mp4", "segment-00000.m4s", "segment-00001.m4s")))
                .isTrue();
    }

    @Test
    void anEmptyOrHalfWrittenPlaylistIsNotReady() {
        assertThat(HlsReady.playlistReady("", Set.of("init.mp4"))).isFalse();
        assertThat(HlsReady.playlistReady("#EXTM3U\n#EXT-X-VERSION:7\n", Set.of("init.mp4"))).isFalse();
    }
}
