package live.recbot.session;

import live.recbot.testing.MutableClock;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import live.recbot.browser.BrowserException;
import live.recbot.core.ErrorCode;
import live.recbot.core.RecbotError;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(10)
class SessionWatcherTest {
    static final Instant T0 = Instant.parse("2025-03-01T10:00:00Z");
    static final Duration MAX = Duration.ofHours(1);
    static final Duration NO_MEDIA = Duration.ofMinutes(2);
    static final RecbotError LOST = new RecbotError.SessionError(ErrorCode.BROWSER_LOST, "the browser stopped answering", true);

    private final MutableClock clock = new MutableClock(T0);
    private final StopSignal stop = new StopSignal();
    private final Servers servers = new Servers();
    private final Outputs outputs = new Outputs();
    private final AtomicLong quietNanos = new AtomicLong();
    private final Page page = new Page();

    private SessionWatcher watcher(Duration noMediaTimeout) {
        return new SessionWatcher(clock, stop, new SessionWatcher.Probes(servers, outputs, quietNanos::get, page),
                new SessionWatcher.Timing(MAX, noMediaTimeout, Duration.ofMillis(1), Duration.ofSeconds(1)));
    }

    private Ending watch() {
        return watcher(NO_MEDIA).watch(T0);
    }

    /** Watches on another thread, so the test can change the world while it runs. */
    private CompletableFuture<Ending> watchInBackground() {
        return CompletableFuture.supplyAsync(this::watch);
    }

    @Test
    void aStopRequestEndsTheSessionWithItsReason() {
        stop.request(EndReason.STOPPED);
        assertThat(watch()).isEqualTo(new Ending.Stopped(EndReason.STOPPED));
    }

    @Test
    void aStopRequestedWhileWatchingEndsIt() throws Exception {
        CompletableFuture<Ending> ending = watchInBackground();
        servers.awaitLooks(5);
        assertThat(ending).isNotDone();
        stop.request(EndReason.STOPPED);
        assertThat(ending.get(5, TimeUnit.SECONDS)).isEqualTo(new Ending.Stopped(EndReason.STOPPED));
    }

    @Test
    void aCaptureFailureEndsTheSessionWithItsError() {
        RecbotError failure = new RecbotError.SessionError(ErrorCode.VIDEO_CAPTURE_FAILED, "the screen capture failed", false);
        stop.fail(failure);
        assertThat(watch()).isEqualTo(new Ending.Failed(failure));
    }

    @Test
    void theMaxDurationCountsFromTheStartOfTheRecording() throws Exception {
        CompletableFuture<Ending> ending = watchInBackground();
        clock.advance(MAX.minusSeconds(1));
        servers.awaitLooks(5);
        assertThat(ending).isNotDone();
        clock.advance(Duration.ofSeconds(1));
        assertThat(ending.get(5, TimeUnit.SECONDS)).isEqualTo(new Ending.Stopped(EndReason.MAX_DURATION));
    }

    @Test
    void theMeetingEndConditionEndsTheSession() {
        page.ended.set(true);
        assertThat(watch()).isEqualTo(new Ending.Stopped(EndReason.MEETING_ENDED));
    }

    @Test
    void aPageThatClosedItsWindowEndsTheSessionAsPageClosed() throws Exception {
        CompletableFuture<Ending> ending = watchInBackground();
        servers.awaitLooks(3);
        assertThat(ending).isNotDone();
        page.closed.set(true);
        assertThat(ending.get(5, TimeUnit.SECONDS)).isEqualTo(new Ending.Stopped(EndReason.PAGE_CLOSED));
        assertThat(page.recovered).isEmpty();
    }

    @Test
    void aBrowserThatStopsAnsweringBecauseThePageClosedIsNotRecovered() {
        page.failures.add(new BrowserException(LOST));
        page.whenChecked = () -> page.closed.set(true);
        assertThat(watch()).isEqualTo(new Ending.Stopped(EndReason.PAGE_CLOSED));
        assertThat(page.recovered).isEmpty();
    }

    @Test
    void theEndConditionIsCheckedOnceAnInterval() throws Exception {
        CompletableFuture<Ending> ending = watchInBackground();
        page.awaitChecks(1);
        servers.awaitLooks(20);
        assertThat(page.checks.get()).isEqualTo(1);
        clock.advance(Duration.ofSeconds(1));
        page.awaitChecks(2);
        stop.request(EndReason.STOPPED);
        ending.get(5, TimeUnit.SECONDS);
    }

    @Test
    void noMediaForTheTimeoutEndsTheSession() {
        quietNanos.set(NO_MEDIA.toNanos() + 1);
        assertThat(watch()).isEqualTo(new Ending.Stopped(EndReason.NO_MEDIA));
    }

    @Test
    void aZeroNoMediaTimeoutNeverEndsTheSession() throws Exception {
        quietNanos.set(Long.MAX_VALUE);
        CompletableFuture<Ending> ending = CompletableFuture.supplyAsync(() -> watcher(Duration.ZERO).watch(T0));
        servers.awaitLooks(20);
        assertThat(ending).isNotDone();
        stop.request(EndReason.STOPPED);
        assertThat(ending.get(5, TimeUnit.SECONDS)).isEqualTo(new Ending.Stopped(EndReason.STOPPED));
    }

