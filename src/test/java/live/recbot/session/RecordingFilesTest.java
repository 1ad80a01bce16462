package live.recbot.session;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import live.recbot.core.ErrorCode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RecordingFilesTest {
    static final Instant T0 = Instant.parse("2025-03-01T10:00:00Z");

    @TempDir
    Path dir;

    @Test
    void claimsANameWithThePrefixAndTheUtcTime() throws Exception {
        Path out = dir.resolve("new/out");
        Path file = RecordingFiles.reserve(out, "recbot", ".mp4", T0);
        assertThat(file).isEqualTo(out.resolve("recbot-20250301-100000.mp4")).exists();
    }

    @Test
    void neverTakesTheNameOfAnEarlierRecording() throws Exception {
        Path first = RecordingFiles.reserve(dir, "recbot", ".mp4", T0);
        Files.writeString(first, "earlier");
        Path second = RecordingFiles.reserve(dir, "recbot", ".mp4", T0);
        assertThat(second.getFileName()).hasToString("recbot-20250301-100000-1.mp4");
        assertThat(Files.readString(first)).isEqualTo("earlier");
    }

    @Test
    void theSoundAloneIsAnM4aFile() throws Exception {
        java.net.URI meeting = java.net.URI.create("https://meet.example.com/room");
        live.recbot.config.HMSRecordingConfig sound = new live.recbot.config.HMSRecordingConfig(meeting,
                java.util.List.of(), true, null, true);
        Path file = RecordingFiles.reserve(dir, "recbot", RecordingFiles.extension(sound), T0);
        assertThat(file.getFileName()).hasToString("recbot-20250301-100000.m4a");
        assertThat(RecordingFiles.baseName(file.getFileName().toString())).isEqualTo("recbot-20250301-100000");
        assertThat(RecordingFiles.extension(new live.recbot.config.HMSRecordingConfig(meeting, java.util.List.of(),
                true, null))).isEqualTo(".mp4");
    }

    @Test
    void anUnusableDirectoryIsRefused() throws Exception {
        Path notADir = Files.writeString(dir.resolve("file"), "x");
        assertThatThrownBy(() -> RecordingFiles.reserve(notADir.resolve("sub"), "recbot", ".mp4", T0))
                .isInstanceOfSatisfying(SessionException.class,
                        e -> assertThat(e.error().code()).isEqualTo(ErrorCode.OUTPUT_DIR_UNUSABLE));
    }

    @Test
    void anHlsFolderGoesBesideItsRecordingAndNeverIntoAnEarlierOne() throws Exception {
        Path playlist = RecordingFiles.reserveHls(dir.resolve("out"), "recbot-20250301-100000-1");
        assertThat(playlist).isEqualTo(dir.resolve("out/recbot-20250301-100000-1-hls/index.m3u8"));
        assertThat(playlist.getParent()).isEmptyDirectory();
        Path again = RecordingFiles.reserveHls(dir.resolve("out"), "recbot-20250301-100000-1");
        assertThat(again).isEqualTo(dir.resolve("out/recbot-20250301-100000-1-1-hls/index.m3u8"));
    }
}
