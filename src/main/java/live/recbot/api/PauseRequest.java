package live.recbot.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.util.Iterator;
import java.util.Optional;
import live.recbot.core.ErrorCode;

/**
 * The body of a pause or resume: none, or a JSON object; a pause's may hold {@code "streams": true},
 * which has the streams show a still picture and silence until the resume.
 */
final class PauseRequest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String STREAMS = "streams";

    private PauseRequest() {
    }

    /**
     * Whether the streams are held, when the body is acceptable; otherwise empty, the 400 answer
     * naming the field having been sent. {@code streamsField}: whether {@code streams} may be given.
     */
    static Optional<Boolean> read(HttpExchange ex, boolean streamsField) throws IOException {
        Optional<String> read = RequestBody.readOrRefuse(ex);
        if (read.isEmpty()) {
            return Optional.empty();
        }
        String body = read.get();
        if (body.isBlank()) {
            return Optional.of(false);
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
        while (fields.hasNext()) {
            String field = fields.next();
            if (!streamsField || !field.equals(STREAMS)) {
                return refuse(ex, "body." + field + ": unknown field");
            }
        }
        JsonNode streams = node.path(STREAMS);
        if (!streams.isMissingNode() && !streams.isBoolean()) {
            return refuse(ex, "body.streams: must be true or false");
        }
        return Optional.of(streams.asBoolean(false));
    }

    private static Optional<Boolean> refuse(HttpExchange ex, String message) throws IOException {
        Replies.sendError(ex, 400, ErrorCode.INVALID_CONFIG, message);
        return Optional.empty();
    }
}
