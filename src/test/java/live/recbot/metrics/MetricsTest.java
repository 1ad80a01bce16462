package live.recbot.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The registry and its meter groups, read through the real Prometheus text they scrape to. */
class MetricsTest {
    private final Metrics metrics = Metrics.start();

    @AfterEach
    void close() {
        metrics.close();
    }

    @Test
    void aCounterIsReadWhenScrapedNotWhenCounted() {
        AtomicLong frames = new AtomicLong(5);
        Meters session = metrics.session("controlled");
        session.counter("recbot.video.captured", "frames", "Pictures captured", frames::get);

        assertThat(metrics.scrape()).contains("# TYPE recbot_video_captured_frames_total counter\n")
                .contains("recbot_video_captured_frames_total{session=\"controlled\"} 5.0\n");
        frames.addAndGet(7);
        assertThat(metrics.scrape()).contains("recbot_video_captured_frames_total{session=\"controlled\"} 12.0\n");
    }

    @Test
    void closingASessionsMetersRemovesThemAndOnlyThem() {
        Meters first = metrics.session("controlled");
        first.gauge("recbot.output.up", null, "Up", () -> 1, "output", "0", "kind", "file");
        Meters archival = metrics.session("archival");
        archival.gauge("recbot.output.up", null, "Up", () -> 1, "output", "0", "kind", "file");
        assertThat(metrics.scrape()).contains("recbot_output_up{kind=\"file\",output=\"0\",session=\"controlled\"} 1.0")
                .contains("recbot_output_up{kind=\"file\",output=\"0\",session=\"archival\"} 1.0");

        first.close();
        first.gauge("recbot.picture.lag", "seconds", "Lag", () -> 0.02);

        String text = metrics.scrape();
        assertThat(text).doesNotContain("session=\"controlled\"").doesNotContain("recbot_picture_lag")
                .contains("recbot_output_up{kind=\"file\",output=\"0\",session=\"archival\"} 1.0")
                .contains("process_cpu_seconds_total ");
        // The next session's meters are its own, from zero.
        Meters next = metrics.session("controlled");
        next.counter("recbot.output.sent", "bytes", "Sent", () -> 0, "output", "0", "kind", "file");
        assertThat(metrics.scrape()).contains("recbot_output_sent_bytes_total{kind=\"file\",output=\"0\",session=\"controlled\"} 0.0");
    }

    @Test
    void aGroupGoesAloneOrWithItsSessionAndItsLabelsMayBeUsedAgain() {
        Meters session = metrics.session("controlled");
        session.gauge("recbot.picture.lag", "seconds", "Lag", () -> 0.02);
        session.group("output", "0", "kind", "rtmp").gauge("recbot.output.up", null, "Up", () -> 1);
        session.group("output", "1", "kind", "rtmp").gauge("recbot.output.up", null, "Up", () -> 1);
        assertThat(metrics.scrape()).contains("recbot_output_up{kind=\"rtmp\",output=\"0\",session=\"controlled\"} 1.0")
                .contains("recbot_output_up{kind=\"rtmp\",output=\"1\",session=\"controlled\"} 1.0");

        session.group("output", "0", "kind", "rtmp").close();
        assertThat(metrics.scrape()).doesNotContain("output=\"0\"")
                .contains("recbot_output_up{kind=\"rtmp\",output=\"1\",session=\"controlled\"} 1.0")
                .contains("recbot_picture_lag_seconds{session=\"controlled\"} 0.02");
        // The index given to another output: its meters read the new one, not the removed one.
        session.group("output", "0", "kind", "rtmp").gauge("recbot.output.up", null, "Up", () -> 0);
        assertThat(metrics.scrape()).contains("recbot_output_up{kind=\"rtmp\",output=\"0\",session=\"controlled\"} 0.0");

        session.close();
        assertThat(metrics.scrape()).doesNotContain("recbot_output_up").doesNotContain("recbot_picture_lag");
    }

    @Test
    void aTimerIsASummaryInSeconds() {
        metrics.session("controlled").timer("recbot.video.encode", "Encode time", () -> 4, () -> 10_000_000);

        assertThat(metrics.scrape()).contains("# TYPE recbot_video_encode_seconds summary\n")
                .contains("recbot_video_encode_seconds_count{session=\"controlled\"} 4\n")
                .contains("recbot_video_encode_seconds_sum{session=\"controlled\"} 0.01\n");
    }

    @Test
    void aMetersSourceLivesAsLongAsItsMeterThoughOnlyTheMeterHoldsIt() {
        // Micrometer holds a function counter's source weakly: a lambda nobody else holds would be
        // collected, and its counter would read its last value (0 before any scrape) forever.
        metrics.session("controlled").counter("recbot.output.reconnects", null, "Reconnects", countingFrom(3));
        System.gc();

        assertThat(metrics.scrape()).contains("recbot_output_reconnects_total{session=\"controlled\"} 3.0\n");
    }

    private static java.util.function.DoubleSupplier countingFrom(long start) {
        AtomicLong n = new AtomicLong(start);
        return n::get;
    }

    @Test
    void theProcessCpuTimeAndResidentMemoryAreThisProcesss() {
        String text = metrics.scrape();
        double cpu = value(text, "process_cpu_seconds_total");
        double rss = value(text, "process_resident_memory_bytes");

        assertThat(cpu).as("this JVM has run for a while").isPositive();
        assertThat(rss).isGreaterThan(10e6).isLessThan(Runtime.getRuntime().maxMemory() + 4e9);
    }

    @Test
    void micrometersGlobalRegistryIsNeverUsed() {
        metrics.session("controlled").gauge("recbot.output.up", null, "Up", () -> 1);
        metrics.scrape();

        assertThat(io.micrometer.core.instrument.Metrics.globalRegistry.getRegistries()).isEmpty();
        assertThat(io.micrometer.core.instrument.Metrics.globalRegistry.getMeters()).isEmpty();
    }

    @Test
    void theProcStatLineIsReadPastACommandNameWithSpacesAndParentheses() {
        String stat = "4242 (java (x) y) S 1 4242 4242 0 -1 4194560 2790 0 0 0 250 31 0 0 20 0 40 0 1000 0 0";
        assertThat(ProcessMeters.cpuSeconds(stat)).isEqualTo(2.81);
        assertThat(ProcessMeters.cpuSeconds("")).isNaN();
        assertThat(ProcessMeters.residentBytes("Name:\tjava\nVmRSS:\t  123456 kB\nThreads:\t30\n"))
                .isEqualTo(123456 * 1024.0);
        assertThat(ProcessMeters.residentBytes("Name:\tjava\n")).isNaN();
    }

    /** The value of a sample without labels. */
    static double value(String text, String name) {
        return text.lines().filter(l -> l.startsWith(name + " ")).map(l -> Double.parseDouble(l.substring(name.length() + 1)))
                .findFirst().orElseThrow(() -> new AssertionError(name + " not in:\n" + text));
    }
}
