package live.recbot.encode;

import org.bytedeco.ffmpeg.avutil.AVFrame;

/** Shrinks a picture of 4-byte pixels into the preview's full-range yuv420p frame, natively. */
interface PreviewShrink {
    /**
     * @param pixels {@code width * height} packed pixels, read only
     * @param redFirst whether a pixel's bytes are R, G, B, X (else B, G, R, X)
     * @param out an allocated yuv420p frame whose size is the preview's
     */
    void shrink(byte[] pixels, int width, int height, boolean redFirst, AVFrame out) throws FFmpegException;

    /**
     * Refuses a picture shorter than its stated size: every shrink reads {@code width * height}
     * pixels natively, past the array's end when it is short.
     */
    static void requirePixels(byte[] pixels, int width, int height) {
        if (width <= 0 || height <= 0 || pixels.length < (long) width * height * 4) {
            throw new IllegalArgumentException("the preview needs " + width + "x" + height + " pixels of 4 bytes; got "
                    + pixels.length + " bytes");
        }
    }
}
