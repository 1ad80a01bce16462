package live.recbot.cli;

import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.time.Clock;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import live.recbot.api.ApiServer;
import live.recbot.config.ConfigException;
import live.recbot.config.ConfigLoader;
import live.recbot.config.ConfigOverrides;
import live.recbot.config.RecbotConfig;
import live.recbot.core.Redactor;
import live.recbot.session.SessionException;
import live.recbot.session.Worker;
import live.recbot.status.RoomStatus;
import live.recbot.status.WebhookNotifier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "serve", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Run a long-lived worker controlled over HTTP: POST /v1/start, POST /v1/stop, GET /v1/status, "
                + "GET /v1/events (SSE), GET /healthz, GET /readyz.",
                "Bound to a non-loopback address, /v1 routes need 'Authorization: Bearer $RECBOT_API_TOKEN'.",
                "Stops everything and exits 0 on SIGTERM/SIGINT."})
final class ServeCommand implements Callable<Integer> {
    private static final Logger log = LoggerFactory.getLogger(ServeCommand.class);

    @Option(names = "--port", defaultValue = "8080", description = "Port (default ${DEFAULT-VALUE}; 0 picks one).")
    int port;

    @Option(names = "--bind", defaultValue = "127.0.0.1", description = "Address to listen on (default ${DEFAULT-VALUE}).")
    String bind;

    @Option(names = "--server-recording", description = "Keep an archival recording of --meeting-url for the worker's whole life.")
    boolean serverRecording;

    @Option(names = "--meeting-url", paramLabel = "URL", description = "The meeting page of the archival recording.")
    String meetingUrl;

    @Option(names = "--resolution", paramLabel = "WxH", description = "Picture size of the archival recording (default 1280x720).")
    String resolution;

    @Mixin
    SessionOptions session;

    @Mixin
    WorkerOptions worker;

    @Override
    public Integer call() {
        Map<String, String> env = System.getenv();
        InetAddress address;
        Optional<URI> webhook;
        ConfigOverrides base = session.overrides(null, null, null, null, null);
        RecbotConfig archival = null;
        try {
            if (port < 0 || port > 65535) {
                throw new ConfigException("--port", "must be between 0 and 65535");
            }
            try {
                address = InetAddress.getByName(bind);
            } catch (UnknownHostException e) {
                throw new ConfigException("--bind", "is not an address of this host: " + bind);
            }
            String token = env.get("RECBOT_API_TOKEN");
            if (!address.isLoopbackAddress() && (token == null || token.isBlank())) {
                throw new ConfigException("--bind", "a non-loopback address needs RECBOT_API_TOKEN to be set");
            }
            webhook = worker.validate(env);
            if (serverRecording) {
                if (meetingUrl == null) {
                    throw new ConfigException("--meeting-url", "is required with --server-recording");
                }
                archival = ConfigLoader.build(session.overrides(meetingUrl, null, true, resolution, true)).archival();
            } else if (meetingUrl != null || resolution != null) {
                throw new ConfigException(meetingUrl != null ? "--meeting-url" : "--resolution",
                        "is only for --server-recording; the meeting of a session comes with POST /v1/start");
            }
            // Validates the worker's own defaults once, before serving.
            ConfigLoader.build(session.overrides("http://127.0.0.1/", null, true, null, null));
        } catch (ConfigException e) {
            System.err.println("recbot: invalid config: " + e.getMessage());
            return Main.EXIT_INVALID_CONFIG;
        }
        worker.applyLogFormat();
        RoomStatus room = new RoomStatus(Clock.systemUTC(),
                archival == null ? null : Redactor.meetingUrl(archival.recording().meetingUrl()),
                archival == null ? 0 : archival.resolution().width(), archival == null ? 0 : archival.resolution().height());
        Optional<WebhookNotifier> notifier = worker.attach(room, webhook, env);
        Worker w = new Worker(room, Clock.systemUTC());
        CountDownLatch stop = new CountDownLatch(1);
        Signals.onTerminate(stop::countDown);
        ApiServer api = null;
        try {
            api = ApiServer.start(address, port, w, base, Optional.ofNullable(env.get("RECBOT_API_TOKEN")), false);
            // Orchestrators and tests read the actual port (with --port 0) from this line on stdout.
            System.out.println("recbot serving on http://" + address.getHostAddress() + ":" + api.port());
            System.out.flush();
            if (archival != null) {
                w.startArchival(archival);
            }
            stop.await();
            log.info("stopping the worker");
            return Main.EXIT_OK;
        } catch (java.io.IOException e) {
            System.err.println("recbot: --port: cannot listen on " + bind + ":" + port + ": " + e.getMessage());
            return Main.EXIT_FAILED;
        } catch (SessionException e) {
            System.err.println("recbot: " + e.error().code() + ": " + e.getMessage());
            return Main.EXIT_FAILED;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Main.EXIT_FAILED;
        } finally {
            if (api != null) {
                api.close();
            }
            w.close();
            room.close();
            notifier.ifPresent(n -> n.close(WorkerOptions.WEBHOOK_DRAIN));
        }
    }
}
