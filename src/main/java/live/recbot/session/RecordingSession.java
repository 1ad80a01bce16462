package live.recbot.session;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import live.recbot.config.ConfigException;
import live.recbot.config.HMSRecordingConfig;
import live.recbot.config.OutputChange;
import live.recbot.capture.PreviewTap;
import live.recbot.config.RecbotConfig;
import live.recbot.core.ComponentState;
import live.recbot.core.ErrorCode;
import live.recbot.core.RecbotError;
import live.recbot.core.Redactor;
import live.recbot.metrics.Meters;
import live.recbot.output.OutputTarget;
import live.recbot.status.StatusDocument;
import live.recbot.output.PauseControl;
import live.recbot.status.StatusReporter;
import live.recbot.upload.HlsUpload;
import live.recbot.upload.UploadOutcome;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One recording and streaming session, from opening the meeting page to the finalised file, with
 * status observing each part. {@link #run()} blocks until the session ends; {@link #started()}
 * completes once media flows, {@link #ended()} with the result; {@link #requestStop} may be
 * called from any thread.
 */
public final class RecordingSession {
    private static final Logger log = LoggerFactory.getLogger(RecordingSession.class);
    private static final DateTimeFormatter LOGS_TIME = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss")
            .withZone(ZoneOffset.UTC);

    private final RecbotConfig config;
    private final Redactor redactor;
    private final Clock clock;
    private final StatusReporter status;
    private final Meters meters;
    private final Optional<Path> recordingFile;
    private final Optional<Path> hlsPlaylist;
    private final SessionLeftovers leftovers;
    private final StopSignal stop = new StopSignal();
    private final MediaFlow mediaFlow;
    private final PreviewTap preview;
    private final CompletableFuture<SessionResult> ended = new CompletableFuture<>();
    private final PauseControl pause = new PauseControl();
    private final PauseSwitch pauseSwitch;
    private volatile Instant mediaStarted;
    /** Set while media flows: the outputs a change may reach. */
    private volatile LiveOutputs live;

    private RecordingSession(RecbotConfig config, Redactor redactor, Clock clock, Optional<Path> recordingFile,
                             Optional<Path> hlsPlaylist, String logsName, Meters meters) {
        this.config = config;
        this.meters = meters;
        this.redactor = redactor;
        this.clock = clock;
        this.recordingFile = recordingFile;
        this.hlsPlaylist = hlsPlaylist;
        HMSRecordingConfig r = config.recording();
        List<String> rtmp = r.rtmpUrls().stream().map(Redactor::rtmpUrl).toList();
        this.status = new StatusReporter(new StatusReporter.Layout(Redactor.meetingUrl(r.meetingUrl()),
                r.resolution().width(), r.resolution().height(), recordingFile.map(Path::toString), rtmp,
                hlsPlaylist.map(Path::toString)), redactor, clock);
        this.leftovers = new SessionLeftovers(config, redactor, clock, status, recordingFile, hlsPlaylist, logsName);
        this.pauseSwitch = new PauseSwitch(pause, status, r.audioOnly());
        this.mediaFlow = new MediaFlow(status, SessionPlan.targets(config, recordingFile, hlsPlaylist).stream()
                .map(OutputTarget::component).toList());
        this.preview = r.audioOnly() ? PreviewTap.withoutPicture()
                : new PreviewTap(r.resolution().width(), r.resolution().height());
    }

    /**
     * Prepares a session: reserves the recording file's name, {@code <prefix>-<UTC time>.mp4} (or
     * {@code .m4a}, the sound alone), in
     * the output directory. Nothing runs yet; a directory that cannot be written, or a host without
     * the room the session needs ({@link HostSpace}), is refused here, before anything starts. The session registers its meters in {@code meters} and closes them
     * when it ends.
     */
    public static RecordingSession prepare(RecbotConfig config, Clock clock, String filePrefix, Meters meters)
            throws SessionException {
        HostSpace.check(config);
        Optional<Path> file = Optional.empty();
        if (config.recording().record()) {
            file = Optional.of(RecordingFiles.reserve(config.outputDir(), filePrefix,
                    RecordingFiles.extension(config.recording()), clock.instant()));
        }
        // A failed session's logs are named as its recording is, or would have been.
        String logsName = file.map(f -> RecordingFiles.baseName(f.getFileName().toString()))
                .orElseGet(() -> filePrefix + "-" + LOGS_TIME.format(clock.instant()));
        // The HLS folder is named after the recording it goes beside.
        Optional<Path> hls = Optional.empty();
        if (config.recording().hls().isPresent()) {
            hls = Optional.of(RecordingFiles.reserveHls(config.outputDir(), logsName));
        }
        return new RecordingSession(config, Redactor.of(config.recording().meetingUrl(), config.recording().rtmpUrls()),
                clock, file, hls, logsName, meters);
    }

    public StatusReporter status() {
        return status;
    }

    /** Where the API's preview asks for a copy of the recorded picture. */
    public PreviewTap preview() {
        return preview;
    }

    public Optional<Path> recordingFile() {
        return recordingFile;
    }

    /** The HLS rendition's playlist, {@code index.m3u8} in a folder of its own. */
    public Optional<Path> hlsPlaylist() {
        return hlsPlaylist;
    }

    /**
     * Completes once media flows: both captures run and every requested output has started or
     * failed. Every status listener added before {@link #run()} has seen those states by then.
     */
    public CompletableFuture<Void> started() {
        return mediaFlow.flowing();
    }

    /** Completes with the result once {@link #run()} has returned, or exceptionally if it threw. */
    public CompletableFuture<SessionResult> ended() {
        return ended;
    }

    /**
     * Adds and removes RTMP outputs while media flows, and answers with the status once added
     * outputs have connected or failed; empty when the session is not running (starting or
     * ending). A change the session's outputs refuse throws {@link ConfigException}.
     */
    public Optional<StatusDocument> changeOutputs(OutputChange change) {
        LiveOutputs outputs = live;
        if (outputs == null || !outputs.change(change)) {
            return Optional.empty();
        }
        return Optional.of(status.current());
    }

    /**
     * Pauses the recording file while media flows; the streams go on, showing a still picture and
     * silence until the resume if {@code streams}. Empty once paused, else why not. Safe from any thread.
     */
    Optional<PauseSwitch.Refusal> pause(boolean streams) {
        return pauseSwitch.pause(streams, live != null);
    }

    /** Resumes a paused recording at the next picture, a keyframe. Empty once resumed, else why not. */
    Optional<PauseSwitch.Refusal> resume() {
        return pauseSwitch.resume();
    }

    /** Ends the session gracefully; the first reason given wins. Safe from any thread. */
    public void requestStop(EndReason reason) {
        stop.request(reason);
    }

    /**
     * Runs the whole session on the calling thread and returns once everything it started has ended;
     * its meters are removed before {@link #ended()} completes, so the next session never meets them.
     */
    public SessionResult run() {
        return run(Optional.empty());
    }

    /**
     * As {@link #run()}, on {@code warm}'s directory and processes when given: the session owns
     * them from then on, and releases them at its end as it would its own.
     */
    SessionResult run(Optional<WarmStack> warm) {
        try {
            mediaFlow.follow();
            SessionResult result;
            try {
                result = runInWorkDir(warm);
            } finally {
                meters.close();
                preview.release();
            }
            ended.complete(result);
            return result;
        } catch (RuntimeException | Error e) {
            ended.completeExceptionally(e);
            throw e;
        }
    }

    /**
     * Runs the session in a working directory of its own, which is removed at the end whatever
     * happened; a failed session's helper logs are first kept under the output directory.
     */
    private SessionResult runInWorkDir(Optional<WarmStack> warm) {
        SessionWorkDir work;
        try {
            work = warm.isPresent() ? warm.get().work() : SessionWorkDir.create();
        } catch (IOException e) {
            return report(new Ending.Failed(new RecbotError.HostError(ErrorCode.TMP_UNUSABLE,
                    "cannot create a working directory: " + e, false)), Optional.empty(), Optional.empty());
        }
        try (work) {
            HlsUpload hlsUpload = HlsUpload.start(config.upload(), hlsPlaylist, ended);
            Ending ending;
            try {
                ending = runIn(work.path(), warm);
            } finally {
                warm.ifPresent(WarmStack::closeUntaken);
            }
            Optional<Path> logs = Optional.empty();
            if (ending instanceof Ending.Failed) {
                logs = leftovers.failed(work.path());
            }
            Optional<UploadOutcome> upload = hlsUpload.finish(leftovers.upload(ending, stop, mediaStarted));
            SessionResult result = report(ending, logs, upload);
            logs.ifPresent(l -> log.info("logs of the browser, X server and audio server kept in {}", l));
            return result;
        }
    }

    /** Starts everything, watches the session until it ends, and tears everything down. */
    private Ending runIn(Path runDir, Optional<WarmStack> warm) {
        SessionPlan plan = new SessionPlan(config, runDir, recordingFile, hlsPlaylist, status, redactor, clock, meters,
                preview, pause);
        CaptureStart captures = new CaptureStart(clock, stop, plan.video());
        RecoveryStatus recovery = new RecoveryStatus(status);
        try (SessionStack stack = SessionStack.start(plan, warm.map(WarmStack::take), captures, recovery,
                stop::isRequested)) {
            Startup startup = new SessionStartup(stop, captures, redactor).run(stack);
            if (startup instanceof Startup.Ended e) {
                return e.ending();
            }
            Instant started = ((Startup.Started) startup).firstPicture();
            mediaStarted = started;
            recovery.recordingSince(started);
            // Before media is said to flow, so a change is possible once a start has answered.
            LiveOutputs outputs = stack.liveOutputs();
            live = outputs;
            try {
                status.publish(StatusReporter.SESSION, new ComponentState.Running(started));
                log.info("recording {} at {} to {}", Redactor.meetingUrl(config.recording().meetingUrl()),
                        plan.video() ? config.recording().resolution() : "sound only",
                        plan.targets().stream().map(OutputTarget::displayName).toList());
                Ending ending = new SessionWatcher(clock, stop, stack.probes(), SessionWatcher.Timing.of(config))
                        .watch(started);
                if (ending instanceof Ending.Stopped s) {
                    stop.request(s.reason());
                }
                return ending;
            } finally {
                live = null;
                outputs.close();
            }
        }
    }

    /** Publishes how the session ended and closes its status. */
    private SessionResult report(Ending ending, Optional<Path> logs, Optional<UploadOutcome> upload) {
        Optional<RecbotError> failure = ending instanceof Ending.Failed f ? Optional.of(f.error()) : Optional.empty();
        status.publish(StatusReporter.SESSION, failure.<ComponentState>map(ComponentState.Failed::new)
                .orElseGet(() -> new ComponentState.Stopped(null)));
        EndReason reason = failure.isPresent() ? EndReason.FAILED : stop.reason();
        status.ended(reason.label(), logs);
        status.close();
        return new SessionResult(reason, failure, recordingFile.filter(Files::exists), status.current(), upload);
    }
}
