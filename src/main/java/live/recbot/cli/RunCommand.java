package live.recbot.cli;

import java.net.InetAddress;
import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import live.recbot.api.ApiServer;
import live.recbot.config.ConfigException;
import live.recbot.config.ConfigLoader;
import live.recbot.config.ConfigOverrides;
import live.recbot.config.RecbotConfig;
import live.recbot.core.Redactor;
import live.recbot.session.SessionException;
import live.recbot.session.SessionResult;
import live.recbot.session.Worker;
import live.recbot.status.RoomStatus;
import live.recbot.status.StatusDocument;
import live.recbot.status.WebhookNotifier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "run", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Open the meeting page, record and/or stream it until the meeting ends, the max duration "
                + "passes or SIGINT/SIGTERM arrives; then finalise the file and exit.",
                "Config sources, each overriding the one before: --config FILE, RECBOT_* environment variables, flags.",
                "Exit codes: 0 normal end, 1 failure, 2 invalid configuration."})
final class RunCommand implements Callable<Integer> {
    private static final Logger log = LoggerFactory.getLogger(RunCommand.class);

    @Option(names = "--meeting-url", paramLabel = "URL", description = "The http(s) meeting page to open.")
    String meetingUrl;

    @Option(names = "--rtmp-url", paramLabel = "URL", description = "An rtmp:// or rtmps:// ingest URL; up to 3.")
    List<String> rtmpUrls;

    @Option(names = "--record", negatable = true, description = "Record to a file in --output-dir.")
    Boolean record;

    @Option(names = "--resolution", paramLabel = "WxH", description = "Picture size, default 1280x720; even sides 64-1920.")
    String resolution;

    @Option(names = "--server-recording", negatable = true,
            description = "Also keep an archival recording of the whole session in its own file.")
    Boolean serverRecording;

    @Option(names = "--config", paramLabel = "FILE", description = "JSON config file (see bot-config/).")
    Path configFile;

    @Option(names = "--status-port", paramLabel = "PORT",
            description = "Serve GET /v1/status, /v1/events, /healthz and /readyz on 127.0.0.1:PORT.")
    Integer statusPort;

    @Mixin
    SessionOptions session;

    @Mixin
    WorkerOptions worker;

    @Override
    public Integer call() {
        Map<String, String> env = System.getenv();
        RecbotConfig config;
        Optional<URI> webhook;
        try {
            config = ConfigLoader.load(Optional.ofNullable(configFile), env,
                    session.overrides(meetingUrl, rtmpUrls, record, resolution, serverRecording));
            webhook = worker.validate(env);
            if (statusPort != null && (statusPort < 0 || statusPort > 65535)) {
                throw new ConfigException("--status-port", "must be between 0 and 65535");
            }
        } catch (ConfigException e) {
            System.err.println("recbot: invalid config: " + e.getMessage());
            return Main.EXIT_INVALID_CONFIG;
        }
        worker.applyLogFormat();
        log.debug("configuration read");
        if (worker.statusFile == null) {
            worker.statusFile = config.statusFile().orElse(null);
        }
        StatusDocument failedAtStart = null;
        RoomStatus room = new RoomStatus(Clock.systemUTC(), Redactor.meetingUrl(config.recording().meetingUrl()),
                config.resolution().width(), config.resolution().height());
        Optional<WebhookNotifier> notifier = worker.attach(room, webhook, env);
        Worker w = new Worker(room, Clock.systemUTC());
        CountDownLatch signalled = new CountDownLatch(1);
        Signals.onTerminate(() -> {
            signalled.countDown();
            w.requestStop();
        });
        ApiServer api = null;
        try {
            if (statusPort != null) {
                api = ApiServer.start(InetAddress.getLoopbackAddress(), statusPort, w, ConfigOverrides.NONE,
                        Optional.empty(), true);
            }
            if (config.serverRecording()) {
                w.startArchival(config.archival());
            }
            Worker.Outcome started = w.start(config);
            if (started instanceof Worker.Outcome.Failure && signalled.getCount() == 0) {
                log.info("stopped by a signal before media started flowing");
                return Main.EXIT_OK;
            }
            if (started instanceof Worker.Outcome.Failure f) {
                System.err.println("recbot: session failed: " + f.code() + ": " + f.message());
                return Main.EXIT_FAILED;
            }
            CompletableFuture<SessionResult> end = w.controlledEnd().orElseThrow();
            CompletableFuture.anyOf(end, CompletableFuture.runAsync(() -> awaitQuietly(signalled))).join();
            if (!end.isDone()) {
                w.stop();
            }
            SessionResult result = end.join();
            if (!result.succeeded()) {
                var error = result.error().orElseThrow();
                System.err.println("recbot: session failed: " + error.code() + ": " + error.message());
                return Main.EXIT_FAILED;
            }
            result.recording().ifPresent(f -> log.info("recording finalised: {}", f));
            log.info("session ended: {}", result.reason().label());
            return Main.EXIT_OK;
        } catch (SessionException e) {
            System.err.println("recbot: " + e.error().code() + ": " + e.getMessage());
            return Main.EXIT_FAILED;
        } catch (java.io.IOException e) {
            System.err.println("recbot: --status-port: cannot listen on port " + statusPort + ": " + e.getMessage());
            return Main.EXIT_FAILED;
        } finally {
            w.close();
            if (api != null) {
                api.close();
            }
            // The final state reaches the webhook before the process exits, within a bound.
            room.close();
            notifier.ifPresent(n -> n.close(WorkerOptions.WEBHOOK_DRAIN));
        }
    }

    private static void awaitQuietly(CountDownLatch latch) {
        try {
            latch.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
