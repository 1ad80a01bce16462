package live.recbot.api;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * Follows one answer of the JDK server as the gate relays it, to tell where it ends: after its
 * head when its status has no body, else after {@code Content-Length} body bytes. An answer with
 * no length (a chunked event stream), a head too long to follow, or more bytes than announced is
 * "unframed": it ends only when the server closes, so its connection is not used again.
 */
final class AnswerFrame {
    // The JDK server's heads are a few hundred bytes; the buffer is made on the first answer, as
    // most connections of a flood never get one.
    private static final int MAX_HEAD_BYTES = 4096;
    private byte[] head;
    private int headBytes;
    private boolean headDone;
    private boolean framed;
    private boolean closes;
    private long bodyLeft;
    private boolean bodiless;

    /** Ready for the answer to the next request; {@code headRequest}: to a {@code HEAD}, which has no body. */
    void reset(boolean headRequest) {
        bodiless = headRequest;
        headBytes = 0;
        headDone = false;
        framed = false;
        closes = false;
        bodyLeft = 0;
    }

    /** Counts the {@code n} bytes just relayed, at {@code bytes[from, from + n)}. */
    void relayed(ByteBuffer bytes, int from, int n) {
        if (head == null) {
            head = new byte[MAX_HEAD_BYTES];
        }
        int i = from;
        int end = from + n;
        while (!headDone && i < end) {
            if (headBytes == head.length) {
                // Too long to follow: unframed.
                headDone = true;
                return;
            }
            byte b = bytes.get(i++);
            head[headBytes++] = b;
            if (b == '\n' && headBytes >= 2 && (head[headBytes - 2] == '\n'
                    || head[headBytes - 2] == '\r' && headBytes >= 4 && head[headBytes - 3] == '\n')) {
                headDone = true;
                parseHead();
            }
        }
        long body = end - i;
        if (headDone && framed) {
            if (body > bodyLeft) {
                framed = false;
            } else {
                bodyLeft -= body;
            }
        }
    }

    /** Some of the answer has been relayed. */
    boolean started() {
        return headBytes > 0;
    }

    /** The head has arrived and says the answer has no length the gate can follow. */
    boolean unframed() {
        return headDone && !framed;
    }

    /** The whole answer, head and body, has been relayed. */
    boolean complete() {
        return headDone && framed && bodyLeft == 0;
    }

    /** The server said it closes the connection after this answer. */
    boolean closes() {
        return closes;
    }

    private void parseHead() {
        String text = new String(head, 0, headBytes, StandardCharsets.ISO_8859_1);
        int lineEnd = text.indexOf('\n');
        String[] status = text.substring(0, lineEnd).trim().split(" ", 3);
        int code = status.length >= 2 ? parseInt(status[1]) : -1;
        long length = -1;
        boolean chunked = false;
        for (int start = lineEnd + 1; start < headBytes; ) {
            int end = text.indexOf('\n', start);
            end = end < 0 ? headBytes : end + 1;
            String line = text.substring(start, end);
            int colon = line.indexOf(':');
            if (colon > 0) {
                String name = line.substring(0, colon).trim().toLowerCase(Locale.ROOT);
                String value = line.substring(colon + 1).trim();
                switch (name) {
                    case "content-length" -> length = parseInt(value);
                    case "transfer-encoding" -> chunked = true;
                    case "connection" -> closes = value.toLowerCase(Locale.ROOT).contains("close");
                    default -> { }
                }
            }
            start = end;
        }
        boolean noBody = bodiless || code / 100 == 1 || code == 204 || code == 304;
        framed = code >= 200 && !chunked && (noBody || length >= 0) && status[0].equals("HTTP/1.1");
        bodyLeft = noBody ? 0 : Math.max(0, length);
    }

    private static int parseInt(String value) {
        try {
            return Integer.parseInt(value);
        } catch (NumberFormatException e) {
            return -1;
        }
    }
}
