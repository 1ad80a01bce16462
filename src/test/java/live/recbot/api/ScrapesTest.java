package live.recbot.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class ScrapesTest {
    private final AtomicLong now = new AtomicLong(1_000_000_000L);
    private final AtomicInteger made = new AtomicInteger();
    private final Scrapes scrapes = new Scrapes(() -> "scrape " + made.incrementAndGet(), now::get);

    @Test
    void pollersWithinASecondShareOneScrape() {
        assertThat(scrapes.get()).isEqualTo("scrape 1");
        now.addAndGet(Scrapes.MAX_AGE.toNanos() - 1);
        assertThat(scrapes.get()).isEqualTo("scrape 1");
        assertThat(made).hasValue(1);
    }

    @Test
    void aScrapeASecondOldIsMadeAgain() {
        scrapes.get();
        now.addAndGet(Scrapes.MAX_AGE.toNanos());
        assertThat(scrapes.get()).isEqualTo("scrape 2");
        now.addAndGet(Scrapes.MAX_AGE.toNanos() * 5);
        assertThat(scrapes.get()).isEqualTo("scrape 3");
    }
}
