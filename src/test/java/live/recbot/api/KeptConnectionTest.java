package live.recbot.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import live.recbot.config.WorkerSettings;
import live.recbot.metrics.Metrics;
import live.recbot.session.Worker;
import live.recbot.status.RoomStatus;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The real API server through its gate, on one kept connection, as a dashboard polls it. */
class KeptConnectionTest {
    private static final int REQUESTS = 20;
    private final RoomStatus room = new RoomStatus(Clock.systemUTC(), null, 0, 0);
    private final Metrics metrics = Metrics.start();
    private final Worker worker = new Worker(room, Clock.systemUTC(), metrics);

    @AfterEach
    void close() {
        worker.close();
        room.close();
        metrics.close();
    }

    @Test
    void requestAfterRequestIsAnsweredOnOneConnectionWithoutWaitingForDelayedAcknowledgements() throws IOException {
        try (ApiServer api = ApiServer.start(InetAddress.getLoopbackAddress(), 0, worker, metrics,
                WorkerSettings.defaults(), Optional.empty(), true);
             Socket s = new Socket(InetAddress.getLoopbackAddress(), api.port())) {
            s.setSoTimeout(5000);
            long t0 = System.nanoTime();
            for (int i = 0; i < REQUESTS; i++) {
                s.getOutputStream().write("GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
                assertThat(RawAnswers.next(s.getInputStream())).startsWith("HTTP/1.1 200").endsWith("{\"status\":\"ok\"}");
            }
            // Not a speed target: a head and body split by Nagle's algorithm wait 40 ms each for the
            // peer's delayed acknowledgement, so the answers would take at least twice this bound.
            assertThat(Duration.ofNanos(System.nanoTime() - t0)).isLessThan(Duration.ofMillis(REQUESTS * 20));
        }
    }
}
