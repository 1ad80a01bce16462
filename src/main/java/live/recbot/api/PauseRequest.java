package live.recbot.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.util.Iterator;
import live.recbot.core.ErrorCode;

/** The body of a pause or resume: none, or an empty JSON object. */
final class PauseRequest {
    private static final ObjectMapper JSON = new ObjectMapper();

    private PauseRequest() {
    }

    /** True when the body is acceptable; otherwise the 400 answer naming the field has been sent. */
    static boolean read(HttpExchange ex) throws IOException {
        String body;
        try {
            body = RequestBody.read(ex);
        } catch (RequestBody.TooLarge e) {
            return refuse(ex, "body: must be at most " + RequestBody.MAX_BYTES + " bytes");
        }
        if (body.isBlank()) {
            return true;
        }
        JsonNode node;
        try {
            node = JSON.readTree(body);
        } catch (JsonProcessingException e) {
            return refuse(ex, "body: must be a JSON object");
        }
        if (node == null || !node.isObject()) {
            return refuse(ex, "body: must be a JSON object");
        }
        Iterator<String> fields = node.fieldNames();
        if (fields.hasNext()) {
            return refuse(ex, "body." + fields.next() + ": unknown field");
        }
        return true;
    }

    private static boolean refuse(HttpExchange ex, String message) throws IOException {
        Replies.sendError(ex, 400, ErrorCode.INVALID_CONFIG, message);
        return false;
    }
}
