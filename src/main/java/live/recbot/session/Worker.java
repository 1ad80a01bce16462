package live.recbot.session;

import live.recbot.core.ErrorCode;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import live.recbot.capture.PreviewTap;
import live.recbot.config.ConfigException;
import live.recbot.config.HMSResolution;
import live.recbot.config.OutputChange;
import live.recbot.config.RecbotConfig;
import live.recbot.config.WorkerSettings;
import live.recbot.metrics.Metrics;
import live.recbot.status.RoomStatus;
import live.recbot.status.StatusDocument;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One room's worker, with the 100ms SDK's semantics: start begins streaming, recording or both;
 * while either runs, another start is refused; stop ends both and answers once the file is
 * finalised. An archival recording, enabled at launch, runs beside them, is not affected by stop,
 * and ends with the worker. Start and stop are serialised; every answer is success or an error
 * with a code. Each session's meters carry {@code session="controlled"} or {@code session="archival"}.
 */
public final class Worker implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(Worker.class);
    private static final Duration START_GRACE = Duration.ofSeconds(45);
    private static final Duration STOP_TIMEOUT = Duration.ofSeconds(60);
    private static final Duration STATUS_DELIVERY = Duration.ofSeconds(2);

    /** The SDK's HMSActionResultListener: success with the status, or an error. */
    public sealed interface Outcome {
        record Success(StatusDocument status) implements Outcome {
        }

        /** {@code kind} says whose fault it is, so an API can pick its status code. */
        record Failure(Kind kind, ErrorCode code, String message, StatusDocument status) implements Outcome {
        }

        enum Kind { CONFLICT, SESSION_FAILED, HOST }
    }

    private final RoomStatus room;
    private final Clock clock;
    private final Metrics metrics;
    private final Standby standby;
    private volatile RunningSession controlled;
    private volatile RunningSession archival;
    private int sessions;
    private volatile boolean closed;

    /** A worker whose every start is cold, as {@code run}'s. */
    public Worker(RoomStatus room, Clock clock, Metrics metrics) {
        this(room, clock, metrics, Optional.empty());
    }

    /**
     * A worker that, given {@code warmFor}, keeps a warm stack of the default picture size ready
     * while idle, made in the background from now on ({@link Standby}).
     */
    public Worker(RoomStatus room, Clock clock, Metrics metrics, Optional<WorkerSettings> warmFor) {
        this.room = room;
        this.clock = clock;
        this.metrics = metrics;
        this.standby = warmFor.map(Standby::on).orElseGet(Standby::off);
        // What killed workers left behind goes before this one makes anything of its own.
        AbandonedWorkDirs.remove(SessionWorkDir.root());
        standby.prepare(HMSResolution.DEFAULT);
    }

    /** True while a warm stack is ready for the next start. */
    public boolean warm() {
        return standby.ready();
    }

    public RoomStatus room() {
        return room;
    }

    /** True when a start would be accepted. */
    public boolean ready() {
        return !closed && !busy();
    }

    /** True while a session that start/stop control is starting or running. */
    public boolean busy() {
        RunningSession c = controlled;
        return c != null && !c.isEnded();
    }

    /**
     * Where to ask for the recorded picture: the session start/stop control while its media flows,
     * else the archival one while its media flows; empty while nothing records.
     */
    public Optional<PreviewTap> preview() {
        for (RunningSession r : new RunningSession[] {controlled, archival}) {
            if (r != null && r.recording()) {
                return Optional.of(r.session().preview());
            }
        }
        return Optional.empty();
    }

    public synchronized Outcome start(RecbotConfig config) {
        if (closed) {
            return new Outcome.Failure(Outcome.Kind.CONFLICT, ErrorCode.SHUTTING_DOWN, "the worker is shutting down", room.current());
        }
        if (controlled != null && !controlled.isEnded()) {
            return new Outcome.Failure(Outcome.Kind.CONFLICT, ErrorCode.ALREADY_RUNNING,
                    "streaming or recording is already running; stop it before starting again", room.current());
        }
        RunningSession r;
        try {
            r = launch(config, "recbot", false);
        } catch (SessionException e) {
            return new Outcome.Failure(Outcome.Kind.HOST, e.error().code(), e.error().message(), room.current());
        }
        controlled = r;
        return awaitStart(r, config);
    }

    /** Waits until media flows or the session ends, whichever comes first. */
    private Outcome awaitStart(RunningSession r, RecbotConfig config) {
        CompletableFuture<Void> started = r.session().started();
        try {
            CompletableFuture.anyOf(started, r.ended()).get(config.pageLoadTimeout().plus(START_GRACE).toMillis(),
                    TimeUnit.MILLISECONDS);
            if (started.isDone()) {
                return new Outcome.Success(room.current());
            }
            SessionResult result = r.ended().join();
            return result.error().<Outcome>map(e -> new Outcome.Failure(Outcome.Kind.SESSION_FAILED, e.code(), e.message(),
                    room.current())).orElseGet(() -> new Outcome.Failure(Outcome.Kind.SESSION_FAILED, ErrorCode.ENDED,
                    "the session ended while starting: " + result.reason().label(), room.current()));
        } catch (TimeoutException e) {
            r.session().requestStop(EndReason.STOPPED);
            r.awaitEnd();
            return new Outcome.Failure(Outcome.Kind.SESSION_FAILED, ErrorCode.START_TIMEOUT, "media did not start flowing in time",
                    room.current());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            r.session().requestStop(EndReason.STOPPED);
            return new Outcome.Failure(Outcome.Kind.HOST, ErrorCode.INTERRUPTED, "interrupted while starting", room.current());
        } catch (ExecutionException e) {
            return new Outcome.Failure(Outcome.Kind.HOST, ErrorCode.INTERNAL, String.valueOf(e.getCause()), room.current());
        }
    }

    /** Stops streaming and recording; answers once the file is finalised. */
    public synchronized Outcome stop() {
        if (controlled == null || controlled.isEnded()) {
            return new Outcome.Failure(Outcome.Kind.CONFLICT, ErrorCode.NOT_RUNNING,
                    "neither streaming nor recording is running", room.current());
        }
        controlled.session().requestStop(EndReason.STOPPED);
        Optional<SessionResult> result = controlled.awaitEnd();
        if (result.isEmpty() && controlled.isEnded()) {
            return new Outcome.Failure(Outcome.Kind.HOST, ErrorCode.INTERNAL, "the session ended with an internal error",
                    room.current());
        }
        if (result.isEmpty()) {
            return new Outcome.Failure(Outcome.Kind.HOST, ErrorCode.STOP_TIMEOUT, "the session did not stop within "
                    + controlled.stopTimeout().toSeconds() + " s", room.current());
        }
        return new Outcome.Success(room.current());
    }

    /**
     * Adds and removes RTMP outputs of the session that start/stop control, while its media flows;
     * a conflict when none runs or its outputs refuse the change ({@code code} invalid-config).
     */
    public Outcome changeOutputs(OutputChange change) {
        RunningSession c = controlled;
        try {
            Optional<StatusDocument> changed = c == null || !c.recording() ? Optional.empty()
                    : c.session().changeOutputs(change);
            return changed.<Outcome>map(Outcome.Success::new).orElseGet(() -> new Outcome.Failure(Outcome.Kind.CONFLICT,
                    ErrorCode.NOT_RUNNING, "outputs: neither streaming nor recording is running", room.current()));
        } catch (ConfigException e) {
            return new Outcome.Failure(Outcome.Kind.CONFLICT, ErrorCode.INVALID_CONFIG, e.getMessage(), room.current());
        }
    }

    /**
     * Pauses the recording of the session that start/stop control; its streams go on, showing a
     * still picture and silence if {@code streams}, and so does the archival recording. Not
     * serialised with start and stop: a pause while starting is refused rather than made to wait.
     */
    public Outcome pause(boolean streams) {
        return pauseOrResume(true, streams);
    }

    /** Resumes the paused recording of the session that start/stop control. */
    public Outcome resume() {
        return pauseOrResume(false, false);
    }

    private Outcome pauseOrResume(boolean pause, boolean streams) {
        RunningSession c = controlled;
        if (c == null || c.isEnded() || c.session().recordingFile().isEmpty()) {
            return new Outcome.Failure(Outcome.Kind.CONFLICT, ErrorCode.NOT_RUNNING, "nothing is recording"
                    + (c != null && !c.isEnded() ? ": this session only streams" : ""), room.current());
        }
        Optional<PauseSwitch.Refusal> refused = pause ? c.session().pause(streams) : c.session().resume();
        if (refused.isPresent()) {
            return new Outcome.Failure(Outcome.Kind.CONFLICT, refused.get().code(), refused.get().message(),
                    room.current());
        }
        try {
            // The answer shows the room with the change in it.
            c.session().status().delivered().get(STATUS_DELIVERY.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException | ExecutionException e) {
            log.warn("the room status did not follow the {} within {} s", pause ? "pause" : "resume",
                    STATUS_DELIVERY.toSeconds());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return new Outcome.Success(room.current());
    }

    /**
     * Asks the session that start/stop control to stop, without waiting, even while it is still
     * starting: for a signal handler, which must not block.
     */
    public void requestStop() {
        RunningSession c = controlled;
        if (c != null) {
            c.session().requestStop(EndReason.STOPPED);
        }
    }

    /** Starts the archival recording, which only {@link #close()} ends. */
    public synchronized void startArchival(RecbotConfig config) throws SessionException {
        if (archival != null) {
            throw new IllegalStateException("the archival recording is already running");
        }
        archival = launch(config, "recbot-archive", true);
    }

    /** The end of the session that start/stop control, once it ends by itself or is stopped. */
    public synchronized Optional<CompletableFuture<SessionResult>> controlledEnd() {
        return Optional.ofNullable(controlled).map(RunningSession::ended);
    }

    /** Starts a session on a thread of its own; one that start/stop control takes the warm stack. */
    private RunningSession launch(RecbotConfig config, String prefix, boolean isArchival) throws SessionException {
        RecordingSession session = RecordingSession.prepare(config, clock, prefix,
                metrics.session(isArchival ? "archival" : "controlled"));
        Optional<WarmStack> warm = isArchival ? Optional.empty() : standby.take(config);
        // Added before the session runs, so the room is up to date once the session says media flows.
        session.status().addListener(isArchival ? room::archival : room::controlled);
        Thread t = new Thread(() -> {
            try {
                session.run(warm);
            } catch (RuntimeException e) {
                // A bug, not a session outcome: one line for the log, an "internal" answer for the caller.
                log.error("session ended with an internal error: {}", e.toString());
            }
        }, (isArchival ? "recbot-archive-" : "recbot-session-") + (++sessions));
        if (!isArchival) {
            // The next warm stack is made once this session has released everything it held.
            session.ended().whenComplete((result, e) -> standby.prepare(config.resolution()));
        }
        t.start();
        // The recording's upload, then the HLS rendition's last pass, each within the upload's limit.
        Duration stopTimeout = STOP_TIMEOUT.plus(config.upload().map(u -> u.timeout()).orElse(Duration.ZERO)
                .multipliedBy(config.recording().hls().isPresent() ? 2 : 1));
        return new RunningSession(session, t, stopTimeout);
    }

    /** Stops everything, the archival recording included, and waits for the files to be finalised. */
    @Override
    public synchronized void close() {
        closed = true;
        for (RunningSession r : new RunningSession[] {controlled, archival}) {
            if (r != null && !r.isEnded()) {
                r.session().requestStop(EndReason.STOPPED);
            }
        }
        standby.close();
        for (RunningSession r : new RunningSession[] {controlled, archival}) {
            if (r != null) {
                r.awaitEnd();
            }
        }
    }
}
