package live.recbot.capture;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * When the picture last changed and the sound was last audible, for the no-media timeout. The
 * capture threads sample their raw buffers sparsely: a few thousand reads per frame, no copies.
 */
public final class MediaActivity {
    /** About -60 dBFS: quieter than that counts as silence. */
    static final int SILENCE_PEAK = 32;
    private static final int PIXEL_STRIDE_INTS = 97;
    private static final int SAMPLE_STRIDE = 7;
    private volatile long lastPictureChangeNanos = System.nanoTime();
    private volatile long lastSoundNanos = System.nanoTime();
    private long lastPictureHash;

    /** Called by the video capture thread with the raw image. */
    void picture(ByteBuffer image) {
        ByteBuffer b = image.order(ByteOrder.LITTLE_ENDIAN);
        long h = 1125899906842597L;
        for (int i = 0; i + 4 <= b.limit(); i += 4 * PIXEL_STRIDE_INTS) {
            h = 31 * h + b.getInt(i);
        }
        if (h != lastPictureHash) {
            lastPictureHash = h;
            lastPictureChangeNanos = System.nanoTime();
        }
    }

    /** Called by the audio capture thread with interleaved 16-bit samples. */
    void sound(ByteBuffer pcm) {
        ByteBuffer b = pcm.order(ByteOrder.LITTLE_ENDIAN);
        for (int i = 0; i + 2 <= b.limit(); i += 2 * SAMPLE_STRIDE) {
            if (Math.abs(b.getShort(i)) > SILENCE_PEAK) {
                lastSoundNanos = System.nanoTime();
                return;
            }
        }
    }

    /** Nanoseconds since anything was seen or heard. */
    public long quietNanos() {
        return System.nanoTime() - Math.max(lastPictureChangeNanos, lastSoundNanos);
    }
}
