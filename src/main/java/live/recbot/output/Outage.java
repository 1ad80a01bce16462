package live.recbot.output;

import java.time.Duration;
import java.time.Instant;
import live.recbot.core.RecbotError;

/**
 * The bookkeeping of one output's outages: when the current one began, how many retries it took,
 * the next backoff and the last error. Retries count within one outage; the next one starts from
 * zero. Used only by the output's thread.
 */
final class Outage {
    private final RetryPolicy retry;
    private Instant since;
    private int retries;
    private Duration backoff;
    private RecbotError lastError;

    Outage(RetryPolicy retry) {
        this.retry = retry;
        this.backoff = retry.firstBackoff();
    }

    boolean ongoing() {
        return since != null;
    }

    int retries() {
        return retries;
    }

    Duration backoff() {
        return backoff;
    }

    /** The last error of any outage, kept after recovering. */
    RecbotError lastError() {
        return lastError;
    }

    /** Connected again: the outage, if any, is over. */
    void recovered() {
        since = null;
        retries = 0;
        backoff = retry.firstBackoff();
    }

    /** Records a failure at {@code now}; true once the outage has lasted the policy's give-up time. */
    boolean failedAt(Instant now, RecbotError error) {
        lastError = error;
        since = since == null ? now : since;
        return Duration.between(since, now).compareTo(retry.giveUpAfter()) >= 0;
    }

    /** Counts a retry about to be made; returns the count within this outage. */
    int retrying() {
        return ++retries;
    }

    /** The next wait is longer, up to the policy's longest. */
    void backOff() {
        backoff = retry.next(backoff);
    }
}
