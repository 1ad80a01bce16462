package live.recbot.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The first-frame probe on a real FLV made by ffmpeg, cut where a growing recording could be. */
class FlvFirstFrameTest {

    @Test
    void findsTheFirstCodedPictureAndNothingBeforeIt(@TempDir Path dir) throws Exception {
        Path flv = dir.resolve("a.flv");
        Process p = new ProcessBuilder("ffmpeg", "-nostdin", "-v", "error", "-f", "lavfi", "-i",
                "testsrc2=size=160x90:rate=10", "-t", "1", "-c:v", "libx264", "-f", "flv", flv.toString())
                .redirectErrorStream(true).start();
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).isZero();
        byte[] whole = Files.readAllBytes(flv);

        assertThat(FlvFirstFrame.hasVideoFrame(whole)).isTrue();
        assertThat(FlvFirstFrame.hasVideoFrame(flv)).isTrue();
        // Cut inside the first coded picture's tag: the header, metadata and decoder configuration
        // have arrived, the picture has not.
        int firstPicture = firstPictureTagEnd(whole);
        assertThat(FlvFirstFrame.hasVideoFrame(Arrays.copyOf(whole, firstPicture - 1))).isFalse();
        assertThat(FlvFirstFrame.hasVideoFrame(Arrays.copyOf(whole, firstPicture))).isTrue();
        assertThat(FlvFirstFrame.hasVideoFrame(Arrays.copyOf(whole, 9))).isFalse();
        assertThat(FlvFirstFrame.hasVideoFrame(dir.resolve("missing.flv"))).isFalse();
        assertThat(FlvFirstFrame.hasVideoFrame("not an flv at all".getBytes())).isFalse();
    }

    /** Walks the tags independently of the class under test: the end of the first AVC NALU tag. */
    private static int firstPictureTagEnd(byte[] b) {
        int pos = 13;
        while (true) {
            int size = ((b[pos + 1] & 0xff) << 16) | ((b[pos + 2] & 0xff) << 8) | (b[pos + 3] & 0xff);
            if ((b[pos] & 0x1f) == 9 && b[pos + 12] == 1) {
                return pos + 11 + size;
            }
            pos += 11 + size + 4;
        }
    }
}
