package live.recbot.api;

import com.sun.net.httpserver.HttpExchange;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Optional;

/**
 * Who may use the guarded routes: anyone when the API listens on loopback only; beyond it, whoever
 * sends the token as {@code Authorization: Bearer}, or, for the status page alone, as
 * {@code ?token=} (a browser cannot add a header to a page it navigates to).
 */
final class TokenRule {
    private final Optional<byte[]> token;

    /** {@code token}: empty for none required. */
    TokenRule(Optional<String> token) {
        this.token = token.map(t -> t.getBytes(StandardCharsets.UTF_8));
    }

    /** {@code orQuery}: whether a {@code ?token=} stands in for the header. */
    boolean admits(HttpExchange ex, boolean orQuery) {
        if (token.isEmpty()) {
            return true;
        }
        String header = ex.getRequestHeaders().getFirst("Authorization");
        String given = header != null && header.startsWith("Bearer ") ? header.substring(7).trim()
                : orQuery ? queryToken(ex.getRequestURI()).orElse("") : "";
        // Constant time: the comparison takes as long whatever prefix of the token was guessed.
        return MessageDigest.isEqual(given.getBytes(StandardCharsets.UTF_8), token.get());
    }

    /** The {@code token} query parameter of an address, if given. */
    static Optional<String> queryToken(URI uri) {
        String query = uri.getRawQuery();
        if (query == null) {
            return Optional.empty();
        }
        for (String pair : query.split("&")) {
            if (pair.startsWith("token=")) {
                // A URI's raw query holds only whole escapes: this decodes without fail.
                return Optional.of(URLDecoder.decode(pair.substring(6), StandardCharsets.UTF_8));
            }
        }
        return Optional.empty();
    }
}
