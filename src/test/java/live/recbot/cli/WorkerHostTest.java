package live.recbot.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import live.recbot.config.HMSRecordingConfig;
import live.recbot.config.RecbotConfig;
import live.recbot.config.WorkerSettings;
import live.recbot.core.ErrorCode;
import live.recbot.metrics.Metrics;
import live.recbot.session.Worker;
import live.recbot.status.RoomStatus;
import org.junit.jupiter.api.Test;

class WorkerHostTest {
    private final RoomStatus room = new RoomStatus(Clock.systemUTC(), null, 0, 0);
    private final Metrics metrics = Metrics.start();
    private final Worker worker = new Worker(room, Clock.systemUTC(), metrics);
    private final HttpClient http = HttpClient.newHttpClient();

    private int status(int port, String path) throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).build(),
                HttpResponse.BodyHandlers.discarding()).statusCode();
    }

    @Test
    void closeStopsTheApiAndTheWorker() throws Exception {
        WorkerHost host = new WorkerHost(room, Optional.empty(), worker, metrics);
        int port = host.serveApi(InetAddress.getLoopbackAddress(), 0, WorkerSettings.defaults(), Optional.empty(), false);
        assertThat(status(port, "/readyz")).isEqualTo(200);

        host.close();

        assertThatThrownBy(() -> status(port, "/healthz")).isInstanceOf(ConnectException.class);
        assertThat(worker.ready()).isFalse();
        RecbotConfig config = new RecbotConfig(WorkerSettings.defaults(),
                new HMSRecordingConfig(URI.create("http://127.0.0.1/"), List.of(), true, null));
        Worker.Outcome refused = worker.start(config);
        assertThat(refused).isInstanceOfSatisfying(Worker.Outcome.Failure.class,
                f -> assertThat(f.code()).isEqualTo(ErrorCode.SHUTTING_DOWN));
    }

    @Test
    void aReadOnlyApiRefusesToStartASession() throws Exception {
        try (WorkerHost host = new WorkerHost(room, Optional.empty(), worker, metrics)) {
            int port = host.serveApi(InetAddress.getLoopbackAddress(), 0, WorkerSettings.defaults(), Optional.empty(), true);
            HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/v1/start"))
                    .POST(HttpRequest.BodyPublishers.ofString("{}")).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(r.statusCode()).isEqualTo(405);
            assertThat(r.body()).contains("read-only");
        }
    }

    @Test
    void terminateEndsTheWaitOfServe() {
        try (WorkerHost host = new WorkerHost(room, Optional.empty(), worker, metrics)) {
            host.terminate();
            host.awaitTermination();
            assertThat(worker.ready()).as("only close stops the worker").isTrue();
        }
    }
}
