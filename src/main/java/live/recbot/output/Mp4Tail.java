package live.recbot.output;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * Cuts a fragmented MP4 back to its last complete fragment. A write that fails part-way (a full
 * disk) can end the file inside a {@code moof} box, and FFmpeg then refuses the whole file, not
 * only its last fragment.
 */
final class Mp4Tail {
    private static final int HEADER = 8;
    private static final int LARGE_HEADER = 16;

    private Mp4Tail() {
    }

    /**
     * Truncates {@code file} after its last complete top-level box that is not a {@code moof}
     * (a fragment's header is useless without its {@code mdat}); a missing file is left missing.
     *
     * @return how many bytes were cut
     */
    static long cutIncompleteFragment(Path file) throws IOException {
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
            long size = channel.size();
            long keep = playableEnd(channel, size);
            if (keep < size) {
                // Truncating needs no free space, so this works on the disk that just filled.
                channel.truncate(keep);
            }
            return size - keep;
        } catch (NoSuchFileException e) {
            return 0;
        }
    }

    private static long playableEnd(FileChannel channel, long size) throws IOException {
        ByteBuffer header = ByteBuffer.allocate(LARGE_HEADER);
        long position = 0;
        long keep = 0;
        while (position + HEADER <= size) {
            header.clear().limit(HEADER);
            read(channel, header, position);
            long length = Integer.toUnsignedLong(header.getInt(0));
            boolean moof = header.getInt(4) == fourCc("moof");
            if (length == 1) {
                if (position + LARGE_HEADER > size) {
                    break;
                }
                header.clear().limit(LARGE_HEADER);
                read(channel, header, position);
                length = header.getLong(HEADER);
            }
            // Size 0 ("to the end of the file") is never written by FFmpeg's fragmenting muxer.
            if (length < HEADER || position + length > size) {
                break;
            }
            position += length;
            if (!moof) {
                keep = position;
            }
        }
        return keep;
    }

    private static void read(FileChannel channel, ByteBuffer into, long position) throws IOException {
        while (into.hasRemaining()) {
            if (channel.read(into, position + into.position()) < 0) {
                throw new IOException("the file ended inside a box header");
            }
        }
    }

    private static int fourCc(String type) {
        return type.charAt(0) << 24 | type.charAt(1) << 16 | type.charAt(2) << 8 | type.charAt(3);
    }
}