    @Test
    void aLostDisplayOrSoundServerFailsTheSession() {
        RecbotError displayLost = new RecbotError.SessionError(ErrorCode.DISPLAY_LOST, "the X server of the session exited", false);
        servers.lost = Optional.of(displayLost);
        assertThat(watch()).isEqualTo(new Ending.Failed(displayLost));
    }

    @Test
    void theRecordingFileIsCheckedOnEveryLook() throws Exception {
        CompletableFuture<Ending> ending = watchInBackground();
        servers.awaitLooks(5);
        assertThat(outputs.fileChecks.get()).isGreaterThanOrEqualTo(4);
        stop.request(EndReason.STOPPED);
        ending.get(5, TimeUnit.SECONDS);
    }

    @Test
    void aDeletedRecordingFileThatWasTheLastOutputFailsTheSession() {
        outputs.fileDeleted.set(true);
        assertThat(watch()).isEqualTo(new Ending.Failed(new RecbotError.SessionError(ErrorCode.ALL_OUTPUTS_FAILED,
                "every output has failed", false)));
    }

    @Test
    void aRecoveredBrowserKeepsTheSessionGoing() throws Exception {
        page.failures.add(new BrowserException(LOST));
        page.recoveries.add(new Recovery.Recovered());
        CompletableFuture<Ending> ending = watchInBackground();
        page.awaitChecks(1);
        clock.advance(Duration.ofSeconds(1));
        page.awaitChecks(2);
        assertThat(page.recovered).containsExactly(LOST);
        assertThat(ending).isNotDone();
        page.ended.set(true);
        clock.advance(Duration.ofSeconds(1));
        assertThat(ending.get(5, TimeUnit.SECONDS)).isEqualTo(new Ending.Stopped(EndReason.MEETING_ENDED));
    }

    @Test
    void anExhaustedBrowserRecoveryFailsTheSession() {
        RecbotError exhausted = new RecbotError.SessionError(ErrorCode.BROWSER_RECOVERY_FAILED,
                "the browser failed 3 times; last: x", false);
        page.failures.add(new BrowserException(LOST));
        page.recoveries.add(new Recovery.Failed(exhausted));
        assertThat(watch()).isEqualTo(new Ending.Failed(exhausted));
    }

    @Test
    void aStopDuringBrowserRecoveryEndsTheSessionAsStopped() {
        page.failures.add(new BrowserException(LOST));
        page.recoveries.add(new Recovery.Cancelled());
        page.whileRecovering = () -> stop.request(EndReason.STOPPED);
        assertThat(watch()).isEqualTo(new Ending.Stopped(EndReason.STOPPED));
        assertThat(page.recovered).containsExactly(LOST);
    }

    @Test
    void anInterruptedWatchFailsTheSession() {
        Thread.currentThread().interrupt();
        Ending ending = watch();
        assertThat(Thread.interrupted()).isTrue();
        assertThat(ending).isInstanceOfSatisfying(Ending.Failed.class,
                f -> assertThat(f.error().code()).isEqualTo(ErrorCode.INTERRUPTED));
    }

    private static final class Servers implements ServerProbe {
        volatile Optional<RecbotError> lost = Optional.empty();
        final AtomicInteger looks = new AtomicInteger();

        @Override
        public Optional<RecbotError> lost() {
            looks.incrementAndGet();
            return lost;
        }

        void awaitLooks(int n) {
            int target = looks.get() + n;
            org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(5)).until(() -> looks.get() >= target);
        }
    }

    private static final class Outputs implements SessionWatcher.Outputs {
        final AtomicBoolean fileDeleted = new AtomicBoolean();
        final AtomicInteger fileChecks = new AtomicInteger();
        private volatile boolean fileFailed;

        @Override
        public void checkRecordingFiles() {
            fileChecks.incrementAndGet();
            fileFailed |= fileDeleted.get();
        }

        @Override
        public boolean allFailed() {
            return fileFailed;
        }
    }

    private static final class Page implements SessionWatcher.MeetingPage {
        final AtomicBoolean ended = new AtomicBoolean();
        final AtomicInteger checks = new AtomicInteger();
        final Deque<BrowserException> failures = new ArrayDeque<>();
        final Deque<Recovery> recoveries = new ArrayDeque<>();
        final Deque<RecbotError> recovered = new java.util.concurrent.ConcurrentLinkedDeque<>();

        final AtomicBoolean closed = new AtomicBoolean();
        volatile Runnable whileRecovering = () -> { };
        volatile Runnable whenChecked = () -> { };

        @Override
        public boolean pageClosed() {
            return closed.get();
        }

        @Override
        public synchronized boolean meetingEnded() throws BrowserException {
            checks.incrementAndGet();
            whenChecked.run();
            BrowserException e = failures.poll();
            if (e != null) {
                throw e;
            }
            return ended.get();
        }

        @Override
        public synchronized Recovery recover(RecbotError cause) {
            recovered.add(cause);
            whileRecovering.run();
            return recoveries.remove();
        }

        void awaitChecks(int n) {
            org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(5)).until(() -> checks.get() >= n);
        }
    }
}
