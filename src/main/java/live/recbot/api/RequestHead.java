package live.recbot.api;

import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Optional;

/**
 * What the gate needs to know of a request before handing it on: where its head ends and how many
 * body bytes follow. Parsing proper is the JDK server's job; an unreadable length is left to it.
 */
record RequestHead(int length, long contentLength, boolean chunked) {

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

    private static RequestHead parse(byte[] bytes, int length) {
        long contentLength = 0;
        boolean chunked = false;
        for (String line : new String(bytes, 0, length, StandardCharsets.ISO_8859_1).split("\r?\n")) {
            int colon = line.indexOf(':');
            if (colon <= 0) {
                continue;
            }
            String name = line.substring(0, colon).trim().toLowerCase(Locale.ROOT);
            String value = line.substring(colon + 1).trim();
            if (name.equals("content-length")) {
                contentLength = parseLength(value);
            } else if (name.equals("transfer-encoding")) {
                chunked = true;
            }
        }
        return new RequestHead(length, contentLength, chunked);
    }

    private static long parseLength(String value) {
        try {
            return Math.max(0, Long.parseLong(value));
        } catch (NumberFormatException e) {
            return 0;
        }
    }
}
