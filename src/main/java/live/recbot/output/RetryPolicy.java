package live.recbot.output;

import java.time.Duration;

/**
 * How an RTMP output rides out an outage: reconnect after {@code firstBackoff}, doubling up to
 * {@code maxBackoff}, and give up once the output has been down for {@code giveUpAfter}.
 */
public record RetryPolicy(Duration firstBackoff, Duration maxBackoff, Duration giveUpAfter) {
    public static RetryPolicy giveUpAfter(Duration giveUp) {
        return new RetryPolicy(Duration.ofMillis(500), Duration.ofSeconds(8), giveUp);
    }

    Duration next(Duration backoff) {
        Duration doubled = backoff.multipliedBy(2);
        return doubled.compareTo(maxBackoff) > 0 ? maxBackoff : doubled;
    }
}
