package live.recbot.session;

import java.net.URI;
import java.nio.file.Path;
import java.util.Optional;
import java.util.function.BooleanSupplier;
import java.util.function.Function;
import live.recbot.browser.BrowserException;
import live.recbot.browser.ChromiumBrowser;
import live.recbot.browser.Chromedriver;
import live.recbot.browser.DriverSource;
import live.recbot.core.ErrorCode;
import live.recbot.core.RecbotError;
import live.recbot.core.Redactor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The session's browser slot: opens the browser on the meeting page and, when it is lost, replaces
 * it with a fresh one (with its own chromedriver and directory) up to a configured number of
 * times. The capture goes on meanwhile: a blank picture and silence fill the gap.
 */
final class BrowserSupervisor implements SessionWatcher.MeetingPage, AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(RecordingSession.class);

    /** Told about a recovery, to publish it. */
    interface Listener {
        void retrying(RecbotError cause, int attempt);

        void recovered();
    }

    /** How browsers are placed: a directory per browser, the spec of a browser in it, and its page. */
    record Placement(Path runDir, Function<Path, ChromiumBrowser.Spec> specs, URI meetingUrl) {
        Path dir(int attempt) {
            return dir(runDir, attempt);
        }

        /** The directory of browser {@code attempt} (0 the first, where a warm stack starts its own). */
        static Path dir(Path runDir, int attempt) {
            return runDir.resolve("browser-" + attempt);
        }
    }

    private final Placement placement;
    private final ServerProbe servers;
    private final BooleanSupplier stopped;
    private final Listener listener;
    private final int maxRecoveries;
    private final Redactor redactor;
    private volatile Optional<ChromiumBrowser> browser = Optional.empty();
    private int recoveries;

    BrowserSupervisor(Placement placement, ServerProbe servers, BooleanSupplier stopped, Listener listener,
                      int maxRecoveries, Redactor redactor) {
        this.placement = placement;
        this.servers = servers;
        this.stopped = stopped;
        this.listener = listener;
        this.maxRecoveries = maxRecoveries;
        this.redactor = redactor;
    }

    /**
     * Puts a browser started on a blank tab ahead of the session in the slot; {@link #open} shows
     * the meeting in it, and {@link #close()} kills it, opened or not.
     */
    void adopt(ChromiumBrowser started) {
        browser = Optional.of(started);
    }

    /**
     * Opens the meeting page in the adopted browser, or else in a new one; false, with no browser
     * left open, once {@code cancelled} holds.
     */
    boolean open(DriverSource drivers, BooleanSupplier cancelled) throws BrowserException {
        Optional<ChromiumBrowser> adopted = browser;
        if (adopted.isPresent()) {
            if (adopted.get().openMeeting(placement.meetingUrl(), cancelled)) {
                return true;
            }
            close();
            return false;
        }
        browser = ChromiumBrowser.open(placement.specs().apply(placement.dir(0)), placement.meetingUrl(), drivers,
                cancelled);
        return browser.isPresent();
    }

    @Override
    public boolean pageClosed() {
        return browser.map(ChromiumBrowser::pageClosed).orElse(false);
    }

    @Override
    public boolean meetingEnded() throws BrowserException {
        return browser.orElseThrow().meetingEnded();
    }

    /** Replaces the lost browser until one opens, the session stops, or the recoveries run out. */
    @Override
    public Recovery recover(RecbotError lost) {
        RecbotError cause = scrub(lost);
        while (true) {
            // A dead X or sound server takes the browser with it: that is the cause, and no new
            // browser would survive it.
            Optional<RecbotError> serverLost = servers.lost();
            if (serverLost.isPresent()) {
                return new Recovery.Failed(serverLost.get());
            }
            recoveries++;
            if (recoveries > maxRecoveries) {
                return new Recovery.Failed(new RecbotError.SessionError(ErrorCode.BROWSER_RECOVERY_FAILED,
                        "the browser failed " + recoveries + " times; last: " + cause.message(), false));
            }
            try {
                return replace(cause);
            } catch (BrowserException again) {
                cause = scrub(again.error());
            }
        }
    }

    private Recovery replace(RecbotError cause) throws BrowserException {
        log.warn("browser lost ({}); restarting it (recovery {} of {})", cause.message(), recoveries, maxRecoveries);
        listener.retrying(cause, recoveries);
        close();
        if (stopped.getAsBoolean()) {
            return new Recovery.Cancelled();
        }
        Path dir = placement.dir(recoveries);
        browser = ChromiumBrowser.open(placement.specs().apply(dir), placement.meetingUrl(), () -> Chromedriver.start(dir),
                stopped);
        if (browser.isEmpty()) {
            return new Recovery.Cancelled();
        }
        listener.recovered();
        log.info("browser recovered; meeting page reopened");
        return new Recovery.Recovered();
    }

    private RecbotError scrub(RecbotError e) {
        return e.withMessage(redactor.scrub(e.message()));
    }

    /** Kills the browser in the slot, if any, with its chromedriver. */
    @Override
    public void close() {
        Optional<ChromiumBrowser> b = browser;
        browser = Optional.empty();
        b.ifPresent(ChromiumBrowser::close);
    }
}
