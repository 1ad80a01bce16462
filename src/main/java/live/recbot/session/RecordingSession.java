package live.recbot.session;

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
import live.recbot.browser.PulseAudioServer;
import live.recbot.browser.XvfbDisplay;
import live.recbot.capture.AudioCapture;
import live.recbot.capture.CaptureListener;
import live.recbot.capture.CaptureSource;
import live.recbot.capture.MediaActivity;
import live.recbot.capture.MediaClock;
import live.recbot.capture.ScreenCapture;
import live.recbot.config.HMSRecordingConfig;
import live.recbot.config.RecbotConfig;
import live.recbot.config.Redactor;
import live.recbot.encode.AsyncVideoEncoder;
import live.recbot.encode.FFmpegLog;
import live.recbot.encode.AudioEncoder;
import live.recbot.encode.EncoderSettings;
import live.recbot.encode.FFmpegException;
import live.recbot.encode.VideoEncoder;
import live.recbot.output.Fanout;
import live.recbot.output.MuxerOutput;
import live.recbot.output.OutputTarget;
import live.recbot.output.RetryPolicy;
import live.recbot.status.ComponentState;
import live.recbot.status.RecbotError;
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
    private static final Duration CAPTURE_START_TIMEOUT = Duration.ofSeconds(15);
    private static final Duration OUTPUT_FINISH_TIMEOUT = Duration.ofSeconds(5);
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
        return new RecordingSession(config, Redactor.of(config.recording()), clock, file);
    }

    private static Path reserveRecordingFile(Path dir, String prefix, Instant now) throws SessionException {
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new SessionException(new RecbotError.HostError("output-dir-unusable",
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
                throw new SessionException(new RecbotError.HostError("output-dir-unusable",
                        "cannot write to the output directory " + dir + ": " + e.getClass().getSimpleName(), false));
            }
        }
        throw new SessionException(new RecbotError.HostError("output-dir-unusable",
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
        FFmpegLog.install();
        FFmpegLog.register(redactor);
        Path runDir = null;
        RecbotError failure = null;
        List<AutoCloseable> resources = new ArrayList<>();
        try {
            runDir = Files.createTempDirectory("recbot-run-");
            failure = runIn(runDir, resources);
        } catch (IOException e) {
            failure = new RecbotError.HostError("tmp-unusable", "cannot create a working directory: " + e, false);
        } finally {
            closeAll(resources);
        }
        if (failure != null) {
            status.publish(StatusReporter.SESSION, new ComponentState.Failed(failure));
        } else {
            status.publish(StatusReporter.SESSION, new ComponentState.Stopped(null));
        }
        EndReason reason = failure != null ? EndReason.FAILED : Optional.ofNullable(stopReason.get()).orElse(EndReason.STOPPED);
        status.ended(reason.label());
        status.close();
        FFmpegLog.unregister(redactor);
        if (runDir != null) {
            if (failure == null) {
                deleteTree(runDir);
            } else {
                log.info("logs of the browser, X server and audio server kept in {}", runDir);
            }
        }
        return new SessionResult(reason, Optional.ofNullable(failure), recordingFile, status.current());
    }

    /** Starts everything in order, registering each part in {@code resources} to be closed in reverse. */
    private RecbotError runIn(Path runDir, List<AutoCloseable> resources) {
        HMSRecordingConfig rec = config.recording();
        EncoderSettings settings = EncoderSettings.forResolution(rec.resolution());
        try {
            XvfbDisplay display = XvfbDisplay.start(rec.resolution(), runDir);
            resources.add(display);
            PulseAudioServer audio = PulseAudioServer.start(runDir);
            resources.add(audio);
            if (stopRequestedNow()) {
                return null;
            }
            BrowserSlot browser = new BrowserSlot(openBrowser(display, audio, runDir, 0));
            resources.add(browser);
            if (stopRequestedNow()) {
                return null;
            }

            Fanout fanout = new Fanout();
            VideoEncoder video = new VideoEncoder(settings, fanout);
            resources.add(video);
            AsyncVideoEncoder videoThread = new AsyncVideoEncoder(video);
            resources.add(videoThread);
            AudioEncoder audioEncoder = new AudioEncoder(settings, fanout);
            resources.add(audioEncoder);
            List<OutputTarget> targets = new ArrayList<>();
            recordingFile.ifPresent(f -> targets.add(new OutputTarget.RecordingFile(f)));
            for (int i = 0; i < rec.rtmpUrls().size(); i++) {
                targets.add(new OutputTarget.Rtmp(i, rec.rtmpUrls().get(i)));
            }
            RetryPolicy retry = RetryPolicy.giveUpAfter(config.rtmpRetryTimeout());
            List<MuxerOutput> outputs = targets.stream().map(t -> new MuxerOutput(t,
                    List.of(video.stream(), audioEncoder.stream()), status, redactor, clock, retry)).toList();
            fanout.attach(outputs);
            // Outputs close after the captures have stopped and flushed (reverse order of registration).
            outputs.forEach(o -> resources.add(() -> o.finish(OUTPUT_FINISH_TIMEOUT)));
            outputs.forEach(MuxerOutput::start);

            MediaClock mediaClock = new MediaClock();
            MediaActivity activity = new MediaActivity();
            CaptureListener listener = new CaptureListener() {
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
            List<CaptureSource> captures = List.of(
                    new ScreenCapture(display.name(), rec.resolution().width(), rec.resolution().height(),
                            settings.fps(), videoThread, mediaClock, activity, listener),
                    new AudioCapture(audio.serverAddress(), audio.monitorSource(), settings.audioSampleRate(),
                            settings.audioChannels(), audioEncoder, mediaClock, activity, listener));
            for (CaptureSource c : captures) {
                resources.add(c::stop);
                c.start();
            }
            boolean bothStarted = capturesStarted.await(CAPTURE_START_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            if (captureError.get() != null) {
                return captureError.get();
            }
            if (!bothStarted) {
                return new RecbotError.SessionError("capture-start-timeout", "the capture did not start within "
                        + CAPTURE_START_TIMEOUT.toSeconds() + " s", true);
            }
            // The recording's time line starts with its first picture; so do startedAt and the max duration.
            Instant started = firstPicture.get();
            status.publish(StatusReporter.SESSION, new ComponentState.Running(started));
            log.info("recording {} at {} to {}", Redactor.meetingUrl(rec.meetingUrl()), rec.resolution(),
                    targets.stream().map(OutputTarget::displayName).toList());
            return watch(browser, display, audio, runDir, outputs, activity, started);
        } catch (BrowserException e) {
            return scrub(e.error());
        } catch (FFmpegException e) {
            return new RecbotError.HostError("encoder-unavailable", redactor.scrub(e.getMessage()), false);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new RecbotError.SessionError("interrupted", "the session was interrupted", true);
        }
    }

    /** Watches the running session until something ends it; returns the error that did, if any. */
    private RecbotError watch(BrowserSlot browser, XvfbDisplay display, PulseAudioServer audio, Path runDir,
                              List<MuxerOutput> outputs, MediaActivity activity, Instant started)
            throws InterruptedException {
        Instant deadline = started.plus(config.maxDuration());
        int recoveries = 0;
        while (true) {
            if (stopRequested.await(WATCH_INTERVAL.toMillis(), TimeUnit.MILLISECONDS)) {
                return captureError.get();
            }
            if (!clock.instant().isBefore(deadline)) {
                requestStop(EndReason.MAX_DURATION);
                return null;
            }
            if (!display.isAlive()) {
                return new RecbotError.SessionError("display-lost", "the X server of the session exited", false);
            }
            if (!audio.isAlive()) {
                return new RecbotError.SessionError("audio-lost", "the PulseAudio server of the session exited", false);
            }
            checkRecordingFileExists(outputs);
            if (!outputs.isEmpty() && outputs.stream().allMatch(MuxerOutput::failed)) {
                return new RecbotError.SessionError("all-outputs-failed", "every output has failed", false);
            }
            if (!config.noMediaTimeout().isZero() && activity.quietNanos() > config.noMediaTimeout().toNanos()) {
                log.info("no picture change and no sound for {}", config.noMediaTimeout());
                requestStop(EndReason.NO_MEDIA);
                return null;
            }
            try {
                if (browser.get().meetingEnded()) {
                    requestStop(EndReason.MEETING_ENDED);
                    return null;
                }
            } catch (BrowserException lost) {
                // The capture goes on (a blank picture and silence fill the gap) while the browser
                // is replaced and the meeting reopened.
                RecbotError cause = scrub(lost.error());
                while (true) {
                    recoveries++;
                    if (recoveries > config.browserRecoveries()) {
                        return new RecbotError.SessionError("browser-recovery-failed", "the browser failed "
                                + recoveries + " times; last: " + cause.message(), false);
                    }
                    log.warn("browser lost ({}); restarting it (recovery {} of {})", cause.message(), recoveries,
                            config.browserRecoveries());
                    status.publish(StatusReporter.SESSION, new ComponentState.Retrying(cause, recoveries));
                    browser.close();
                    if (stopRequestedNow()) {
                        return captureError.get();
                    }
                    try {
                        browser.set(openBrowser(display, audio, runDir, recoveries));
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

    /** A recording whose file or directory was deleted is lost: say so instead of writing on into nothing. */
    private void checkRecordingFileExists(List<MuxerOutput> outputs) {
        for (MuxerOutput o : outputs) {
            if (o.target() instanceof OutputTarget.RecordingFile f && !o.failed() && !Files.exists(f.path())) {
                o.abandon(new RecbotError.OutputError(f.displayName(), "recording-file-removed",
                        "the recording file " + f.path() + " was deleted while recording", false));
            }
        }
    }

    /** A fresh browser on the session's display and sound server, with the meeting page open. */
    private ChromiumBrowser openBrowser(XvfbDisplay display, PulseAudioServer audio, Path runDir, int attempt)
            throws BrowserException {
        Path dir = runDir.resolve("browser-" + attempt);
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new BrowserException(new RecbotError.HostError("tmp-unusable", "cannot create " + dir, false));
        }
        ChromiumBrowser b = ChromiumBrowser.start(config.resolution(), display, audio, dir, config.endCondition(),
                config.pageLoadTimeout());
        try {
            b.open(config.recording().meetingUrl());
            return b;
        } catch (BrowserException e) {
            b.close();
            throw e;
        }
    }

    /** The session's current browser; replaced when the browser is recovered. */
    private static final class BrowserSlot implements AutoCloseable {
        private ChromiumBrowser current;

        BrowserSlot(ChromiumBrowser browser) {
            this.current = browser;
        }

        ChromiumBrowser get() {
            return current;
        }

        void set(ChromiumBrowser browser) {
            current = browser;
        }

        @Override
        public void close() {
            if (current != null) {
                current.close();
                current = null;
            }
        }
    }

    private boolean stopRequestedNow() {
        return stopRequested.getCount() == 0;
    }

    private RecbotError scrub(RecbotError e) {
        return e.withMessage(redactor.scrub(e.message()));
    }

    private static void closeAll(List<AutoCloseable> resources) {
        for (int i = resources.size() - 1; i >= 0; i--) {
            try {
                resources.get(i).close();
            } catch (Exception e) {
                log.warn("cleanup step failed: {}", e.toString());
            }
        }
        resources.clear();
    }

    private static void deleteTree(Path dir) {
        try (Stream<Path> walk = Files.walk(dir)) {
            walk.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            log.debug("cannot remove {}: {}", dir, e.toString());
        }
    }
}
