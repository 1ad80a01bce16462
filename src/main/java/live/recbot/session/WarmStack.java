package live.recbot.session;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Optional;
import java.util.function.BooleanSupplier;
import live.recbot.browser.BrowserException;
import live.recbot.browser.ChromiumBrowser;
import live.recbot.browser.Chromedriver;
import live.recbot.browser.PulseAudioServer;
import live.recbot.browser.XvfbDisplay;
import live.recbot.config.HMSResolution;
import live.recbot.config.RecbotConfig;
import live.recbot.config.WorkerSettings;

/**
 * A session's stack made ready before its start: a working directory of its own, the X and sound
 * servers, and Chromium on a blank tab with its chromedriver attached. A start of the same picture
 * size takes it whole ({@link #take()}); until then {@link #close()} releases it all.
 */
final class WarmStack implements AutoCloseable {
    /** The processes a session's stack takes over and closes from then on. */
    record Parts(XvfbDisplay display, PulseAudioServer audio, ChromiumBrowser browser) {
    }

    private final SessionWorkDir work;
    private final HMSResolution size;
    private final Parts parts;
    private boolean taken;

    private WarmStack(SessionWorkDir work, HMSResolution size, Parts parts) {
        this.work = work;
        this.size = size;
        this.parts = parts;
    }

    /**
     * Starts everything a session of {@code size} needs before its meeting page; blocks until ready.
     * Empty, with whatever had started released again, once {@code cancelled} holds between steps.
     */
    static Optional<WarmStack> start(WorkerSettings settings, HMSResolution size, BooleanSupplier cancelled)
            throws BrowserException, IOException {
        SessionWorkDir work = SessionWorkDir.create();
        Deque<AutoCloseable> started = new ArrayDeque<>();
        try {
            // One after the other: nobody waits for a warm stack, and its start takes no core from
            // a session's.
            XvfbDisplay display = pushed(started, XvfbDisplay.start(size, work.path()));
            if (cancelled.getAsBoolean()) {
                release(started, work);
                return Optional.empty();
            }
            PulseAudioServer audio = pushed(started, PulseAudioServer.start(work.path()));
            Path dir = BrowserSupervisor.Placement.dir(work.path(), 0);
            Chromedriver driver = pushed(started, Chromedriver.start(dir));
            driver.warmUp();
            if (cancelled.getAsBoolean()) {
                release(started, work);
                return Optional.empty();
            }
            ChromiumBrowser browser = ChromiumBrowser.start(SessionPlan.browserSpec(settings, size,
                    new Devices(display, audio), dir), () -> driver);
            audio.idle();
            return Optional.of(new WarmStack(work, size, new Parts(display, audio, browser)));
        } catch (BrowserException | RuntimeException e) {
            release(started, work);
            throw e;
        }
    }

    private static <T extends AutoCloseable> T pushed(Deque<AutoCloseable> started, T process) {
        started.push(process);
        return process;
    }

    /** Closes what had started, the last first, then removes the directory. */
    private static void release(Deque<AutoCloseable> started, SessionWorkDir work) {
        while (!started.isEmpty()) {
            try {
                started.pop().close();
            } catch (Exception e) {
                // Each close kills its process; nothing is left to do about one that complains.
            }
        }
        work.close();
    }

    /** Whether a session of {@code config} can start on this stack, every process of it still running. */
    synchronized boolean fits(RecbotConfig config) {
        return !taken && config.resolution().equals(size) && parts.display().isAlive() && parts.audio().isAlive()
                && parts.browser().isAlive();
    }

    HMSResolution size() {
        return size;
    }

    /** The working directory, which the session that takes this stack removes at its end. */
    SessionWorkDir work() {
        return work;
    }

    /** Hands the processes to a session's stack, which closes them from then on. */
    synchronized Parts take() {
        if (taken) {
            throw new IllegalStateException("the warm stack was taken already");
        }
        taken = true;
        return parts;
    }

    /** Closes the processes unless a session's stack took them; the working directory stays. */
    synchronized void closeUntaken() {
        if (!taken) {
            taken = true;
            parts.browser().close();
            parts.audio().close();
            parts.display().close();
        }
    }

    /** Releases everything: the processes, in reverse order of their start, then the working directory. */
    @Override
    public void close() {
        closeUntaken();
        work.close();
    }
}
