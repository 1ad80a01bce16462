package live.recbot.encode;

import java.awt.Color;
import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.awt.image.DataBufferInt;
import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.javacpp.IntPointer;
import org.bytedeco.javacpp.Pointer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The still picture streams show while the recording is paused with its streams: "Paused" on dark grey, as bgr0. */
final class PausedPicture {
    private static final Logger log = LoggerFactory.getLogger(PausedPicture.class);

    static {
        // As for the preview: no X display is looked for.
        if (System.getProperty("java.awt.headless") == null) {
            System.setProperty("java.awt.headless", "true");
        }
    }

    private PausedPicture() {
    }

    /** A {@code width} x {@code height} bgr0 image, {@code width * 4} bytes a row. */
    static BytePointer render(int width, int height) {
        BytePointer bytes = new BytePointer((long) width * height * 4);
        try {
            // 0x00RRGGBB in native (little-endian) order is B, G, R, 0: bgr0.
            new IntPointer(bytes).put(drawn(width, height));
        } catch (RuntimeException | LinkageError | java.awt.AWTError e) {
            // A host without fonts or AWT's libraries still gets a still picture: dark grey alone.
            log.warn("the paused picture is plain: {}", e.toString());
            Pointer.memset(bytes, 0x20, bytes.capacity());
        }
        return bytes;
    }

    private static int[] drawn(int width, int height) {
        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        try {
            g.setColor(new Color(0x20, 0x20, 0x20));
            g.fillRect(0, 0, width, height);
            g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
            g.setColor(Color.WHITE);
            g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, Math.max(12, height / 8)));
            FontMetrics m = g.getFontMetrics();
            String text = "Paused";
            g.drawString(text, (width - m.stringWidth(text)) / 2, (height + m.getAscent() - m.getDescent()) / 2);
        } finally {
            g.dispose();
        }
        return ((DataBufferInt) image.getRaster().getDataBuffer()).getData();
    }
}
