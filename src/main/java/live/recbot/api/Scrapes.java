package live.recbot.api;

import java.time.Duration;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

/**
 * GET /metrics' text: scraped at most once per {@link #MAX_AGE}, the same rule as the preview's.
 * A client polling many times a second then gets the last scrape again instead of taking CPU from
 * the recording; Prometheus scrapes every 15 s or so and never sees the difference.
 */
final class Scrapes {
    static final Duration MAX_AGE = Duration.ofSeconds(1);

    private final Supplier<String> scrape;
    private final LongSupplier nanoTime;
    private String last;
    private long atNanos;

    Scrapes(Supplier<String> scrape, LongSupplier nanoTime) {
        this.scrape = scrape;
        this.nanoTime = nanoTime;
    }

    Scrapes(Supplier<String> scrape) {
        this(scrape, System::nanoTime);
    }

    synchronized String get() {
        long now = nanoTime.getAsLong();
        if (last == null || now - atNanos >= MAX_AGE.toNanos()) {
            last = scrape.get();
            atNanos = now;
        }
        return last;
    }
}
