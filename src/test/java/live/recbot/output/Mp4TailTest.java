package live.recbot.output;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Real fragmented MP4 files from Debian's ffmpeg, cut where a full disk cuts them. */
class Mp4TailTest {
    @TempDir
    Path dir;

    @Test
    void aFileEndingInsideAFragmentHeaderIsCutToTheLastCompleteFragmentAndPlays() throws Exception {
        Path file = fragmented();
        long[] lastMoof = lastBox(file, "moof");
        Path cut = dir.resolve("cut.mp4");
        Files.copy(file, cut);
        try (FileChannel c = FileChannel.open(cut, java.nio.file.StandardOpenOption.WRITE)) {
            c.truncate(lastMoof[0] + 100);
        }
        assertThat(ffprobeSucceeds(cut)).as("FFmpeg refuses the file as the disk left it").isFalse();

        assertThat(Mp4Tail.cutIncompleteFragment(cut)).isEqualTo(100);

        assertThat(Files.size(cut)).isEqualTo(lastMoof[0]);
        assertThat(ffprobeSucceeds(cut)).isTrue();
    }

    @Test
    void aFileEndingInsideMediaDataLosesOnlyThatFragment() throws Exception {
        Path file = fragmented();
        long[] lastMoof = lastBox(file, "moof");
        long[] lastMdat = lastBox(file, "mdat");
        try (FileChannel c = FileChannel.open(file, java.nio.file.StandardOpenOption.WRITE)) {
            c.truncate(lastMdat[0] + 100);
        }
        assertThat(Mp4Tail.cutIncompleteFragment(file)).isEqualTo(lastMdat[0] + 100 - lastMoof[0]);
        assertThat(ffprobeSucceeds(file)).isTrue();
    }

    @Test
    void aCompleteFileIsLeftAlone() throws Exception {
        Path file = fragmented();
        long size = Files.size(file);
        assertThat(Mp4Tail.cutIncompleteFragment(file)).isZero();
        assertThat(Files.size(file)).isEqualTo(size);
    }

    @Test
    void aMissingFileIsLeftMissing() throws IOException {
        assertThat(Mp4Tail.cutIncompleteFragment(dir.resolve("gone.mp4"))).isZero();
        assertThat(dir.resolve("gone.mp4")).doesNotExist();
    }

    /** Three seconds of picture and sound in one-second fragments, as recbot writes them. */
    private Path fragmented() throws Exception {
        Path file = dir.resolve("fragmented.mp4");
        assertThat(run("ffmpeg", "-v", "error", "-f", "lavfi", "-i", "testsrc2=size=320x180:rate=30", "-f", "lavfi",
                "-i", "sine=frequency=440", "-t", "3", "-c:v", "libx264", "-g", "30", "-c:a", "aac",
                "-movflags", "frag_keyframe+empty_moov+default_base_moof", file.toString())).isTrue();
        return file;
    }

    /** The offset and length of the last top-level box of {@code type}. */
    private static long[] lastBox(Path file, String type) throws IOException {
        List<long[]> found = new ArrayList<>();
        try (FileChannel c = FileChannel.open(file)) {
            ByteBuffer header = ByteBuffer.allocate(8);
            for (long at = 0; at + 8 <= c.size(); ) {
                header.clear();
                c.read(header, at);
                long length = Integer.toUnsignedLong(header.getInt(0));
                if (new String(header.array(), 4, 4, java.nio.charset.StandardCharsets.US_ASCII).equals(type)) {
                    found.add(new long[] {at, length});
                }
                at += length;
            }
        }
        assertThat(found).hasSizeGreaterThan(1);
        return found.get(found.size() - 1);
    }

    private static boolean ffprobeSucceeds(Path file) throws Exception {
        return run("ffprobe", "-v", "error", "-show_streams", file.toString());
    }

    private static boolean run(String... command) throws Exception {
        Process p = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        try {
            return p.waitFor(30, TimeUnit.SECONDS) && p.exitValue() == 0;
        } finally {
            p.destroyForcibly();
        }
    }
}
