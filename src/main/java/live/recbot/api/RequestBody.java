package live.recbot.api;

import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import live.recbot.core.ErrorCode;

/** A request's body as text, refused beyond {@value #MAX_BYTES} bytes whatever its header claims. */
final class RequestBody {
    static final int MAX_BYTES = 64 * 1024;

    private RequestBody() {
    }

    /** The body is over the limit; thrown without a stack trace, as it is an answer, not a fault. */
    static final class TooLarge extends Exception {
        TooLarge() {
            super(null, null, false, false);
        }
    }

    static String read(HttpExchange ex) throws IOException, TooLarge {
        String length = ex.getRequestHeaders().getFirst("Content-Length");
        if (length != null) {
            try {
                if (Long.parseLong(length.trim()) > MAX_BYTES) {
                    throw new TooLarge();
                }
            } catch (NumberFormatException e) {
                // Let the read below decide.
            }
        }
        try (InputStream in = ex.getRequestBody()) {
            byte[] bytes = in.readNBytes(MAX_BYTES + 1);
            if (bytes.length > MAX_BYTES) {
                throw new TooLarge();
            }
            return new String(bytes, StandardCharsets.UTF_8);
        }
    }

    /** The body, or empty once a body over the limit has been answered with a 400 naming the rule. */
    static Optional<String> readOrRefuse(HttpExchange ex) throws IOException {
        try {
            return Optional.of(read(ex));
        } catch (TooLarge e) {
            // The rest of the body is not read, so the connection cannot carry another request.
            ex.getResponseHeaders().set("Connection", "close");
            Replies.sendError(ex, 400, ErrorCode.INVALID_CONFIG, "body: must be at most " + MAX_BYTES + " bytes");
            return Optional.empty();
        }
    }
}
