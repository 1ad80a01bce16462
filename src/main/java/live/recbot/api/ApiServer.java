package live.recbot.api;

import live.recbot.core.ErrorCode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import live.recbot.config.WorkerSettings;
import live.recbot.metrics.Metrics;
import live.recbot.session.Worker;
import live.recbot.status.StatusJson;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The orchestrator's HTTP API over one {@link Worker}: start, stop, a change of the RTMP outputs,
 * status, a Server-Sent Events stream of status changes, the worker's metrics in the Prometheus text format, a preview of the
 * recorded picture, a status page for people, and liveness/readiness probes. Bound to a
 * non-loopback address, every /v1 route, /metrics and the page require the token ({@link TokenRule}).
 * Every answer names the worker ({@code X-Recbot-Worker}, and {@code worker} in a start's answer),
 * so a caller that reached it through a load balancer sends status and stop to the same worker.
 * Bad input always gets a 400 naming the field and the rule.
 * Clients reach it only through a {@link ConnectionGate}; {@link ApiLimits} has every bound.
 */
public final class ApiServer implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(ApiServer.class);
    public static final int MAX_BODY_BYTES = RequestBody.MAX_BYTES;
    // Each SSE client holds a thread of its own pool for as long as it listens.
    static final int MAX_EVENT_CLIENTS = 8;

    private final HttpServer server;
    private final ConnectionGate gate;
    private final ExecutorService executor;
    private final ExecutorService eventExecutor;
    private final Worker worker;
    private final Scrapes scrapes;
    private final WriteRoutes writes;
    private final TokenRule tokens;
    private final boolean readOnly;
    private final String workerName;
    private final EventStream events;
    private final Preview preview;
    private final StatusPage page;

    private ApiServer(HttpServer server, ConnectionGate gate, ExecutorService executor, ExecutorService eventExecutor,
                      Worker worker, Metrics metrics, WorkerSettings settings, Optional<String> token,
                      boolean readOnly, String workerName, StatusPage page) {
        this.server = server;
        this.gate = gate;
        this.executor = executor;
        this.eventExecutor = eventExecutor;
        this.worker = worker;
        this.scrapes = new Scrapes(metrics::scrape);
        this.writes = new WriteRoutes(worker, settings, workerName);
        this.tokens = new TokenRule(token);
        this.readOnly = readOnly;
        this.workerName = workerName;
        this.events = new EventStream(worker.room(), MAX_EVENT_CLIENTS, eventExecutor);
        this.preview = new Preview(worker::preview);
        this.page = page;
    }

    /**
     * Starts serving; every session started here runs with {@code settings}. {@code readOnly} serves
     * status, events, metrics and probes only (a run's status port).
     *
     * @throws IllegalArgumentException when bound beyond loopback without a token
     */
    public static ApiServer start(InetAddress bind, int port, Worker worker, Metrics metrics, WorkerSettings settings,
                                  Optional<String> token, boolean readOnly) throws IOException {
        return start(bind, port, worker, metrics, settings, token, readOnly, WorkerName.ofThisHost());
    }

    /** As {@link #start(InetAddress, int, Worker, Metrics, WorkerSettings, Optional, boolean)}, naming the worker {@code workerName}. */
    public static ApiServer start(InetAddress bind, int port, Worker worker, Metrics metrics, WorkerSettings settings,
                                  Optional<String> token, boolean readOnly, String workerName) throws IOException {
        if (!bind.isLoopbackAddress() && token.filter(t -> !t.isBlank()).isEmpty()) {
            throw new IllegalArgumentException("RECBOT_API_TOKEN must be set to serve on a non-loopback address ("
                    + bind.getHostAddress() + ")");
        }
        StatusPage page = StatusPage.load();
        ApiLimits limits = ApiLimits.forThisProcess();
        limits.configureJdkServer();
        // Only the gate talks to this server: it sees whole requests, never a stalled client.
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 64);
        ConnectionGate gate;
        try {
            gate = ConnectionGate.start(new InetSocketAddress(bind, port), server.getAddress(), limits);
        } catch (IOException e) {
            server.stop(0);
            throw e;
        }
        ExecutorService executor = limits.requestPool();
        ExecutorService eventExecutor = ApiLimits.streamPool(MAX_EVENT_CLIENTS);
        ApiServer api = new ApiServer(server, gate, executor, eventExecutor, worker, metrics, settings,
                bind.isLoopbackAddress() ? Optional.empty() : token, readOnly, workerName, page);
        server.createContext("/", api::handle);
        server.setExecutor(executor);
        server.start();
        log.info("API listening on {}:{}{}", bind.getHostAddress(), api.port(), readOnly ? " (read-only)" : "");
        return api;
    }

    public int port() {
        return gate.port();
    }

    private void handle(HttpExchange ex) {
        boolean streaming = false;
        try {
            ex.getResponseHeaders().set(WorkerName.HEADER, workerName);
            streaming = route(ex);
        } catch (IOException e) {
            log.debug("API client went away: {}", e.toString());
        } catch (RuntimeException e) {
            log.error("API request failed", e);
            Replies.sendErrorQuietly(ex, 500, ErrorCode.INTERNAL, "internal error");
        } finally {
            if (!streaming) {
                ex.close();
            }
        }
    }

    /** Answers the request; true when the SSE stream took the exchange over and will close it. */
    private boolean route(HttpExchange ex) throws IOException {
        String path = ex.getRequestURI().getPath();
        if (path.equals("/healthz")) {
            Replies.sendJson(ex, 200, "{\"status\":\"ok\"}");
        } else if (path.equals("/readyz")) {
            boolean ready = !readOnly && worker.ready();
            Replies.sendJson(ex, ready ? 200 : 503, "{\"ready\":" + ready + "}");
        } else if (path.equals("/")) {
            if (!tokens.admits(ex, true)) {
                unauthorised(ex, "a valid token is required: open the page as /?token=<the API token>");
            } else if (expect(ex, "GET", "HEAD")) {
                page.serve(ex);
            }
        } else if (!path.startsWith("/v1/") && !path.equals("/metrics")) {
            Replies.sendError(ex, 404, ErrorCode.NOT_FOUND, "no such route: " + path);
        } else if (!tokens.admits(ex, false)) {
            unauthorised(ex, "a valid bearer token is required");
        } else {
            switch (path) {
                case "/metrics" -> {
                    if (expect(ex, "GET")) {
                        Replies.send(ex, 200, Metrics.CONTENT_TYPE, scrapes.get());
                    }
                }
                case "/v1/status" -> {
                    if (expect(ex, "GET")) {
                        Replies.sendJson(ex, 200, StatusJson.write(worker.room().current()));
                    }
                }
                case "/v1/preview.jpg" -> {
                    if (expect(ex, "GET", "HEAD")) {
                        preview.serve(ex);
                    }
                }
                case "/v1/events" -> {
                    return expect(ex, "GET") && events.serve(ex);
                }
                case "/v1/start" -> {
                    if (expect(ex, "POST") && writable(ex)) {
                        writes.start(ex);
                    }
                }
                case "/v1/outputs" -> {
                    if (expect(ex, "POST") && writable(ex)) {
                        writes.changeOutputs(ex);
                    }
                }
                case "/v1/stop" -> {
                    if (expect(ex, "POST") && writable(ex)) {
                        writes.stop(ex);
                    }
                }
                case "/v1/pause" -> {
                    if (expect(ex, "POST") && writable(ex)) {
                        writes.pause(ex);
                    }
                }
                case "/v1/resume" -> {
                    if (expect(ex, "POST") && writable(ex)) {
                        writes.resume(ex);
                    }
                }
                default -> Replies.sendError(ex, 404, ErrorCode.NOT_FOUND, "no such route: " + path);
            }
        }
        return false;
    }

    private boolean expect(HttpExchange ex, String... methods) throws IOException {
        for (String method : methods) {
            if (ex.getRequestMethod().equalsIgnoreCase(method)) {
                return true;
            }
        }
        ex.getResponseHeaders().set("Allow", String.join(", ", methods));
        Replies.sendError(ex, 405, ErrorCode.METHOD_NOT_ALLOWED, ex.getRequestURI().getPath() + " takes "
                + String.join(" or ", methods));
        return false;
    }

    private boolean writable(HttpExchange ex) throws IOException {
        if (!readOnly) {
            return true;
        }
        Replies.sendError(ex, 405, ErrorCode.READ_ONLY, "this status port is read-only; use recbot serve to control a worker");
        return false;
    }

    private void unauthorised(HttpExchange ex, String message) throws IOException {
        ex.getResponseHeaders().set("WWW-Authenticate", "Bearer");
        Replies.sendError(ex, 401, ErrorCode.UNAUTHORIZED, message);
    }

    @Override
    public void close() {
        events.close();
        gate.close();
        server.stop(0);
        executor.shutdownNow();
        eventExecutor.shutdownNow();
    }
}
