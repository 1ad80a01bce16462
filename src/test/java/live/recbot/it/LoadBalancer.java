package live.recbot.it;

import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Debian's HAProxy on loopback in front of recbot workers, as a pool's load balancer: an active
 * health check on GET /readyz every 100 ms takes a busy worker out at its first 503 and puts it
 * back at its first 200; with every worker out, a start gets a JSON 503 from HAProxy itself.
 */
final class LoadBalancer implements AutoCloseable {
    static final String HAPROXY = "/usr/sbin/haproxy";
    static final String NO_IDLE_WORKER = "no-idle-worker";
    private final Process process;
    private final Path dir;
    private final int port;
    private final int statsPort;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private LoadBalancer(Process process, Path dir, int port, int statsPort) {
        this.process = process;
        this.dir = dir;
        this.port = port;
        this.statsPort = statsPort;
    }

    /** Starts HAProxy balancing over {@code servers} (name to port on 127.0.0.1) and waits until it answers. */
    static LoadBalancer start(Path dir, Map<String, Integer> servers) throws IOException {
        Files.createDirectories(dir);
        int port = freePort();
        int statsPort = freePort();
        StringBuilder cfg = new StringBuilder("""
                global
                    maxconn 256
                defaults
                    mode http
                    timeout connect 2s
                    timeout client 120s
                    timeout server 120s
                frontend pool
                    bind 127.0.0.1:%d
                    http-request return status 503 content-type application/json hdr Retry-After 5 string '{"error":{"code":"%s","message":"every worker is busy; retry later"}}' if { nbsrv(workers) eq 0 }
                    default_backend workers
                backend workers
                    balance roundrobin
                    option httpchk GET /readyz
                    http-check expect status 200
                    default-server inter 100ms fall 1 rise 1
                """.formatted(port, NO_IDLE_WORKER));
        servers.forEach((name, p) -> cfg.append("    server ").append(name).append(" 127.0.0.1:").append(p).append(" check\n"));
        cfg.append("""
                frontend stats
                    bind 127.0.0.1:%d
                    stats enable
                    stats uri /stats
                """.formatted(statsPort));
        Path file = dir.resolve("haproxy.cfg");
        Files.writeString(file, cfg);
        Process p = new ProcessBuilder(HAPROXY, "-db", "-f", file.toString())
                .redirectErrorStream(true).redirectOutput(dir.resolve("haproxy.log").toFile()).start();
        LoadBalancer lb = new LoadBalancer(p, dir, port, statsPort);
        await("HAProxy to answer").atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(50)).until(() -> {
            if (!p.isAlive()) {
                throw new AssertionError("haproxy exited " + p.exitValue() + ": " + lb.log());
            }
            try {
                return lb.serverStates() != null;
            } catch (IOException e) {
                return false;
            }
        });
        return lb;
    }

    int port() {
        return port;
    }

    /** Each server's state as HAProxy's health checks see it: UP, DOWN, ... */
    Map<String, String> serverStates() throws IOException, InterruptedException {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + statsPort + "/stats;csv"))
                .timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.ofString());
        List<String> lines = r.body().lines().toList();
        List<String> header = Arrays.asList(lines.get(0).replaceFirst("^# ", "").split(","));
        int proxy = header.indexOf("pxname");
        int server = header.indexOf("svname");
        int status = header.indexOf("status");
        Map<String, String> states = new HashMap<>();
        for (String line : lines.subList(1, lines.size())) {
            String[] f = line.split(",", -1);
            if (f.length > status && f[proxy].equals("workers") && !f[server].equals("BACKEND")) {
                // "DOWN 1/1" while rising, "UP 1/1" while falling: the first word is what routing uses.
                states.put(f[server], f[status].split(" ")[0]);
            }
        }
        return states;
    }

    /** Waits until HAProxy's checks show {@code server} in {@code state}. */
    void awaitState(String server, String state) {
        await(server + " " + state + " at the load balancer").atMost(Duration.ofSeconds(10))
                .pollInterval(Duration.ofMillis(50)).until(() -> state.equals(serverStates().get(server)));
    }

    String log() {
        return RecbotRun.read(dir.resolve("haproxy.log"));
    }

    static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    /** Stops HAProxy by its PID and waits for it to exit. */
    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                process.waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
        }
    }
}
