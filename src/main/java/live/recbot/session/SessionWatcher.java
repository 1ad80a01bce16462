package live.recbot.session;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.function.LongSupplier;
import live.recbot.browser.BrowserException;
import live.recbot.config.RecbotConfig;
import live.recbot.core.ErrorCode;
import live.recbot.core.RecbotError;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Watches a running session and says how it ends: every stop condition lives here. Runs on the
 * session's thread; everything it looks at comes in through the small interfaces below.
 */
final class SessionWatcher {
    private static final Logger log = LoggerFactory.getLogger(RecordingSession.class);

    /** The session's outputs, as far as their ending is concerned. */
    interface Outputs {
        /** Fails a recording file output whose file was deleted. */
        void checkRecordingFiles();

        /** True when there are outputs and every one has failed. */
        boolean allFailed();
    }

    /** The meeting page in the browser, which the supervisor replaces when it is lost. */
    interface MeetingPage {
        /** True once the page closed its window: a flag, cheap to read on every look. */
        boolean pageClosed();

        boolean meetingEnded() throws BrowserException;

        Recovery recover(RecbotError cause);
    }

    /** What the watcher looks at. */
    record Probes(ServerProbe servers, Outputs outputs, LongSupplier quietNanos, MeetingPage page) {
    }

    /**
     * How often the watcher looks, and the limits it enforces. The end condition runs in the page
     * through chromedriver, which costs a round trip, so it is checked less often.
     */
    record Timing(Duration maxDuration, Duration noMediaTimeout, Duration poll, Duration endConditionPoll) {
        static Timing of(RecbotConfig config) {
            return new Timing(config.maxDuration(), config.noMediaTimeout(), Duration.ofMillis(500), Duration.ofSeconds(1));
        }
    }

    private final Clock clock;
    private final StopSignal stop;
    private final Probes probes;
    private final Timing timing;

    SessionWatcher(Clock clock, StopSignal stop, Probes probes, Timing timing) {
        this.clock = clock;
        this.stop = stop;
        this.probes = probes;
        this.timing = timing;
    }

    /** Watches the session whose recording started at {@code started} until something ends it. */
    Ending watch(Instant started) {
        Instant deadline = started.plus(timing.maxDuration());
        Instant endConditionDue = clock.instant();
        try {
            while (!stop.await(timing.poll())) {
                Optional<Ending> ending = check(deadline);
                if (ending.isEmpty() && !clock.instant().isBefore(endConditionDue)) {
                    endConditionDue = clock.instant().plus(timing.endConditionPoll());
                    ending = checkPage();
                }
                if (ending.isPresent()) {
                    return ending.get();
                }
            }
            return stop.ending();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Ending.Failed(new RecbotError.SessionError(ErrorCode.INTERRUPTED, "the session was interrupted", true));
        }
    }

    /** The conditions checked on every look, in order: time, closed page, servers, outputs, media. */
    private Optional<Ending> check(Instant deadline) {
        if (!clock.instant().isBefore(deadline)) {
            return Optional.of(new Ending.Stopped(EndReason.MAX_DURATION));
        }
        if (probes.page().pageClosed()) {
            return Optional.of(new Ending.Stopped(EndReason.PAGE_CLOSED));
        }
        Optional<RecbotError> serverLost = probes.servers().lost();
        if (serverLost.isPresent()) {
            return serverLost.map(Ending.Failed::new);
        }
        probes.outputs().checkRecordingFiles();
        if (probes.outputs().allFailed()) {
            return Optional.of(new Ending.Failed(new RecbotError.SessionError(ErrorCode.ALL_OUTPUTS_FAILED,
                    "every output has failed", false)));
        }
        Duration quietLimit = timing.noMediaTimeout();
        if (!quietLimit.isZero() && probes.quietNanos().getAsLong() > quietLimit.toNanos()) {
            log.info("no picture change and no sound for {}", quietLimit);
            return Optional.of(new Ending.Stopped(EndReason.NO_MEDIA));
        }
        return Optional.empty();
    }

    /** The meeting's end condition; a browser that stopped answering is replaced. */
    private Optional<Ending> checkPage() {
        try {
            return probes.page().meetingEnded() ? Optional.of(new Ending.Stopped(EndReason.MEETING_ENDED)) : Optional.empty();
        } catch (BrowserException lost) {
            // A tab that closed itself answers no more, but that is the page's doing, not a crash.
            if (probes.page().pageClosed()) {
                return Optional.of(new Ending.Stopped(EndReason.PAGE_CLOSED));
            }
            Recovery r = probes.page().recover(lost.error());
            if (r instanceof Recovery.Failed f) {
                return Optional.of(new Ending.Failed(f.error()));
            }
            return r instanceof Recovery.Cancelled ? Optional.of(stop.ending()) : Optional.empty();
        }
    }
}
