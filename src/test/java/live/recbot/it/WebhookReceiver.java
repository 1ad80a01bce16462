package live.recbot.it;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/** A local webhook receiver that answers HTTP 500 to its first {@code failures} deliveries. */
final class WebhookReceiver implements AutoCloseable {
    record Delivery(byte[] body, String signature, int answered) {
        String text() {
            return new String(body, java.nio.charset.StandardCharsets.UTF_8);
        }
    }

    private final HttpServer server;
    final List<Delivery> deliveries = new CopyOnWriteArrayList<>();

    WebhookReceiver(int failures) throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 16);
        AtomicInteger left = new AtomicInteger(failures);
        server.createContext("/hook", ex -> {
            try (ex) {
                byte[] body = ex.getRequestBody().readAllBytes();
                int code = left.getAndDecrement() > 0 ? 500 : 204;
                deliveries.add(new Delivery(body, ex.getRequestHeaders().getFirst("X-Recbot-Signature"), code));
                ex.sendResponseHeaders(code, -1);
            }
        });
        server.start();
    }

    String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/hook";
    }

    /** The deliveries the receiver accepted, in order of arrival. */
    List<Delivery> accepted() {
        return deliveries.stream().filter(d -> d.answered() / 100 == 2).toList();
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
