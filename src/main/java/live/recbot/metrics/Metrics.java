package live.recbot.metrics;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One worker's meters, in a Prometheus registry of its own (Micrometer's global registry is never
 * used), scraped in the Prometheus text format. Every meter reads its value when scraped: what is
 * measured keeps plain atomic counters and fields, so no meter runs on the media path.
 *
 * <p>The registry is built on a thread of its own: loading it costs about 50 ms of a cold JVM,
 * which a run's start would otherwise wait for. Meters added meanwhile are registered once it exists.
 */
public final class Metrics implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(Metrics.class);
    /** The Prometheus text exposition format, version 0.0.4: what {@link #scrape()} writes. */
    public static final String CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8";
    /** The label telling a worker's two sessions apart. */
    public static final String SESSION = "session";

    private final CompletableFuture<PrometheusMeterRegistry> registry = new CompletableFuture<>();
    /** Completes after {@link #registry} has run what waited for it: every meter added before is registered. */
    private final CompletableFuture<PrometheusMeterRegistry> ready = new CompletableFuture<>();
    private final Meters worker = new Meters(registry, m -> { });
    /** The groups not closed yet, held here: their meters' sources must live as long as the meters. */
    private final Set<Meters> open = ConcurrentHashMap.newKeySet();

    private Metrics() {
    }

    /** Starts building the registry, with the process's CPU time and resident memory. */
    public static Metrics start() {
        Metrics metrics = new Metrics();
        ProcessMeters.bind(metrics.worker);
        Thread init = new Thread(metrics::build, "recbot-metrics");
        init.setDaemon(true);
        init.start();
        return metrics;
    }

    private void build() {
        try {
            // A meter that cannot be registered (a name reused with other labels) is a bug: it fails, not vanishes.
            PrometheusMeterRegistry r = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT)
                    .throwExceptionOnRegistrationFailure();
            registry.complete(r);
            ready.complete(r);
        } catch (RuntimeException | Error e) {
            log.error("metrics are not available: {}", e.toString());
            registry.completeExceptionally(e);
            ready.completeExceptionally(e);
        }
    }

    /** The worker's own meters, which live as long as the worker. */
    public Meters worker() {
        return worker;
    }

    /**
     * Meters for one session, labelled {@code session=<kind>}; closing them removes them from
     * the registry, so a long-lived worker keeps only the meters of the sessions that run.
     */
    public Meters session(String kind) {
        Meters session = new Meters(registry, open::remove, SESSION, kind);
        open.add(session);
        return session;
    }

    /** Every meter's current value in the Prometheus text format ({@link #CONTENT_TYPE}). */
    public String scrape() {
        return ready.join().scrape();
    }

    /**
     * The registry, for reading meters in this process (the progress line); empty until it is
     * built, or if it could not be.
     */
    public Optional<MeterRegistry> registry() {
        return ready.isDone() && !ready.isCompletedExceptionally() ? Optional.of(ready.join()) : Optional.empty();
    }

    @Override
    public void close() {
        worker.close();
        ready.thenAccept(PrometheusMeterRegistry::close);
    }
}
