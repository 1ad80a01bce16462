package live.recbot.api;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/** Reading HTTP answers off a plain socket, as the gate's tests talk to it. */
final class RawAnswers {
    private RawAnswers() {
    }

    /** An answer's head, up to and with its blank line. */
    static String head(InputStream in) throws IOException {
        StringBuilder head = new StringBuilder();
        while (!head.toString().endsWith("\r\n\r\n")) {
            int b = in.read();
            if (b < 0) {
                throw new IOException("closed after " + head);
            }
            head.append((char) b);
        }
        return head.toString();
    }

    /** One answer framed by its Content-Length, leaving the connection open. */
    static String next(InputStream in) throws IOException {
        String head = head(in);
        int at = head.toLowerCase(Locale.ROOT).indexOf("\r\ncontent-length: ");
        int length = Integer.parseInt(head.substring(at + 18, head.indexOf("\r\n", at + 2)).trim());
        return head + new String(in.readNBytes(length), StandardCharsets.ISO_8859_1);
    }
}
