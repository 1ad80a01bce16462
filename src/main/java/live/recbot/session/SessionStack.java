package live.recbot.session;

import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import live.recbot.browser.BrowserException;
import live.recbot.browser.ChromiumBrowser;
import live.recbot.browser.Chromedriver;
import live.recbot.browser.PulseAudioServer;
import live.recbot.browser.XvfbDisplay;
import live.recbot.capture.CaptureListener;
import live.recbot.core.ErrorCode;
import live.recbot.core.RecbotError;
import live.recbot.encode.FFmpegException;
import live.recbot.encode.FFmpegLog;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Every resource of one session: the X server, the sound server, chromedriver, the browser (in its
 * supervisor's slot), and the media pipeline with its captures, encoders and outputs. Whatever does
 * not need the meeting page starts at once and side by side; the captures open as soon as their
 * devices exist. {@link #close()} releases it all, in the order that finalises the recording first.
 */
final class SessionStack implements AutoCloseable, ServerProbe {
    private static final Logger log = LoggerFactory.getLogger(SessionStack.class);

    private final ExecutorService helpers;
    private final CompletableFuture<XvfbDisplay> display;
    private final CompletableFuture<PulseAudioServer> audio;
    private final CompletableFuture<Devices> devices;
    private final CompletableFuture<Path> profile;
    /** The chromedriver for a cold first browser, warmed up meanwhile; none with a warm browser. */
    private final CompletableFuture<Optional<Chromedriver>> chromedriver;
    private final CompletableFuture<MediaPipeline> prepared;
    private final CompletableFuture<MediaPipeline> capturing;
    private final CompletableFuture<Object> soundResumed;
    private final BrowserSupervisor browser;
    private final SessionPlan plan;
    private volatile boolean ffmpegLogRegistered;

    private SessionStack(SessionPlan plan, Optional<WarmStack.Parts> warm, ExecutorService helpers,
                         CaptureListener captures, BrowserSupervisor.Listener recovery, BooleanSupplier stopped) {
        this.plan = plan;
        this.helpers = helpers;
        if (warm.isPresent()) {
            this.display = CompletableFuture.completedFuture(warm.get().display());
            this.audio = CompletableFuture.completedFuture(warm.get().audio());
        } else {
            // The browser's launch waits for the X and sound servers, so they are spawned first, here,
            // before the helpers below queue their own processes on the one launcher thread.
            this.display = spawned(() -> XvfbDisplay.spawn(plan.config().resolution(),
                    plan.runDir()), XvfbDisplay.Starting::awaitUp);
            this.audio = spawned(() -> PulseAudioServer.spawn(plan.runDir()),
                    PulseAudioServer.Starting::awaitUp);
        }
        this.devices = display.thenCombine(audio, Devices::new);
        CompletableFuture<Devices> servers = devices;
        BrowserSupervisor.Placement placement = new BrowserSupervisor.Placement(plan.runDir(),
                dir -> plan.browserSpec(servers.join(), dir), plan.config().recording().meetingUrl());
        Path firstBrowserDir = placement.dir(0);
        if (warm.isPresent()) {
            this.profile = CompletableFuture.completedFuture(firstBrowserDir);
            this.chromedriver = CompletableFuture.completedFuture(Optional.empty());
        } else {
            this.profile = async(() -> ChromiumBrowser.prepareProfile(firstBrowserDir));
            this.chromedriver = async(() -> Optional.of(warmChromedriver(firstBrowserDir)));
        }
        this.prepared = async(this::prepareMedia);
        // A warm stack's sound server waits with its silence suspended; nothing waits for this.
        this.soundResumed = warm.isEmpty() ? CompletableFuture.completedFuture(null) : async(() -> {
            warm.get().audio().resume();
            return null;
        });
        this.capturing = prepared.thenCombine(devices, (m, d) -> {
            m.startCaptures(d.display(), d.audio(), plan.preview(), captures);
            return m;
        });
        this.browser = new BrowserSupervisor(placement, this, stopped, recovery, plan.config().browserRecoveries(),
                plan.redactor());
        warm.ifPresent(w -> browser.adopt(w.browser()));
    }

    /**
     * Starts everything that does not need the meeting page, or, given a warm stack's processes,
     * takes them over and starts the rest.
     */
    static SessionStack start(SessionPlan plan, Optional<WarmStack.Parts> warm, CaptureListener captures,
                              BrowserSupervisor.Listener recovery, BooleanSupplier stopped) {
        AtomicInteger n = new AtomicInteger();
        ExecutorService helpers = Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "recbot-start-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        return new SessionStack(plan, warm, helpers, captures, recovery, stopped);
    }

    private static Chromedriver warmChromedriver(Path dir) throws BrowserException {
        Chromedriver d = Chromedriver.start(dir);
        d.warmUp();
        log.debug("chromedriver ready");
        return d;
    }

    private MediaPipeline prepareMedia() throws FFmpegException {
        FFmpegLog.register(plan.redactor());
        ffmpegLogRegistered = true;
        MediaPipeline media = MediaPipeline.prepare(plan.encoderSettings(), plan.video(), plan.targets(),
                plan.status(), plan.redactor(), plan.clock(), plan.retryPolicy());
        try {
            MediaMeters.bind(plan.meters(), media);
        } catch (RuntimeException e) {
            media.close();
            throw e;
        }
        return media;
    }

    @FunctionalInterface
    private interface Task<T> {
        T run() throws Exception;
    }

    @FunctionalInterface
    private interface Ready<S, T> {
        T await(S starting) throws Exception;
    }

    /** Starts a server on this thread, and waits for it on a helper. */
    private <S, T> CompletableFuture<T> spawned(Task<S> spawn, Ready<S, T> ready) {
        S starting;
        try {
            starting = spawn.run();
        } catch (Exception e) {
            return CompletableFuture.failedFuture(e);
        }
        return async(() -> ready.await(starting));
    }

    private <T> CompletableFuture<T> async(Task<T> task) {
        return CompletableFuture.supplyAsync(() -> {
            try {
                return task.run();
            } catch (Exception e) {
                throw new CompletionException(e);
            }
        }, helpers);
    }

    /** Waits for the X and sound servers and the first browser's profile. */
    void awaitServers() throws BrowserException, InterruptedException {
        await(devices);
        await(profile);
    }

    /**
     * Opens the first browser on the meeting page, with the chromedriver warmed up meanwhile; false
     * once {@code cancelled} holds or the media part has failed.
     */
    boolean openBrowser(BooleanSupplier cancelled) throws BrowserException {
        return browser.open(this::chromedriver, () -> cancelled.getAsBoolean() || mediaFailed());
    }

    private Chromedriver chromedriver() throws BrowserException {
        try {
            return await(chromedriver).orElseThrow();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new BrowserException(new RecbotError.SessionError(ErrorCode.INTERRUPTED,
                    "interrupted while the browser started", true));
        }
    }

    /** What the watcher looks at, once the recording runs. */
    SessionWatcher.Probes probes() {
        MediaPipeline media = capturing.join();
        return new SessionWatcher.Probes(this, new OutputWatch(media::outputs), media.activity()::quietNanos, browser);
    }

    /** The RTMP outputs as a running session changes them; once media flows. */
    LiveOutputs liveOutputs() {
        return new LiveOutputs(capturing.join(), plan);
    }

    /** The media pipeline with its captures open (and held). */
    MediaPipeline media() throws BrowserException, FFmpegException, InterruptedException {
        try {
            return capturing.get();
        } catch (ExecutionException e) {
            if (e.getCause() instanceof FFmpegException f) {
                throw f;
            }
            throw rethrow(e);
        }
    }

    /** Whether the media part has failed already; never waits. */
    boolean mediaFailed() {
        return capturing.isCompletedExceptionally();
    }

    @Override
    public Optional<RecbotError> lost() {
        Devices d = devices.join();
        if (!d.display().isAlive()) {
            return Optional.of(new RecbotError.SessionError(ErrorCode.DISPLAY_LOST, "the X server of the session exited", false));
        }
        if (!d.audio().isAlive()) {
            return Optional.of(new RecbotError.SessionError(ErrorCode.AUDIO_LOST,
                    "the PulseAudio server of the session exited", false));
        }
        return Optional.empty();
    }

    private static <T> T await(CompletableFuture<T> f) throws BrowserException, InterruptedException {
        try {
            return f.get();
        } catch (ExecutionException e) {
            throw rethrow(e);
        }
    }

    private static BrowserException rethrow(ExecutionException e) {
        if (e.getCause() instanceof BrowserException b) {
            return b;
        }
        if (e.getCause() instanceof RuntimeException r) {
            throw r;
        }
        throw new IllegalStateException(e.getCause());
    }

    private static <T> Optional<T> quietly(CompletableFuture<T> f) {
        try {
            return Optional.of(f.join());
        } catch (RuntimeException e) {
            return Optional.empty();
        }
    }

    /**
     * Stops the grabbing first; then, at the same time, kills the browser and drains the encoders
     * into the outputs, whose files are finalised; then stops the sound and X servers (after the
     * captures have let go of them).
     */
    @Override
    public void close() {
        // Every helper has finished, so nothing is started behind this teardown's back.
        quietly(capturing);
        quietly(soundResumed);
        Optional<MediaPipeline> media = quietly(prepared);
        quietly(profile);
        Optional<XvfbDisplay> x = quietly(display);
        Optional<PulseAudioServer> pulse = quietly(audio);
        // Handed to the first browser, which closes it, unless none was attached.
        Optional<Chromedriver> spare = quietly(chromedriver).flatMap(d -> d);
        media.ifPresent(MediaPipeline::stopGrabbing);
        CompletableFuture<Void> browserGone = CompletableFuture.runAsync(() -> {
            browser.close();
            spare.ifPresent(Chromedriver::close);
        }, helpers);
        media.ifPresent(MediaPipeline::close);
        if (ffmpegLogRegistered) {
            FFmpegLog.unregister(plan.redactor());
        }
        CompletableFuture<Void> pulseGone = CompletableFuture.runAsync(() -> pulse.ifPresent(PulseAudioServer::close),
                helpers);
        x.ifPresent(XvfbDisplay::close);
        pulseGone.join();
        browserGone.join();
        helpers.shutdown();
        log.debug("session stack closed");
    }
}
