package live.recbot.metrics;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.FunctionTimer;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.DoubleSupplier;
import java.util.function.Function;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A group of meters that share labels and go away together. Each meter is a function read at
 * scrape time over a value its owner keeps (an atomic counter, a volatile field): registering is
 * done once per session or output, and counting costs the owner no more than its own increment.
 * A meter added before the registry exists is registered once it does, on the thread that built
 * it; after {@link #close()} nothing more is registered.
 */
public final class Meters implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(Meters.class);
    private final CompletableFuture<? extends MeterRegistry> registry;
    private final Consumer<Meters> onClose;
    /** Labels of every meter in the group, as name, value, name, value... */
    private final String[] labels;
    private final List<Meter> meters = new ArrayList<>();
    // Function counters and timers hold their source weakly; kept here, it lives as long as its meter.
    private final List<Object> sources = new ArrayList<>();
    /** The groups within this one, by their extra labels; concurrent, as a group leaves it when closed alone. */
    private final Map<List<String>, Meters> groups = new ConcurrentHashMap<>();
    private boolean closed;

    /** {@code onClose} hears once that the group is closed. */
    Meters(CompletableFuture<? extends MeterRegistry> registry, Consumer<Meters> onClose, String... labels) {
        this.registry = registry;
        this.onClose = onClose;
        this.labels = labels.clone();
    }

    /**
     * A value that goes up and down.
     *
     * @param unit  the base unit, appended to the name ({@code bytes}, {@code seconds}), or null
     * @param extra more labels, as name, value, name, value...
     */
    public void gauge(String name, String unit, String help, DoubleSupplier value, String... extra) {
        add(r -> Gauge.builder(name, value, DoubleSupplier::getAsDouble).strongReference(true).baseUnit(unit)
                .description(help).tags(tags(extra)).register(r), value);
    }

    /** A count that only grows while its owner lives; exposed as {@code <name>_<unit>_total}. */
    public void counter(String name, String unit, String help, DoubleSupplier value, String... extra) {
        add(r -> FunctionCounter.builder(name, value, DoubleSupplier::getAsDouble).baseUnit(unit).description(help)
                .tags(tags(extra)).register(r), value);
    }

    /** How many events took how long in all: a summary {@code <name>_seconds} with its count and sum. */
    public void timer(String name, String help, LongSupplier count, LongSupplier totalNanos, String... extra) {
        Durations source = new Durations(count, totalNanos);
        add(r -> FunctionTimer.builder(name, source, d -> d.count().getAsLong(), d -> d.totalNanos().getAsLong(),
                TimeUnit.NANOSECONDS).description(help).tags(tags(extra)).register(r), source);
    }

    private record Durations(LongSupplier count, LongSupplier totalNanos) {
    }

    /**
     * The group within this one that adds {@code extra} labels to each of its meters, made on first
     * use: closing it removes its meters alone (one output's, when the output goes), and closing this
     * group closes it too.
     */
    public synchronized Meters group(String... extra) {
        List<String> key = List.of(extra);
        Meters group = groups.get(key);
        if (group != null) {
            return group;
        }
        String[] all = Arrays.copyOf(labels, labels.length + extra.length);
        System.arraycopy(extra, 0, all, labels.length, extra.length);
        Meters made = new Meters(registry, m -> groups.remove(key, m), all);
        if (closed) {
            made.close();
        } else {
            groups.put(key, made);
        }
        return made;
    }

    private Tags tags(String... extra) {
        return Tags.of(labels).and(extra);
    }

    /**
     * Registers now, on this thread, if the registry exists; else on the thread that builds it
     * (Micrometer's classes load there too, not on the caller's).
     */
    private void add(Function<MeterRegistry, Meter> builder, Object source) {
        registry.thenAccept(r -> register(r, builder, source)).exceptionally(e -> {
            // A registry that could not be built has said so once already.
            if (!registry.isCompletedExceptionally()) {
                log.error("a meter could not be registered: {}", e.toString());
            }
            return null;
        });
    }

    private synchronized void register(MeterRegistry r, Function<MeterRegistry, Meter> builder, Object source) {
        if (closed) {
            return;
        }
        meters.add(builder.apply(r));
        sources.add(source);
    }

    /** Removes every meter of this group from the registry; later registrations are ignored. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        onClose.accept(this);
        List.copyOf(groups.values()).forEach(Meters::close);
        // Only a registry that exists holds meters.
        meters.forEach(m -> registry.join().remove(m));
        meters.clear();
        sources.clear();
    }
}
