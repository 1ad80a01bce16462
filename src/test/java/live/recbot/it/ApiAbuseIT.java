package live.recbot.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import live.recbot.testpage.TestPageServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * `recbot serve` under a load of stalled clients from this (the client) process on loopback:
 * bounded in count (1,000 connections) and time (each socket closed in finally).
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ApiAbuseIT {
    private static final int STALLED = 1000;
    // Under the server's cap of 32 per address, so all 1,000 are held, from 40 loopback addresses.
    private static final int PER_ADDRESS = 25;
    private static final int PER_CLIENT_CAP = 32;
    private static final int MAX_THREADS = 64;
    private static final byte[] PARTIAL = "GET /v1/sta".getBytes(StandardCharsets.US_ASCII);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static TestPageServer page;
    private static RecbotRun serve;
    private static int port;
    private static List<String> sse;

    @BeforeAll
    static void startServe(@TempDir Path dir) throws Exception {
        long fds = openFileLimit(Path.of("/proc/self/limits"));
        assertThat(fds).as("ulimit -n of the test JVM must allow %d client sockets", STALLED).isGreaterThan(STALLED + 256);
        page = TestPageServer.start(0);
        // --no-warm: a warm stack is WarmStartIT's subject; these sessions are of other sizes.
        serve = RecbotRun.start(dir, "serve", "--no-warm", "--port", "0", "--output-dir", dir.resolve("out").toString());
        port = serve.awaitServePort();
        long serverFds = openFileLimit(Path.of("/proc", Long.toString(serve.pid()), "limits"));
        System.out.println("[ApiAbuseIT] open-file limit: test JVM " + fds + ", serve " + serverFds);
        assertThat(serverFds).as("ulimit -n of serve must allow %d connections", STALLED).isGreaterThan(STALLED + 256);
        sse = new Api(port, null).subscribe();
        await("the SSE stream to open").atMost(Duration.ofSeconds(10)).until(() -> sse.contains(": recbot status events"));
    }

    @AfterAll
    static void stopServe() {
        if (serve != null) {
            serve.close();
        }
        if (page != null) {
            page.close();
        }
    }

    @Test
    @Order(1)
    void probesStayFastAndThreadsBoundedWhileAThousandStalledConnectionsAreOpen() throws Exception {
        long[] idle = serve.resourceUse();
        List<Socket> stalled = new ArrayList<>();
        long[] probeMillis = new long[20];
        long peakThreads;
        try {
            for (int i = 0; i < STALLED; i++) {
                Socket s = connect("127.0.0." + (10 + i / PER_ADDRESS));
                stalled.add(s);
                s.getOutputStream().write(PARTIAL);
            }
            long[] use = await("serve to hold the stalled connections").atMost(Duration.ofSeconds(3))
                    .until(serve::resourceUse, u -> u[1] >= idle[1] + STALLED);
            peakThreads = use[0];
            for (int i = 0; i < probeMillis.length; i++) {
                long t0 = System.nanoTime();
                assertThat(statusLine(rawGet("127.0.0.1", "/healthz"))).isEqualTo("HTTP/1.1 200 OK");
                probeMillis[i] = (System.nanoTime() - t0) / 1_000_000;
                peakThreads = Math.max(peakThreads, serve.resourceUse()[0]);
            }
            assertThat(statusLine(rawGet("127.0.0.1", "/readyz"))).isEqualTo("HTTP/1.1 200 OK");
            assertThat(serve.resourceUse()[1]).as("the stalled connections are still open").isGreaterThanOrEqualTo(idle[1] + STALLED);
        } finally {
            for (Socket s : stalled) {
                s.close();
            }
        }
        Arrays.sort(probeMillis);
        System.out.println("[ApiAbuseIT] " + STALLED + " stalled connections: /healthz median "
                + probeMillis[probeMillis.length / 2] + " ms, max " + probeMillis[probeMillis.length - 1]
                + " ms; serve threads idle " + idle[0] + ", peak " + peakThreads);
        assertThat(probeMillis[probeMillis.length - 1]).as("slowest /healthz, ms").isLessThan(2000);
        assertThat(peakThreads).as("serve's threads").isLessThan(MAX_THREADS);
    }

    @Test
    @Order(2)
    void aStalledRequestIsAnsweredAtItsDeadline() throws IOException {
        try (Socket s = connect("127.0.0.60")) {
            s.getOutputStream().write(PARTIAL);
            s.setSoTimeout(15_000);
            String answer = new String(s.getInputStream().readAllBytes(), StandardCharsets.US_ASCII);
            assertThat(statusLine(answer)).isEqualTo("HTTP/1.1 408 Request Timeout");
        }
    }

    @Test
    @Order(3)
    void aClientOverThePerAddressCapIsRefusedWhileAnotherAddressGetsThrough() throws IOException {
        List<Socket> held = new ArrayList<>();
        try {
            for (int i = 0; i < PER_CLIENT_CAP; i++) {
                Socket s = connect("127.0.0.70");
                held.add(s);
                s.getOutputStream().write(PARTIAL);
            }
            Socket over = connect("127.0.0.70");
            held.add(over);
            String refused = new String(over.getInputStream().readAllBytes(), StandardCharsets.US_ASCII);
            assertThat(statusLine(refused)).isEqualTo("HTTP/1.1 429 Too Many Requests");
            assertThat(refused).contains("too-many-connections");
            assertThat(statusLine(rawGet("127.0.0.71", "/healthz"))).isEqualTo("HTTP/1.1 200 OK");
        } finally {
            for (Socket s : held) {
                s.close();
            }
        }
    }

    @Test
    @Order(4)
    void afterTheAbuseAStartAndStopStillWorkAndTheEventStreamKeptGoing() throws Exception {
        Api api = new Api(port, null);
        Api.Response started = api.post("/v1/start", "{\"meetingUrl\": \"" + page.url()
                + "\", \"record\": true, \"resolution\": \"320x180\"}");
        assertThat(started.code()).as(started.body()).isEqualTo(200);
        Path file = Path.of(started.json().at("/browserRecordingState/file").asText());
        await().atMost(Duration.ofSeconds(20)).until(() -> Files.exists(file) && Files.size(file) > 0);
        Api.Response stopped = api.post("/v1/stop", "");
        assertThat(stopped.code()).as(stopped.body()).isEqualTo(200);
        assertThat(MediaProbe.of(file).decodeErrors()).isEmpty();
        // The stream opened before the abuse carries the session's changes, ending with the stop.
        List<JsonNode> events = await("the stop on the SSE stream").atMost(Duration.ofSeconds(10)).until(
                ApiAbuseIT::events, e -> !e.isEmpty() && e.get(e.size() - 1).at("/endReason").asText().equals("stopped"));
        assertThat(events).anyMatch(e -> e.at("/browserRecordingState/running").asBoolean());
        serve.terminate();
        assertThat(serve.waitForExit(Duration.ofSeconds(60))).isZero();
        serve.assertNothingLeftRunning();
    }

    private static List<JsonNode> events() throws IOException {
        List<JsonNode> events = new ArrayList<>();
        for (String line : sse) {
            if (line.startsWith("data: ")) {
                events.add(JSON.readTree(line.substring(6)));
            }
        }
        return events;
    }

    private static Socket connect(String from) throws IOException {
        Socket s = new Socket();
        try {
            s.bind(new InetSocketAddress(from, 0));
            s.connect(new InetSocketAddress("127.0.0.1", port), 5000);
            s.setSoTimeout(5000);
            return s;
        } catch (IOException e) {
            s.close();
            throw e;
        }
    }

    private static String rawGet(String from, String path) throws IOException {
        try (Socket s = connect(from)) {
            s.getOutputStream().write(("GET " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            return new String(s.getInputStream().readAllBytes(), StandardCharsets.US_ASCII);
        }
    }

    private static String statusLine(String response) {
        int end = response.indexOf("\r\n");
        return end < 0 ? response : response.substring(0, end);
    }

    private static long openFileLimit(Path limits) throws IOException {
        for (String line : Files.readAllLines(limits)) {
            if (line.startsWith("Max open files")) {
                String soft = line.substring("Max open files".length()).trim().split("\\s+")[0];
                return soft.equals("unlimited") ? Long.MAX_VALUE : Long.parseLong(soft);
            }
        }
        throw new AssertionError("no open-file limit in " + limits);
    }
}
