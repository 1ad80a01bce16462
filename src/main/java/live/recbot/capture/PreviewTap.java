package live.recbot.capture;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;

/**
 * A copy of one recorded picture, taken only when someone asks for it (the API's preview). The
 * screen capture's whole per-frame cost is one volatile read ({@link #wanted()}); only after an
 * ask does it copy the picture's rows into the buffer the asker allocated, once, and clear the
 * ask. Everything else (scaling, encoding) runs on the asker's thread.
 */
public final class PreviewTap {
    /** Bytes per pixel of the X server's 24-bit screen as x11grab delivers it. */
    public static final int BYTES_PER_PIXEL = 4;

    /**
     * A copied picture: {@code width * height} pixels of {@link #BYTES_PER_PIXEL} bytes in FFmpeg's
     * {@code pixelFormat}, rows packed. Valid only inside {@link Reader#read}: the buffer is reused.
     */
    public record Picture(byte[] pixels, int width, int height, int pixelFormat) {
    }

    /** Works on a copied picture while the capture thread is kept from overwriting it. */
    @FunctionalInterface
    public interface Reader<T> {
        T read(Picture picture) throws IOException;
    }

    private final int width;
    private final int height;
    private final boolean picture;
    private volatile boolean wanted;
    // One asker at a time owns the buffer; the capture thread writes it only while asked.
    private final ReentrantLock askers = new ReentrantLock();
    private final Object copied = new Object();
    private byte[] pixels;
    private boolean released;
    private int pixelFormat;
    private long copies;

    public PreviewTap(int width, int height) {
        this(width, height, true);
    }

    private PreviewTap(int width, int height, boolean picture) {
        this.width = width;
        this.height = height;
        this.picture = picture;
    }

    /** The tap of a session of the sound alone, which has no picture to copy. */
    public static PreviewTap withoutPicture() {
        return new PreviewTap(0, 0, false);
    }

    /** Whether the session captures a picture at all. */
    public boolean hasPicture() {
        return picture;
    }

    /** On the capture thread, every frame: whether a copy is asked for. */
    public boolean wanted() {
        return wanted;
    }

    /**
     * On the capture thread, when {@link #wanted()}: copies the top rows of the screen image (the
     * picture, not the stamp below it) and hands them to the asker.
     *
     * @param screen absolute indexes from 0 are the image's first byte; position and limit are left alone
     * @param stride bytes per row of the screen image
     */
    public void copy(ByteBuffer screen, int stride, int format) {
        byte[] into = pixels;
        int row = width * BYTES_PER_PIXEL;
        boolean fits = into != null && stride >= row && (long) stride * (height - 1) + row <= screen.limit();
        if (fits) {
            for (int y = 0; y < height; y++) {
                screen.get(y * stride, into, y * row, row);
            }
        }
        synchronized (copied) {
            pixelFormat = fits ? format : -1;
            copies++;
            wanted = false;
            copied.notifyAll();
        }
    }

    /**
     * Asks for the next recorded picture and hands it to {@code reader} on this thread; empty when
     * none was captured within {@code wait}. Askers take turns.
     *
     * @throws IllegalStateException when the screen image did not have the expected layout
     */
    public <T> Optional<T> take(Duration wait, Reader<T> reader) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + wait.toNanos();
        if (!askers.tryLock(wait.toNanos(), TimeUnit.NANOSECONDS)) {
            return Optional.empty();
        }
        try {
            if (released) {
                return Optional.empty();
            }
            if (pixels == null) {
                pixels = new byte[width * height * BYTES_PER_PIXEL];
            }
            synchronized (copied) {
                long before = copies;
                wanted = true;
                while (copies == before) {
                    long left = deadline - System.nanoTime();
                    if (left <= 0) {
                        wanted = false;
                        return Optional.empty();
                    }
                    TimeUnit.NANOSECONDS.timedWait(copied, left);
                }
                if (pixelFormat < 0) {
                    throw new IllegalStateException("the screen image is smaller than " + width + "x" + height
                            + " pixels of " + BYTES_PER_PIXEL + " bytes");
                }
            }
            return Optional.ofNullable(reader.read(new Picture(pixels, width, height, pixelFormat)));
        } finally {
            askers.unlock();
        }
    }

    /**
     * Frees the buffer once the capture has ended (the session object outlives its recording);
     * every later ask is answered empty at once.
     */
    public void release() {
        askers.lock();
        try {
            released = true;
            pixels = null;
        } finally {
            askers.unlock();
        }
    }
}
