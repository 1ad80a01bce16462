package live.recbot.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The gate over real loopback sockets, in front of a real JDK server. */
class ConnectionGateTest {
    private static final ApiLimits LIMITS = new ApiLimits(2, 2, 64, Duration.ofSeconds(1), 1024);
    private final List<Socket> sockets = new ArrayList<>();
    private HttpServer upstream;
    private ConnectionGate gate;

    @BeforeEach
    void start() throws IOException {
        upstream = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 16);
        upstream.createContext("/unread", ex -> {
            ex.getResponseHeaders().set("Connection", "close");
            ex.sendResponseHeaders(413, -1);
            ex.close();
        });
        // Answers that keep the connection: their body names the gate's upstream port, so a test can see it kept too.
        upstream.createContext("/keep", ex -> {
            byte[] body;
            try (InputStream in = ex.getRequestBody()) {
                body = (ex.getRequestMethod() + " " + in.readAllBytes().length + " via " + ex.getRemoteAddress().getPort())
                        .getBytes(StandardCharsets.UTF_8);
            }
            ex.sendResponseHeaders(200, body.length);
            try (OutputStream out = ex.getResponseBody()) {
                out.write(body);
            }
        });
        // No length, as the event stream: it ends when the server closes.
        upstream.createContext("/stream", ex -> {
            ex.sendResponseHeaders(200, 0);
            try (OutputStream out = ex.getResponseBody()) {
                out.write("one".getBytes(StandardCharsets.UTF_8));
                out.flush();
                out.write("two".getBytes(StandardCharsets.UTF_8));
            }
        });
        upstream.createContext("/", ex -> {
            byte[] body;
            try (InputStream in = ex.getRequestBody()) {
                body = (ex.getRequestMethod() + " " + in.readAllBytes().length).getBytes(StandardCharsets.UTF_8);
            }
            ex.getResponseHeaders().set("Connection", "close");
            ex.sendResponseHeaders(200, body.length);
            try (OutputStream out = ex.getResponseBody()) {
                out.write(body);
            }
        });
        upstream.start();
        gate = ConnectionGate.start(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), upstream.getAddress(), LIMITS);
    }

    @AfterEach
    void stop() throws IOException {
        for (Socket s : sockets) {
            s.close();
        }
        gate.close();
        upstream.stop(0);
    }

    private Socket connect(String from) throws IOException {
        Socket s = new Socket();
        sockets.add(s);
        s.bind(new InetSocketAddress(from, 0));
        s.connect(new InetSocketAddress("127.0.0.1", gate.port()), 2000);
        s.setSoTimeout(5000);
        return s;
    }

    private static String nextAnswer(Socket s) throws IOException {
        return RawAnswers.next(s.getInputStream());
    }

    private static void send(Socket s, String request) throws IOException {
        s.getOutputStream().write(request.getBytes(StandardCharsets.ISO_8859_1));
    }

    private static String via(String answer) {
        return answer.substring(answer.indexOf(" via ") + 5);
    }

    private static String answer(Socket s, String request) throws IOException {
        s.getOutputStream().write(request.getBytes(StandardCharsets.ISO_8859_1));
        return new String(s.getInputStream().readAllBytes(), StandardCharsets.ISO_8859_1);
    }

    @Test
    void aClientThatWaitsForContinueGetsItFromTheGateOnceAndItsBodyReachesTheServer() throws IOException {
        Socket s = connect("127.0.0.1");
        s.getOutputStream().write(("POST /x HTTP/1.1\r\nHost: x\r\nExpect: 100-continue\r\nContent-Length: 5\r\n\r\n")
                .getBytes(StandardCharsets.ISO_8859_1));
        String interim = "HTTP/1.1 100 Continue\r\n\r\n";
        // The body goes only once the interim answer came, as curl sends one over 1 KiB.
        assertThat(new String(s.getInputStream().readNBytes(interim.length()), StandardCharsets.ISO_8859_1))
                .isEqualTo(interim);
        s.getOutputStream().write("hello".getBytes(StandardCharsets.ISO_8859_1));
        String rest = new String(s.getInputStream().readAllBytes(), StandardCharsets.ISO_8859_1);
        assertThat(rest).startsWith("HTTP/1.1 200").endsWith("POST 5").doesNotContain("100 Continue");
    }

    @Test
    void aWholeRequestIsRelayedWithItsBodyAndTheAnswerComesBack() throws IOException {
        String r = answer(connect("127.0.0.1"), "POST /x HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\n\r\nhello");
        assertThat(r).startsWith("HTTP/1.1 200").endsWith("POST 5");
    }

    @Test
    void afterAnAnswerTheRestOfAnUnreadBodyIsDrainedSoTheClientIsNotReset() throws IOException {
        Socket s = connect("127.0.0.1");
        String answer = answer(s, "POST /unread HTTP/1.1\r\nHost: x\r\nContent-Length: 200000\r\n\r\n");
        assertThat(answer).startsWith("HTTP/1.1 413");
        // Closed at once, the gate would reset this connection and the second write would fail.
        OutputStream out = s.getOutputStream();
        byte[] chunk = new byte[4096];
        await("writes to a lingering connection to keep succeeding").during(Duration.ofMillis(300))
                .atMost(Duration.ofSeconds(1)).pollInterval(Duration.ofMillis(20)).until(() -> {
                    out.write(chunk);
                    return true;
                });
    }

    @Test
    void aRequestArrivingInPiecesIsRelayedOnceWhole() throws Exception {
        Socket s = connect("127.0.0.1");
        OutputStream out = s.getOutputStream();
        out.write("GET /healthz HT".getBytes(StandardCharsets.ISO_8859_1));
        out.flush();
        s.setSoTimeout(300);
        assertThatThrownBy(() -> s.getInputStream().read()).as("no answer to half a request")
                .isInstanceOf(SocketTimeoutException.class);
        s.setSoTimeout(5000);
        assertThat(answer(s, "TP/1.1\r\nHost: x\r\n\r\n")).startsWith("HTTP/1.1 200").endsWith("GET 0");
    }

    @Test
    void aClientOverItsConnectionCapIsRefusedWhileAnotherAddressGetsThrough() throws IOException {
        for (int i = 0; i < LIMITS.perClient(); i++) {
            connect("127.0.0.3").getOutputStream().write("GET /v1/sta".getBytes(StandardCharsets.ISO_8859_1));
        }
        // Its request is sent before the refusal is read: the answer must still arrive whole, not as a reset.
        String refused = answer(connect("127.0.0.3"), "GET / HTTP/1.1\r\nHost: x\r\n\r\n");
        assertThat(refused).startsWith("HTTP/1.1 429").endsWith("per client address\"}}");
        assertThat(answer(connect("127.0.0.4"), "GET / HTTP/1.1\r\nHost: x\r\n\r\n")).startsWith("HTTP/1.1 200");
    }

    @Test
    void aStalledRequestIsAnswered408AtItsDeadlineAndFreesItsSlot() throws IOException {
        Socket stalled = connect("127.0.0.5");
        stalled.getOutputStream().write("GET /v1/sta".getBytes(StandardCharsets.ISO_8859_1));
        long t0 = System.nanoTime();
        String r = new String(stalled.getInputStream().readAllBytes(), StandardCharsets.ISO_8859_1);
        assertThat(r).startsWith("HTTP/1.1 408").contains("within 1 s");
        assertThat(Duration.ofNanos(System.nanoTime() - t0)).isBetween(Duration.ofMillis(500), Duration.ofSeconds(3));
        stalled.close();
        connect("127.0.0.5").getOutputStream().write("GET /v1/sta".getBytes(StandardCharsets.ISO_8859_1));
        await("the timed-out connection's slot to be free").atMost(Duration.ofSeconds(3)).until(() ->
                answer(connect("127.0.0.5"), "GET / HTTP/1.1\r\nHost: x\r\n\r\n"), a -> a.startsWith("HTTP/1.1 200"));
    }

    @Test
    void anOversizedHeadAndAChunkedBodyAreRefusedAtTheGate() throws IOException {
        String big = "GET / HTTP/1.1\r\nX-Pad: " + "a".repeat(2000) + "\r\n\r\n";
        assertThat(answer(connect("127.0.0.6"), big)).startsWith("HTTP/1.1 431");
        String chunked = "POST / HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhello\r\n0\r\n\r\n";
        assertThat(answer(connect("127.0.0.6"), chunked)).startsWith("HTTP/1.1 411").contains("Content-Length");
    }

    @Test
    void aKeptAliveConnectionCarriesRequestAfterRequestOnOneUpstreamUntilTheClientAsksToClose() throws IOException {
        Socket s = connect("127.0.0.7");
        send(s, "POST /keep HTTP/1.1\r\nHost: x\r\nContent-Length: 3\r\n\r\nabc");
        String first = nextAnswer(s);
        assertThat(first).startsWith("HTTP/1.1 200").contains("POST 3 via ").doesNotContainIgnoringCase("connection: close");
        for (int i = 0; i < 3; i++) {
            send(s, "GET /keep HTTP/1.1\r\nHost: x\r\n\r\n");
            assertThat(nextAnswer(s)).contains("GET 0 via ").endsWith(via(first));
        }
        String last = answer(s, "GET /keep HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
        assertThat(last).startsWith("HTTP/1.1 200").endsWith("GET 0 via " + via(first));
    }

    @Test
    void requestsSentBackToBackAreAnsweredInOrder() throws IOException {
        String all = answer(connect("127.0.0.8"), "GET /keep HTTP/1.1\r\nHost: x\r\n\r\n"
                + "POST /keep HTTP/1.1\r\nHost: x\r\nContent-Length: 2\r\n\r\nhi"
                + "GET /keep HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
        assertThat(all.split("HTTP/1.1 200 OK", -1)).hasSize(4);
        assertThat(all.indexOf("GET 0 via")).isLessThan(all.indexOf("POST 2 via"));
        assertThat(all.lastIndexOf("GET 0 via")).isGreaterThan(all.indexOf("POST 2 via"));
    }

    @Test
    void aKeptConnectionLeftIdleIsClosedAtItsDeadlineWithoutAnAnswer() throws IOException {
        Socket s = connect("127.0.0.9");
        send(s, "GET /keep HTTP/1.1\r\nHost: x\r\n\r\n");
        assertThat(nextAnswer(s)).startsWith("HTTP/1.1 200");
        long t0 = System.nanoTime();
        assertThat(s.getInputStream().read()).as("nothing but the close").isEqualTo(-1);
        assertThat(Duration.ofNanos(System.nanoTime() - t0)).isBetween(Duration.ofMillis(500), Duration.ofSeconds(3));
    }

    @Test
    void anAnswerWithoutALengthEndsWhenTheServerClosesAndSoDoesTheConnection() throws IOException {
        String r = answer(connect("127.0.0.10"), "GET /stream HTTP/1.1\r\nHost: x\r\n\r\n");
        assertThat(r).startsWith("HTTP/1.1 200").containsIgnoringCase("transfer-encoding: chunked")
                .contains("one").contains("two").endsWith("\r\n0\r\n\r\n");
    }

    @Test
    void aRequestOnAKeptLinkThatTheServerClosesUnansweredGoesAgainOnANewLink() throws Exception {
        // A raw server, as the JDK's cannot be made to close a kept connection on cue: each of its
        // connections answers one request, then closes on the next without answering it.
        try (ServerSocket raw = new ServerSocket(0, 8, InetAddress.getLoopbackAddress())) {
            AtomicInteger links = new AtomicInteger();
            Thread server = new Thread(() -> {
                while (!raw.isClosed()) {
                    try (Socket link = raw.accept()) {
                        int n = links.incrementAndGet();
                        InputStream in = link.getInputStream();
                        RawAnswers.head(in);
                        String body = "link " + n;
                        link.getOutputStream().write(("HTTP/1.1 200 OK\r\nContent-length: " + body.length() + "\r\n\r\n" + body)
                                .getBytes(StandardCharsets.ISO_8859_1));
                        RawAnswers.head(in);
                    } catch (IOException e) {
                        // Closed by the test.
                    }
                }
            }, "raw-upstream");
            server.setDaemon(true);
            server.start();
            try (ConnectionGate rawGate = ConnectionGate.start(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0),
                    (InetSocketAddress) raw.getLocalSocketAddress(), LIMITS);
                 Socket s = new Socket(InetAddress.getLoopbackAddress(), rawGate.port())) {
                s.setSoTimeout(5000);
                send(s, "GET /a HTTP/1.1\r\nHost: x\r\n\r\n");
                assertThat(nextAnswer(s)).endsWith("link 1");
                send(s, "GET /b HTTP/1.1\r\nHost: x\r\n\r\n");
                assertThat(nextAnswer(s)).endsWith("link 2");
                // A POST may have been acted on before the close: not sent again, its client sees the close.
                send(s, "POST /c HTTP/1.1\r\nHost: x\r\nContent-Length: 0\r\n\r\n");
                assertThat(s.getInputStream().readAllBytes()).isEmpty();
                assertThat(links.get()).isEqualTo(2);
            }
        }
    }

    @Test
    void aBodyAwaitingContinueAndARequestSentAfterItAreEachRelayedWhole() throws IOException {
        Socket s = connect("127.0.0.11");
        send(s, "POST /keep HTTP/1.1\r\nHost: x\r\nExpect: 100-continue\r\nContent-Length: 5\r\n\r\n");
        assertThat(new String(s.getInputStream().readNBytes(25), StandardCharsets.ISO_8859_1)).isEqualTo("HTTP/1.1 100 Continue\r\n\r\n");
        String rest = answer(s, "hello" + "GET /keep HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
        assertThat(rest.indexOf("POST 5 via")).isPositive().isLessThan(rest.indexOf("GET 0 via"));
    }

    @Test
    void aHeadAnswerEndsWithItsHeadAndTheConnectionGoesOn() throws IOException {
        Socket s = connect("127.0.0.12");
        send(s, "HEAD /keep HTTP/1.1\r\nHost: x\r\n\r\n");
        InputStream in = s.getInputStream();
        RawAnswers.head(in);
        send(s, "GET /keep HTTP/1.1\r\nHost: x\r\n\r\n");
        assertThat(nextAnswer(s)).startsWith("HTTP/1.1 200").contains("GET 0 via");
    }

    @Test
    void aHalfSentRequestOnAKeptConnectionIsAnswered408() throws IOException {
        Socket s = connect("127.0.0.13");
        send(s, "GET /keep HTTP/1.1\r\nHost: x\r\n\r\n");
        assertThat(nextAnswer(s)).startsWith("HTTP/1.1 200");
        assertThat(answer(s, "GET /ke")).startsWith("HTTP/1.1 408");
    }

    @Test
    void aHeadTheServerMightReadOtherwiseIsNotFollowedByAnotherRequestOnItsLink() throws IOException {
        // Bare line feeds: the JDK server would wait for a CR LF on a kept link; given the end of input it gives up at once.
        Socket s = connect("127.0.0.14");
        long t0 = System.nanoTime();
        answer(s, "GET /keep HTTP/1.1\nHost: x\n\n");
        assertThat(Duration.ofNanos(System.nanoTime() - t0)).isLessThan(Duration.ofSeconds(3));
    }
}
