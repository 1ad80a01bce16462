package live.recbot.testpage;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * Serves the bundled test meeting page on loopback: a grid of animated tiles, continuous sound, and
 * a flash with a beep once per second. {@code /?endAfter=20} ends the meeting after 20 s.
 */
public final class TestPageServer implements AutoCloseable {
    private static final String PAGE = "/testpage/index.html";
    private final HttpServer server;
    private final ExecutorService executor;
    private final byte[] page;

    private TestPageServer(HttpServer server, ExecutorService executor, byte[] page) {
        this.server = server;
        this.executor = executor;
        this.page = page;
    }

    /** Starts serving on 127.0.0.1:{@code port}; port 0 picks a free one. */
    public static TestPageServer start(int port) throws IOException {
        byte[] page;
        try (InputStream in = TestPageServer.class.getResourceAsStream(PAGE)) {
            if (in == null) {
                throw new IOException("the test page is missing from the jar");
            }
            page = in.readAllBytes();
        }
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", port), 16);
        ExecutorService executor = Executors.newFixedThreadPool(2, r -> {
            Thread t = new Thread(r, "recbot-test-page");
            t.setDaemon(true);
            return t;
        });
        TestPageServer s = new TestPageServer(server, executor, page);
        server.createContext("/", s::handle);
        server.setExecutor(executor);
        server.start();
        return s;
    }

    private void handle(HttpExchange ex) throws IOException {
        try (ex) {
            String path = ex.getRequestURI().getPath();
            if (path.startsWith("/status/")) {
                // Answers with the status in the path (/status/503): for tests of pages that fail.
                int code = parseStatus(path.substring("/status/".length()));
                send(ex, code, "text/plain", ("HTTP " + code + "\n").getBytes());
            } else if (path.equals("/") || path.equals("/index.html")) {
                send(ex, 200, "text/html; charset=utf-8", page);
            } else if (path.equals("/favicon.ico")) {
                send(ex, 204, "text/plain", new byte[0]);
            } else {
                send(ex, 404, "text/plain", "not found\n".getBytes());
            }
        }
    }

    private static int parseStatus(String s) {
        try {
            int code = Integer.parseInt(s);
            return code >= 200 && code <= 599 ? code : 400;
        } catch (NumberFormatException e) {
            return 400;
        }
    }

    private static void send(HttpExchange ex, int code, String type, byte[] body) throws IOException {
        ex.getResponseHeaders().set("Content-Type", type);
        ex.getResponseHeaders().set("Cache-Control", "no-store");
        ex.sendResponseHeaders(code, body.length == 0 ? -1 : body.length);
        if (body.length > 0) {
            try (OutputStream out = ex.getResponseBody()) {
                out.write(body);
            }
        }
    }

    public URI url() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/");
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }
}
