package live.recbot.api;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import live.recbot.core.ErrorCode;
import live.recbot.status.StatusDocument;
import live.recbot.status.StatusJson;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** How the API answers: JSON, bytes, and errors as {@code {"error": {"code", "message"}, "status"}}. */
final class Replies {
    private static final Logger log = LoggerFactory.getLogger(Replies.class);

    private Replies() {
    }

    static void sendJson(HttpExchange ex, int code, String json) throws IOException {
        send(ex, code, "application/json", json);
    }

    static void send(HttpExchange ex, int code, String contentType, String text) throws IOException {
        sendBytes(ex, code, contentType, text.getBytes(StandardCharsets.UTF_8));
    }

    /** Answers with {@code body}, or with its headers alone to a HEAD request. */
    static void sendBytes(HttpExchange ex, int code, String contentType, byte[] body) throws IOException {
        ex.getResponseHeaders().set("Content-Type", contentType);
        ex.getResponseHeaders().set("Cache-Control", "no-store");
        if (ex.getRequestMethod().equalsIgnoreCase("HEAD")) {
            ex.getResponseHeaders().set("Content-Length", Integer.toString(body.length));
            ex.sendResponseHeaders(code, -1);
            return;
        }
        ex.sendResponseHeaders(code, body.length);
        try (OutputStream out = ex.getResponseBody()) {
            out.write(body);
        }
    }

    static void sendError(HttpExchange ex, int code, ErrorCode errorCode, String message) throws IOException {
        sendError(ex, code, errorCode, message, null, Optional.empty());
    }

    static void sendErrorQuietly(HttpExchange ex, int code, ErrorCode errorCode, String message) {
        try {
            sendError(ex, code, errorCode, message);
        } catch (IOException | RuntimeException e) {
            log.debug("API client went away before the error: {}", e.toString());
        }
    }

    static void sendError(HttpExchange ex, int code, ErrorCode errorCode, String message, StatusDocument status,
                                  Optional<String> named) throws IOException {
        ObjectNode root = StatusJson.mapper().createObjectNode();
        named.ifPresent(name -> root.put("worker", name));
        ObjectNode error = root.putObject("error");
        error.put("code", errorCode.wire());
        error.put("message", message);
        if (status != null) {
            root.set("status", StatusJson.mapper().valueToTree(status));
        }
        sendJson(ex, code, StatusJson.mapper().writeValueAsString(root));
    }
}
