package live.recbot.cli;

import java.io.IOException;
import java.net.InetAddress;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import live.recbot.api.ApiServer;
import live.recbot.api.WorkerName;
import live.recbot.config.HMSRecordingConfig;
import live.recbot.config.RecbotConfig;
import live.recbot.config.WorkerSettings;
import live.recbot.core.ErrorCode;
import live.recbot.core.Redactor;
import live.recbot.metrics.Metrics;
import live.recbot.metrics.WorkerMeters;
import live.recbot.session.SessionException;
import live.recbot.session.SessionResult;
import live.recbot.session.Worker;
import live.recbot.status.JsonStatusLog;
import live.recbot.status.RoomStatus;
import live.recbot.status.StatusFileWriter;
import live.recbot.status.WebhookNotifier;
import live.recbot.upload.UploadOutcome;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One worker process, whichever command runs it: the room status and where it is reported, the
 * {@link Worker}, its metrics, signal handling, the optional API and progress line, torn down in
 * one order on close: the progress line is erased, the API stops accepting, the worker finalises
 * its files, the room status closes, the webhook drains.
 */
final class WorkerHost implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(WorkerHost.class);
    static final Duration WEBHOOK_DRAIN = Duration.ofSeconds(10);

    private final RoomStatus room;
    private final Optional<WebhookNotifier> notifier;
    private final Worker worker;
    private final Metrics metrics;
    private final CompletableFuture<Void> terminated = new CompletableFuture<>();
    private Optional<ApiServer> api = Optional.empty();
    private Optional<ProgressLine> progress = Optional.empty();

    /** {@code metrics} is the registry {@code worker} registers its sessions' meters in. */
    WorkerHost(RoomStatus room, Optional<WebhookNotifier> notifier, Worker worker, Metrics metrics) {
        this.room = room;
        this.notifier = notifier;
        this.worker = worker;
        this.metrics = metrics;
        WorkerMeters.bind(metrics.worker(), room, worker::busy, worker::warm);
    }

    /**
     * Builds a host whose status shows {@code shown}'s meeting and picture size until a session
     * reports its own, and which SIGTERM and SIGINT ask to stop.
     */
    static WorkerHost open(HostOptions options, Optional<HMSRecordingConfig> shown) {
        return open(options, shown, Optional.empty());
    }

    /** As above, with a worker that keeps a warm stack for {@code warmFor}'s sessions while idle. */
    static WorkerHost open(HostOptions options, Optional<HMSRecordingConfig> shown, Optional<WorkerSettings> warmFor) {
        Clock clock = Clock.systemUTC();
        RoomStatus room = new RoomStatus(clock, shown.map(r -> Redactor.meetingUrl(r.meetingUrl())).orElse(null),
                shown.map(r -> r.resolution().width()).orElse(0), shown.map(r -> r.resolution().height()).orElse(0));
        options.statusFile().ifPresent(file -> {
            StatusFileWriter writer = new StatusFileWriter(file.toAbsolutePath());
            room.addChangeListener(c -> writer.onStatus(c.status()));
        });
        room.addChangeListener(new JsonStatusLog());
        Optional<WebhookNotifier> notifier = options.webhook().map(url -> {
            WebhookNotifier n = new WebhookNotifier(url, options.webhookSecret().orElseThrow());
            room.addChangeListener(n);
            return n;
        });
        Metrics metrics = Metrics.start();
        WorkerHost host = new WorkerHost(room, notifier, new Worker(room, clock, metrics, warmFor), metrics);
        Signals.onTerminate(host::terminate);
        Signals.onPauseAndResume(() -> host.signalled("SIGUSR1", host.worker.pause(false)),
                () -> host.signalled("SIGUSR2", host.worker.resume()));
        return host;
    }

    Worker worker() {
        return worker;
    }

    /** Shows a progress line until close, if stderr is a terminal for one and it is wanted ({@link ProgressLine}). */
    void showProgress(boolean optedOut, boolean jsonLogs, Map<String, String> env) {
        progress = Optional.ofNullable(ProgressLine.startIfWanted(new ProgressSource(metrics, room), optedOut, jsonLogs,
                env));
    }

    /** Serves the API over this host's worker until close; {@code readOnly} serves status and probes only. */
    int serveApi(InetAddress bind, int port, WorkerSettings settings, Optional<String> token, boolean readOnly)
            throws IOException {
        return serveApi(bind, port, settings, token, readOnly, WorkerName.ofThisHost());
    }

    /** As above, the answers naming the worker {@code name}. */
    int serveApi(InetAddress bind, int port, WorkerSettings settings, Optional<String> token, boolean readOnly,
                 String name) throws IOException {
        ApiServer server = ApiServer.start(bind, port, worker, metrics, settings, token, readOnly, name);
        api = Optional.of(server);
        return server.port();
    }

    /** Starts the archival recording, if there is one; only close ends it. */
    void startArchival(Optional<RecbotConfig> archival) throws SessionException {
        if (archival.isPresent()) {
            worker.startArchival(archival.get());
        }
    }

    /** Says in the log what a pause or resume signal did. */
    private void signalled(String signal, Worker.Outcome outcome) {
        if (outcome instanceof Worker.Outcome.Failure f) {
            log.warn("{}: {}: {}", signal, f.code(), f.message());
        } else if (outcome instanceof Worker.Outcome.Success s) {
            log.info("{}: the recording is {}", signal, s.status().browserRecordingState().state().wire());
        }
    }

    /** What a signal does: ends the wait of {@link #runToEnd} or {@link #awaitTermination}, without blocking. */
    void terminate() {
        terminated.complete(null);
        worker.requestStop();
    }

    void awaitTermination() {
        terminated.join();
        log.info("stopping the worker");
    }

    /**
     * Runs one session until it ends by itself or a signal stops it, reporting a failure on stderr.
     *
     * @return the process exit code
     */
    int runToEnd(RecbotConfig config) {
        Worker.Outcome started = worker.start(config);
        if (started instanceof Worker.Outcome.Failure && terminated.isDone()) {
            log.info("stopped by a signal before media started flowing");
            return Main.EXIT_OK;
        }
        if (started instanceof Worker.Outcome.Failure f) {
            System.err.println("recbot: session failed: " + f.code() + ": " + f.message());
            return Main.EXIT_FAILED;
        }
        CompletableFuture<SessionResult> end = worker.controlledEnd().orElseThrow();
        CompletableFuture.anyOf(end, terminated).join();
        if (!end.isDone()) {
            worker.stop();
        }
        SessionResult result;
        try {
            result = end.join();
        } catch (CompletionException e) {
            // A bug, not a session outcome: Worker logged it; the user gets one line, not a trace.
            System.err.println("recbot: session failed: " + ErrorCode.INTERNAL + ": the session ended with an internal error");
            return Main.EXIT_FAILED;
        }
        if (!result.succeeded()) {
            var error = result.error().orElseThrow();
            System.err.println("recbot: session failed: " + error.code() + ": " + error.message());
            return Main.EXIT_FAILED;
        }
        result.recording().ifPresent(f -> log.info("recording finalised: {}", f));
        if (result.upload().orElse(null) instanceof UploadOutcome.Failed f) {
            System.err.println("recbot: upload failed: " + f.error().code() + ": " + f.error().message()
                    + result.recording().map(p -> "; the recording stays in " + p).orElse(""));
            return Main.EXIT_FAILED;
        }
        result.upload().ifPresent(u -> log.info("recording uploaded to {}", u.url()));
        log.info("session ended: {}", result.reason().label());
        return Main.EXIT_OK;
    }

    @Override
    public void close() {
        // The line goes first: what closing logs is read as plain lines.
        progress.ifPresent(ProgressLine::close);
        api.ifPresent(ApiServer::close);
        worker.close();
        room.close();
        // The final state reaches the webhook before the process exits, within a bound.
        notifier.ifPresent(n -> n.close(WEBHOOK_DRAIN));
        metrics.close();
    }
}
