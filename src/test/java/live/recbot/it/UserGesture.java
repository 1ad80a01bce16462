package live.recbot.it;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;

/**
 * What a person at the bot's screen would do: runs a script in the meeting tab as a click would,
 * with the user activation that Chromium requires before a page may show a {@code beforeunload}
 * prompt or go full screen. recbot itself never gives a page one; a test connects to the
 * browser's DevTools endpoint, on loopback, to stand in for the person.
 */
final class UserGesture {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration TIMEOUT = Duration.ofSeconds(10);

    private UserGesture() {
    }

    /** Runs {@code script} as a click would, in the page tab of the browser whose DevTools endpoint is on {@code port}. */
    static void run(int port, String script) throws Exception {
        evaluate(port, script, true);
    }

    /** The value of {@code expression} in that tab, as text, evaluated without a gesture. */
    static String value(int port, String expression) throws Exception {
        return evaluate(port, expression, false);
    }

    private static String evaluate(int port, String script, boolean gesture) throws Exception {
        HttpClient http = HttpClient.newBuilder().connectTimeout(TIMEOUT).build();
        HttpResponse<String> list = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/json/list"))
                .timeout(TIMEOUT).build(), HttpResponse.BodyHandlers.ofString());
        String socket = null;
        for (JsonNode target : JSON.readTree(list.body())) {
            if ("page".equals(target.path("type").asText()) && target.path("url").asText().startsWith("http")) {
                socket = target.path("webSocketDebuggerUrl").asText();
            }
        }
        if (socket == null) {
            throw new AssertionError("no page tab in " + list.body());
        }
        CompletableFuture<String> answer = new CompletableFuture<>();
        WebSocket ws = http.newWebSocketBuilder().connectTimeout(TIMEOUT).buildAsync(URI.create(socket), new WebSocket.Listener() {
            private final StringBuilder text = new StringBuilder();

            @Override
            public CompletionStage<?> onText(WebSocket w, CharSequence data, boolean last) {
                text.append(data);
                if (last) {
                    if (text.indexOf("\"id\":1,") >= 0 || text.indexOf("\"id\":1}") >= 0) {
                        answer.complete(text.toString());
                    }
                    text.setLength(0);
                }
                w.request(1);
                return null;
            }
        }).get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        try {
            ws.sendText(JSON.writeValueAsString(Map.of("id", 1, "method", "Runtime.evaluate",
                    "params", Map.of("expression", script, "userGesture", gesture, "returnByValue", true))), true);
            JsonNode reply = JSON.readTree(answer.get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS));
            if (reply.has("error") || reply.path("result").has("exceptionDetails")) {
                throw new AssertionError("the script failed in the page: " + reply);
            }
            return reply.path("result").path("result").path("value").asText();
        } finally {
            ws.sendClose(WebSocket.NORMAL_CLOSURE, "").get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        }
    }
}
