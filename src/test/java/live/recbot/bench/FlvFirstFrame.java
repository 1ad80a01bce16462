package live.recbot.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Tells whether a growing FLV file (what nginx-rtmp records as the frames arrive) holds a video
 * frame yet: a video tag carrying coded picture data, not only the decoder configuration.
 */
public final class FlvFirstFrame {
    private static final int VIDEO_TAG = 9;
    private static final int AVC_NALU = 1;

    private FlvFirstFrame() {
    }

    public static boolean hasVideoFrame(Path flv) {
        byte[] b;
        try {
            if (!Files.exists(flv)) {
                return false;
            }
            b = Files.readAllBytes(flv);
        } catch (IOException e) {
            return false;
        }
        return hasVideoFrame(b);
    }

    static boolean hasVideoFrame(byte[] b) {
        if (b.length < 13 || b[0] != 'F' || b[1] != 'L' || b[2] != 'V') {
            return false;
        }
        int headerSize = readInt(b, 5, 4);
        int pos = headerSize + 4;
        while (pos + 11 <= b.length) {
            int type = b[pos] & 0x1f;
            int size = readInt(b, pos + 1, 3);
            int data = pos + 11;
            if (data + size > b.length) {
                return false;
            }
            if (type == VIDEO_TAG && size >= 2 && (b[data + 1] & 0xff) == AVC_NALU) {
                return true;
            }
            pos = data + size + 4;
        }
        return false;
    }

    private static int readInt(byte[] b, int at, int bytes) {
        int v = 0;
        for (int i = 0; i < bytes; i++) {
            v = (v << 8) | (b[at + i] & 0xff);
        }
        return v;
    }
}
