package live.recbot.session;

import live.recbot.core.ErrorCode;
import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;
import live.recbot.browser.BrowserException;
import live.recbot.browser.ChromiumBrowser;
import live.recbot.browser.Chromedriver;
import live.recbot.browser.PulseAudioServer;
import live.recbot.browser.XvfbDisplay;
import live.recbot.capture.CaptureListener;
import live.recbot.capture.MediaActivity;
import live.recbot.capture.ScreenCapture;
import live.recbot.config.HMSRecordingConfig;
import live.recbot.config.RecbotConfig;
import live.recbot.core.Redactor;
import live.recbot.encode.FFmpegLog;
import live.recbot.encode.EncoderSettings;
import live.recbot.encode.FFmpegException;
import live.recbot.output.MuxerOutput;
import live.recbot.output.OutputTarget;
import live.recbot.output.RetryPolicy;
import live.recbot.core.ComponentState;
import live.recbot.core.RecbotError;
import live.recbot.status.StatusReporter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One recording and streaming session, from opening the meeting page to the finalised file:
 * config, then browser, capture, encode and outputs, with status observing each. {@link #run()}
 * blocks until the session ends; {@link #requestStop} may be called from any thread.
 */
public final class RecordingSession {
    private static final Logger log = LoggerFactory.getLogger(RecordingSession.class);
    private static final Duration WATCH_INTERVAL = Duration.ofMillis(500);
    /**
     * The end condition runs in the page through chromedriver: an HTTP round trip, a DevTools one
     * and a script, about 1 % of a core at two a second. Once a second is soon enough for a meeting.
     */
    private static final Duration END_CONDITION_INTERVAL = Duration.ofSeconds(1);
    private static final Duration CAPTURE_START_TIMEOUT = Duration.ofSeconds(15);
    private static final DateTimeFormatter FILE_TIME = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss")
            .withZone(ZoneOffset.UTC);

    private final RecbotConfig config;
    private final Redactor redactor;
    private final Clock clock;
    private final StatusReporter status;
    private final Optional<Path> recordingFile;
    private final CountDownLatch stopRequested = new CountDownLatch(1);
    private final AtomicReference<EndReason> stopReason = new AtomicReference<>();
    private final AtomicReference<RecbotError> captureError = new AtomicReference<>();
    private final CountDownLatch capturesStarted = new CountDownLatch(2);
    private final AtomicReference<Instant> firstPicture = new AtomicReference<>();
    private volatile boolean ffmpegLogRegistered;

    private RecordingSession(RecbotConfig config, Redactor redactor, Clock clock, Optional<Path> recordingFile) {
        this.config = config;
        this.redactor = redactor;
        this.clock = clock;
        this.recordingFile = recordingFile;
        HMSRecordingConfig r = config.recording();
        this.status = new StatusReporter(new StatusReporter.Layout(Redactor.meetingUrl(r.meetingUrl()),
                r.resolution().width(), r.resolution().height(), recordingFile.map(Path::toString),
                r.rtmpUrls().stream().map(Redactor::rtmpUrl).toList()), redactor, clock);
    }

    /**
     * Prepares a session: reserves the recording file's name in the output directory. Nothing runs
     * yet; a directory that cannot be written is refused here, before anything starts.
     */
    public static RecordingSession prepare(RecbotConfig config, Clock clock) throws SessionException {
        return prepare(config, clock, "recbot");
    }

    /** As {@link #prepare(RecbotConfig, Clock)}, naming the recording {@code <prefix>-<UTC time>.mp4}. */
    public static RecordingSession prepare(RecbotConfig config, Clock clock, String filePrefix) throws SessionException {
        Optional<Path> file = Optional.empty();
        if (config.recording().record()) {
            file = Optional.of(reserveRecordingFile(config.outputDir(), filePrefix, clock.instant()));
        }
        return new RecordingSession(config, Redactor.of(config.recording().meetingUrl(), config.recording().rtmpUrls()), clock, file);
    }

    private static Path reserveRecordingFile(Path dir, String prefix, Instant now) throws SessionException {
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new SessionException(new RecbotError.HostError(ErrorCode.OUTPUT_DIR_UNUSABLE,
                    "cannot create the output directory " + dir + ": " + e.getClass().getSimpleName(), false));
        }
        String base = prefix + "-" + FILE_TIME.format(now);
        for (int i = 0; i < 1000; i++) {
            Path candidate = dir.resolve(base + (i == 0 ? "" : "-" + i) + ".mp4");
            try {
                // Never overwrite an earlier recording: claim a name nobody has.
                return Files.createFile(candidate);
            } catch (FileAlreadyExistsException e) {
                continue;
            } catch (IOException e) {
                throw new SessionException(new RecbotError.HostError(ErrorCode.OUTPUT_DIR_UNUSABLE,
                        "cannot write to the output directory " + dir + ": " + e.getClass().getSimpleName(), false));
            }
        }
        throw new SessionException(new RecbotError.HostError(ErrorCode.OUTPUT_DIR_UNUSABLE,
                "too many recordings named " + base + "* in " + dir, false));
    }

    public StatusReporter status() {
        return status;
    }

    public Optional<Path> recordingFile() {
        return recordingFile;
    }

    /** Ends the session gracefully; the first reason given wins. Safe from any thread. */
    public void requestStop(EndReason reason) {
        if (stopReason.compareAndSet(null, reason)) {
            log.info("stopping: {}", reason.label());
        }
        stopRequested.countDown();
    }

    /** Runs the whole session on the calling thread and returns once everything it started has ended. */
    public SessionResult run() {
        Path runDir = null;
        RecbotError failure = null;
        try {
            runDir = Files.createTempDirectory("recbot-run-");
            failure = runIn(runDir);
        } catch (IOException e) {
            failure = new RecbotError.HostError(ErrorCode.TMP_UNUSABLE, "cannot create a working directory: " + e, false);
        }
        if (failure != null) {
            status.publish(StatusReporter.SESSION, new ComponentState.Failed(failure));
        } else {
            status.publish(StatusReporter.SESSION, new ComponentState.Stopped(null));
        }
        EndReason reason = failure != null ? EndReason.FAILED : Optional.ofNullable(stopReason.get()).orElse(EndReason.STOPPED);
        status.ended(reason.label());
        status.close();
        if (ffmpegLogRegistered) {
            FFmpegLog.unregister(redactor);
        }
        if (runDir != null) {
            if (failure == null) {
                deleteTree(runDir);
            } else {
                log.info("logs of the browser, X server and audio server kept in {}", runDir);
            }
        }
        return new SessionResult(reason, Optional.ofNullable(failure), recordingFile, status.current());
    }

    /**
     * Starts everything that does not need the meeting page at once, opens the page, and only once
     * it has loaded lets media flow to the outputs; then watches the session until it ends, and
     * tears everything down.
     */
    private RecbotError runIn(Path runDir) {
        HMSRecordingConfig rec = config.recording();
        EncoderSettings settings = EncoderSettings.forResolution(rec.resolution(), ChromiumBrowser.FRAME_INTERVAL);
        List<OutputTarget> targets = new ArrayList<>();
        recordingFile.ifPresent(f -> targets.add(new OutputTarget.RecordingFile(f)));
        for (int i = 0; i < rec.rtmpUrls().size(); i++) {
            targets.add(new OutputTarget.Rtmp(i, rec.rtmpUrls().get(i)));
        }
        RetryPolicy retry = RetryPolicy.giveUpAfter(config.rtmpRetryTimeout());
        CaptureListener listener = captureListener();
        Path firstBrowserDir = browserDir(runDir, 0);
        try (SessionStack stack = SessionStack.start(rec.resolution(), runDir, firstBrowserDir,
                () -> {
                    FFmpegLog.register(redactor);
                    ffmpegLogRegistered = true;
                    return MediaPipeline.prepare(settings, targets, status, redactor, clock, retry);
                },
                (media, display, audio) -> media.startCaptures(display, audio, listener))) {
            XvfbDisplay display = stack.display();
            PulseAudioServer audio = stack.audio();
            stack.browserProfile();
            if (stopRequestedNow()) {
                return captureError.get();
            }
            ChromiumBrowser browser = ChromiumBrowser.launch(browserSpec(display, audio, firstBrowserDir));
            stack.browser(browser);
            browser.attach(stack.chromedriver());
            if (!browser.awaitLoaded(() -> stopRequestedNow() || stack.mediaFailed())) {
                return captureError.get() != null || !stack.mediaFailed() ? captureError.get() : mediaFailure(stack);
            }
            MediaPipeline media = stack.media();
            if (stopRequestedNow()) {
                return captureError.get();
            }
            // The WebDriver session attaches before the recording starts: attached just after,
            // it stalled Chromium's rendering while the first pictures were captured, and the
            // pictures stayed that far behind the sound for the whole session (19 to 112 ms
            // from one run to the next, measured with bench/PictureLatency; 18 to 33 ms since in
            // record-only runs, 18 to 65 ms with three RTMP outputs: BENCHMARKS.md). It costs the
            // first picture the attach's time: A/B, five runs each, time 0 came 74-112 ms after
            // the load event instead of 13-25 ms, and the picture latency was 18-27 ms in four of
            // five runs instead of 48-114 ms in all five.
            browser.attachDriver();
            media.release();
            boolean bothStarted = capturesStarted.await(CAPTURE_START_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            if (captureError.get() != null) {
                return captureError.get();
            }
            if (!bothStarted) {
                return new RecbotError.SessionError(ErrorCode.CAPTURE_START_TIMEOUT, "the capture did not start within "
                        + CAPTURE_START_TIMEOUT.toSeconds() + " s", true);
            }
            // The recording's time line starts with its first picture; so do startedAt and the max duration.
            Instant started = firstPicture.get();
            status.publish(StatusReporter.SESSION, new ComponentState.Running(started));
            log.info("recording {} at {} to {}", Redactor.meetingUrl(rec.meetingUrl()), rec.resolution(),
                    targets.stream().map(OutputTarget::displayName).toList());
            return watch(stack, display, audio, runDir, media.outputs(), media.activity(), started);
        } catch (BrowserException e) {
            return scrub(e.error());
        } catch (FFmpegException e) {
            return encoderUnavailable(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new RecbotError.SessionError(ErrorCode.INTERRUPTED, "the session was interrupted", true);
        }
    }

    private RecbotError mediaFailure(SessionStack stack) throws InterruptedException {
        try {
            stack.media();
            return null;
        } catch (FFmpegException e) {
            return encoderUnavailable(e);
        } catch (BrowserException e) {
            return scrub(e.error());
        }
    }

    private RecbotError encoderUnavailable(FFmpegException e) {
        return new RecbotError.HostError(ErrorCode.ENCODER_UNAVAILABLE, redactor.scrub(e.getMessage()), false);
    }

    private CaptureListener captureListener() {
        return new CaptureListener() {
            @Override
            public void started(String source) {
                if (source.equals(ScreenCapture.SOURCE)) {
                    firstPicture.compareAndSet(null, clock.instant());
                }
                capturesStarted.countDown();
            }

            @Override
            public void failed(String source, RecbotError error) {
                captureError.compareAndSet(null, error);
                stopRequested.countDown();
                // A source that fails while starting ends the wait for both at once.
                while (capturesStarted.getCount() > 0) {
                    capturesStarted.countDown();
                }
            }
        };
    }

    /** Watches the running session until something ends it; returns the error that did, if any. */
    private RecbotError watch(SessionStack stack, XvfbDisplay display, PulseAudioServer audio, Path runDir,
                              List<MuxerOutput> outputs, MediaActivity activity, Instant started)
            throws InterruptedException {
        Instant deadline = started.plus(config.maxDuration());
        int recoveries = 0;
        long endConditionDue = System.nanoTime();
        while (true) {
            if (stopRequested.await(WATCH_INTERVAL.toMillis(), TimeUnit.MILLISECONDS)) {
                return captureError.get();
            }
            if (!clock.instant().isBefore(deadline)) {
                requestStop(EndReason.MAX_DURATION);
                return null;
            }
            RecbotError hostLost = serversLost(display, audio);
            if (hostLost != null) {
                return hostLost;
            }
            checkRecordingFileExists(outputs);
            if (!outputs.isEmpty() && outputs.stream().allMatch(MuxerOutput::failed)) {
                return new RecbotError.SessionError(ErrorCode.ALL_OUTPUTS_FAILED, "every output has failed", false);
            }
            if (!config.noMediaTimeout().isZero() && activity.quietNanos() > config.noMediaTimeout().toNanos()) {
                log.info("no picture change and no sound for {}", config.noMediaTimeout());
                requestStop(EndReason.NO_MEDIA);
                return null;
            }
            if (System.nanoTime() - endConditionDue < 0) {
                continue;
            }
            endConditionDue = System.nanoTime() + END_CONDITION_INTERVAL.toNanos();
            try {
                if (stack.browser().meetingEnded()) {
                    requestStop(EndReason.MEETING_ENDED);
                    return null;
                }
            } catch (BrowserException lost) {
                // The capture goes on (a blank picture and silence fill the gap) while the browser
                // is replaced and the meeting reopened.
                RecbotError cause = scrub(lost.error());
                while (true) {
                    // A dead X or sound server takes the browser with it: that is the cause, and
                    // no new browser would survive it.
                    RecbotError serverLost = serversLost(display, audio);
                    if (serverLost != null) {
                        return serverLost;
                    }
                    recoveries++;
                    if (recoveries > config.browserRecoveries()) {
                        return new RecbotError.SessionError(ErrorCode.BROWSER_RECOVERY_FAILED, "the browser failed "
                                + recoveries + " times; last: " + cause.message(), false);
                    }
                    log.warn("browser lost ({}); restarting it (recovery {} of {})", cause.message(), recoveries,
                            config.browserRecoveries());
                    status.publish(StatusReporter.SESSION, new ComponentState.Retrying(cause, recoveries));
                    stack.browser().close();
                    if (stopRequestedNow()) {
                        return captureError.get();
                    }
                    try {
                        if (!reopenBrowser(stack, display, audio, runDir, recoveries)) {
                            return captureError.get();
                        }
                        status.publish(StatusReporter.SESSION, new ComponentState.Running(started));
                        log.info("browser recovered; meeting page reopened");
                        break;
                    } catch (BrowserException again) {
                        cause = scrub(again.error());
                    }
                }
            }
        }
    }

    private static RecbotError serversLost(XvfbDisplay display, PulseAudioServer audio) {
        if (!display.isAlive()) {
            return new RecbotError.SessionError(ErrorCode.DISPLAY_LOST, "the X server of the session exited", false);
        }
        if (!audio.isAlive()) {
            return new RecbotError.SessionError(ErrorCode.AUDIO_LOST, "the PulseAudio server of the session exited", false);
        }
        return null;
    }

    /** A recording whose file or directory was deleted is lost: say so instead of writing on into nothing. */
    private void checkRecordingFileExists(List<MuxerOutput> outputs) {
        for (MuxerOutput o : outputs) {
            if (o.target() instanceof OutputTarget.RecordingFile f && !o.failed() && !Files.exists(f.path())) {
                o.abandon(new RecbotError.OutputError(f.displayName(), ErrorCode.RECORDING_FILE_REMOVED,
                        "the recording file " + f.path() + " was deleted while recording", false));
            }
        }
    }

    /**
     * A fresh browser, with its own chromedriver, on the session's display and sound server, with
     * the meeting page open. False if the session was stopped meanwhile.
     */
    private boolean reopenBrowser(SessionStack stack, XvfbDisplay display, PulseAudioServer audio, Path runDir,
                                  int attempt) throws BrowserException {
        Path dir = browserDir(runDir, attempt);
        ChromiumBrowser b = ChromiumBrowser.launch(browserSpec(display, audio, dir));
        stack.browser(b);
        b.attach(Chromedriver.start(dir));
        if (!b.awaitLoaded(this::stopRequestedNow)) {
            return false;
        }
        b.attachDriver();
        return true;
    }

    private ChromiumBrowser.Spec browserSpec(XvfbDisplay display, PulseAudioServer audio, Path dir) {
        return new ChromiumBrowser.Spec(config.resolution(), display, audio, dir, config.recording().meetingUrl(),
                config.endCondition(), config.pageLoadTimeout());
    }

    private static Path browserDir(Path runDir, int attempt) {
        return runDir.resolve("browser-" + attempt);
    }

    private boolean stopRequestedNow() {
        return stopRequested.getCount() == 0;
    }

    private RecbotError scrub(RecbotError e) {
        return e.withMessage(redactor.scrub(e.message()));
    }

    private static void deleteTree(Path dir) {
        try (Stream<Path> walk = Files.walk(dir)) {
            walk.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            log.debug("cannot remove {}: {}", dir, e.toString());
        }
    }
}
