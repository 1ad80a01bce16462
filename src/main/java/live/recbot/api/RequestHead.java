package live.recbot.api;

import java.nio.charset.StandardCharsets;
import java.nio.ByteBuffer;
import java.util.Locale;
import java.util.Optional;

/**
 * What the gate needs to know of a request before handing it on: where its head ends, how many
 * body bytes follow, where an {@code Expect: 100-continue} line lies ({@code expectFrom} -1
 * when there is none), its method, and whether the connection may carry another request after it:
 * HTTP/1.1, no {@code Connection: close}, and a head the JDK server reads exactly as the gate does
 * (CRLF line ends, at most one digits-only {@code Content-Length}, no space before a colon); else
 * the server gets the end of input after it, as any disagreement must end there and then.
 * Parsing proper is the JDK server's job; an unreadable length is left to it.
 */
record RequestHead(int length, long contentLength, boolean chunked, int expectFrom, int expectTo, String method,
                   boolean keepsAlive) {

    /** The head within {@code bytes[0, count)} once its blank line has arrived. */
    static Optional<RequestHead> find(byte[] bytes, int count) {
        for (int i = 0; i < count - 1; i++) {
            if (bytes[i] != '\n') {
                continue;
            }
            if (bytes[i + 1] == '\n') {
                return Optional.of(parse(bytes, i + 2));
            }
            if (bytes[i + 1] == '\r' && i + 2 < count && bytes[i + 2] == '\n') {
                return Optional.of(parse(bytes, i + 3));
            }
        }
        return Optional.empty();
    }

    /** The whole request, head and body, is this many bytes; a body over {@code maxBody} is not awaited. */
    int awaitedBytes(int maxBody) {
        return contentLength > maxBody ? length : length + (int) contentLength;
    }

    /**
     * Whether the connection may carry another request after this one's answer: the client keeps
     * it, and the whole body is relayed (an unread rest would be taken for the next request).
     */
    boolean reusable(int maxBody) {
        return keepsAlive && !chunked && contentLength <= maxBody;
    }

    /** A {@code HEAD} request: its answer has no body, whatever its length says. */
    boolean headOnly() {
        return method.equals("HEAD");
    }

    /** Safe to send again when a kept link closed without answering: it changes nothing. */
    boolean retryable() {
        return method.equals("GET") || method.equals("HEAD");
    }

    /**
     * Whether the client waits for {@code 100 Continue} before it sends its body: the gate reads
     * the body before the server sees the head, so the gate answers it.
     */
    boolean expectsContinue() {
        return expectFrom >= 0 && contentLength > 0;
    }

    /**
     * The request as the server is to get it: without the {@code Expect} line the gate has
     * answered already, else the server would send a second {@code 100 Continue}.
     */
    ByteBuffer forwarded(byte[] request, int count) {
        if (!expectsContinue()) {
            return ByteBuffer.wrap(request, 0, count);
        }
        // Shifted in place: the body moves up over the line.
        System.arraycopy(request, expectTo, request, expectFrom, count - expectTo);
        return ByteBuffer.wrap(request, 0, count - (expectTo - expectFrom));
    }

    private static RequestHead parse(byte[] bytes, int length) {
        long contentLength = 0;
        boolean chunked = false;
        int expectFrom = -1;
        int expectTo = -1;
        String head = new String(bytes, 0, length, StandardCharsets.ISO_8859_1);
        int lineEnd = head.indexOf('\n');
        String requestLine = head.substring(0, lineEnd).trim();
        int space = requestLine.indexOf(' ');
        String method = space > 0 ? requestLine.substring(0, space) : "";
        boolean keepsAlive = requestLine.endsWith(" HTTP/1.1");
        int lengths = 0;
        for (int start = 0; start < length; ) {
            int end = head.indexOf('\n', start);
            end = end < 0 ? length : end + 1;
            String line = head.substring(start, end);
            keepsAlive &= line.endsWith("\r\n") && line.indexOf('\r') == line.length() - 2;
            int colon = line.indexOf(':');
            if (start > 0 && line.length() > 2) {
                keepsAlive &= colon > 0 && line.substring(0, colon).chars().noneMatch(Character::isWhitespace);
            }
            if (start > 0 && colon > 0) {
                String name = line.substring(0, colon).trim().toLowerCase(Locale.ROOT);
                String value = line.substring(colon + 1).trim();
                if (name.equals("content-length")) {
                    lengths++;
                    keepsAlive &= lengths == 1 && !value.isEmpty() && value.chars().allMatch(Character::isDigit);
                    contentLength = parseLength(value);
                } else if (name.equals("transfer-encoding")) {
                    chunked = true;
                } else if (name.equals("connection") && value.toLowerCase(Locale.ROOT).contains("close")) {
                    keepsAlive = false;
                } else if (name.equals("expect") && value.equalsIgnoreCase("100-continue")) {
                    expectFrom = start;
                    expectTo = end;
                }
            }
            start = end;
        }
        return new RequestHead(length, contentLength, chunked, expectFrom, expectTo, method, keepsAlive);
    }

    private static long parseLength(String value) {
        try {
            return Math.max(0, Long.parseLong(value));
        } catch (NumberFormatException e) {
            return 0;
        }
    }
}
