package live.recbot.session;

import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import live.recbot.browser.BrowserException;
import live.recbot.browser.ChromiumBrowser;
import live.recbot.browser.Chromedriver;
import live.recbot.browser.PulseAudioServer;
import live.recbot.browser.XvfbDisplay;
import live.recbot.config.HMSResolution;
import live.recbot.encode.FFmpegException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The processes and media parts of one session. Whatever does not need the meeting page starts at
 * once and side by side: the X server, the sound server, chromedriver, and FFmpeg with both
 * encoders; the captures open as soon as their devices exist. {@link #close()} tears it all
 * down in the order that finalises the recording first.
 */
final class SessionStack implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(SessionStack.class);

    /** Builds the media pipeline; may fail with FFmpeg's error. */
    @FunctionalInterface
    interface MediaFactory {
        MediaPipeline prepare() throws FFmpegException;
    }

    /** Opens the captures once the display and the sound server run. */
    @FunctionalInterface
    interface CaptureStarter {
        void start(MediaPipeline media, XvfbDisplay display, PulseAudioServer audio);
    }

    private final ExecutorService helpers;
    private final CompletableFuture<XvfbDisplay> display;
    private final CompletableFuture<PulseAudioServer> audio;
    private final CompletableFuture<Path> profile;
    private final CompletableFuture<Chromedriver> chromedriver;
    private final CompletableFuture<MediaPipeline> prepared;
    private final CompletableFuture<MediaPipeline> capturing;
    private volatile ChromiumBrowser browser;

    private SessionStack(ExecutorService helpers, CompletableFuture<XvfbDisplay> display,
                         CompletableFuture<PulseAudioServer> audio, CompletableFuture<Path> profile,
                         CompletableFuture<Chromedriver> chromedriver,
                         CompletableFuture<MediaPipeline> prepared, CompletableFuture<MediaPipeline> capturing) {
        this.helpers = helpers;
        this.display = display;
        this.audio = audio;
        this.profile = profile;
        this.chromedriver = chromedriver;
        this.prepared = prepared;
        this.capturing = capturing;
    }

    static SessionStack start(HMSResolution size, Path runDir, Path firstBrowserDir, MediaFactory media,
                              CaptureStarter captures) {
        AtomicInteger n = new AtomicInteger();
        ExecutorService helpers = Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "recbot-start-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        // The browser's launch waits for the X and sound servers (0.1-0.2 s from start to first
        // connection each), so they are started first, here, before the helpers below queue their
        // own processes on the one launcher thread. Raced, the X server was started third in some
        // runs: 94-187 ms after the configuration was read, against 60-103 ms now (eight each).
        CompletableFuture<XvfbDisplay> display = spawned(helpers, () -> XvfbDisplay.spawn(size, runDir),
                XvfbDisplay.Starting::awaitUp);
        CompletableFuture<PulseAudioServer> audio = spawned(helpers, () -> PulseAudioServer.spawn(runDir),
                PulseAudioServer.Starting::awaitUp);
        CompletableFuture<Path> profile = async(helpers, () -> ChromiumBrowser.prepareProfile(firstBrowserDir));
        CompletableFuture<Chromedriver> chromedriver = async(helpers, () -> {
            Chromedriver d = Chromedriver.start(firstBrowserDir);
            d.warmUp();
            log.debug("chromedriver ready");
            return d;
        });
        CompletableFuture<MediaPipeline> prepared = async(helpers, media::prepare);
        CompletableFuture<MediaPipeline> capturing = prepared.thenCombine(display.thenCombine(audio, Devices::new),
                (m, devices) -> {
                    captures.start(m, devices.display(), devices.audio());
                    return m;
                });
        return new SessionStack(helpers, display, audio, profile, chromedriver, prepared, capturing);
    }

    private record Devices(XvfbDisplay display, PulseAudioServer audio) {
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
    private static <S, T> CompletableFuture<T> spawned(ExecutorService helpers, Task<S> spawn, Ready<S, T> ready) {
        S starting;
        try {
            starting = spawn.run();
        } catch (Exception e) {
            return CompletableFuture.failedFuture(e);
        }
        return async(helpers, () -> ready.await(starting));
    }

    private static <T> CompletableFuture<T> async(ExecutorService helpers, Task<T> task) {
        return CompletableFuture.supplyAsync(() -> {
            try {
                return task.run();
            } catch (Exception e) {
                throw new CompletionException(e);
            }
        }, helpers);
    }

    XvfbDisplay display() throws BrowserException, InterruptedException {
        return await(display);
    }

    PulseAudioServer audio() throws BrowserException, InterruptedException {
        return await(audio);
    }

    /** The first browser's profile, written while the X server starts. */
    Path browserProfile() throws BrowserException, InterruptedException {
        return await(profile);
    }

    Chromedriver chromedriver() throws BrowserException, InterruptedException {
        return await(chromedriver);
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

    /** The failure of the media part, if it has failed already; never waits. */
    boolean mediaFailed() {
        return capturing.isCompletedExceptionally();
    }

    /** The browser that {@link #close()} must kill; replaced when the browser is recovered. */
    void browser(ChromiumBrowser b) {
        browser = b;
    }

    ChromiumBrowser browser() {
        return browser;
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

    private static <T> T quietly(CompletableFuture<T> f) {
        try {
            return f.join();
        } catch (RuntimeException e) {
            return null;
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
        MediaPipeline media = quietly(prepared);
        XvfbDisplay x = quietly(display);
        quietly(profile);
        PulseAudioServer pulse = quietly(audio);
        Chromedriver spare = quietly(chromedriver);
        if (media != null) {
            media.stopGrabbing();
        }
        ChromiumBrowser b = browser;
        CompletableFuture<Void> browserGone = CompletableFuture.runAsync(() -> {
            if (b != null) {
                b.close();
            }
            // Handed to the first browser, which closed it already, unless none was attached.
            if (spare != null) {
                spare.close();
            }
        }, helpers);
        if (media != null) {
            media.close();
        }
        CompletableFuture<Void> pulseGone = CompletableFuture.runAsync(() -> {
            if (pulse != null) {
                pulse.close();
            }
        }, helpers);
        if (x != null) {
            x.close();
        }
        pulseGone.join();
        browserGone.join();
        helpers.shutdown();
        log.debug("session stack closed");
    }
}
