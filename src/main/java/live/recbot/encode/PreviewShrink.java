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
}
