package live.recbot.api;

import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;

/**
 * GET /: one self-contained HTML page that shows the room's states, each output's bitrate and
 * retries, the elapsed time and the live preview, fed by /v1/status, /v1/events, /metrics and
 * /v1/preview.jpg. A browser cannot put a bearer header on a page it navigates to, so off loopback
 * the page alone also accepts {@code ?token=}; the page then moves the token into the tab's session
 * storage, off its address, and sends it as a bearer header with every request it makes.
 */
final class StatusPage {
    private static final String RESOURCE = "/statuspage/index.html";
    private final byte[] html;
    private final String policy;

    private StatusPage(byte[] html, String policy) {
        this.html = html;
        this.policy = policy;
    }

    static StatusPage load() throws IOException {
        byte[] html;
        try (InputStream in = StatusPage.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IOException("the status page is missing from the jar (" + RESOURCE + ")");
            }
            html = in.readAllBytes();
        }
        String text = new String(html, StandardCharsets.UTF_8);
        // Only the page's own script and style run: anything injected into it would not.
        String policy = "default-src 'none'; script-src " + hash(text, "script") + "; style-src " + hash(text, "style")
                + "; img-src 'self' blob:; connect-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";
        return new StatusPage(html, policy);
    }

    /** The CSP source that allows exactly the one {@code <tag>} element of the page. */
    private static String hash(String page, String tag) throws IOException {
        int start = page.indexOf("<" + tag + ">");
        int end = page.indexOf("</" + tag + ">");
        if (start < 0 || end < start || page.indexOf("<" + tag + ">", start + 1) >= 0) {
            throw new IOException("the status page must hold exactly one <" + tag + "> element");
        }
        String body = page.substring(start + tag.length() + 2, end);
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(body.getBytes(StandardCharsets.UTF_8));
            return "'sha256-" + Base64.getEncoder().encodeToString(digest) + "'";
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }

    void serve(HttpExchange ex) throws IOException {
        ex.getResponseHeaders().set("Content-Security-Policy", policy);
        // The address may carry the token: no request from the page names it as the referrer.
        ex.getResponseHeaders().set("Referrer-Policy", "no-referrer");
        ex.getResponseHeaders().set("X-Content-Type-Options", "nosniff");
        Replies.sendBytes(ex, 200, "text/html; charset=utf-8", html);
    }
}
