package live.recbot.cli;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The live line {@code run} shows on a terminal: elapsed time, pictures encoded per second,
 * bitrate, the A/V delay and each output's state, redrawn in place once a second on a daemon
 * thread of its own, which {@link #close()} stops, erasing the line.
 */
final class ProgressLine implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(ProgressLine.class);
    static final Duration PERIOD = Duration.ofSeconds(1);

    private final ProgressSource source;
    private final Path device;
    private final Map<String, String> env;
    private final ProgressConsole console;
    private final ScheduledExecutorService ticker;
    private final long startNanos = System.nanoTime();
    /** Touched only on the ticker's thread. */
    private Optional<ProgressReading> previous = Optional.empty();
    private int width;

    private ProgressLine(ProgressSource source, Path device, Map<String, String> env) {
        this.source = source;
        this.device = device;
        this.env = env;
        this.console = ProgressConsole.install();
        this.ticker = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "recbot-progress");
            t.setDaemon(true);
            return t;
        });
        ticker.scheduleAtFixedRate(this::tick, 0, PERIOD.toMillis(), TimeUnit.MILLISECONDS);
    }

    /**
     * A line when stderr is a terminal that can redraw one, the logs are text and the user did
     * not opt out; else null.
     */
    static ProgressLine startIfWanted(ProgressSource source, boolean optedOut, boolean jsonLogs,
                                      Map<String, String> env) {
        Optional<Path> device = StderrTerminal.device();
        if (!wanted(optedOut, jsonLogs, device.isPresent(), env)) {
            return null;
        }
        return new ProgressLine(source, device.get(), env);
    }

    static boolean wanted(boolean optedOut, boolean jsonLogs, boolean stderrIsTerminal, Map<String, String> env) {
        return !optedOut && !jsonLogs && stderrIsTerminal && StderrTerminal.redrawable(env);
    }

    private void tick() {
        try {
            if (width == 0) {
                // Asked once, here rather than on the run's start.
                width = StderrTerminal.width(device, env);
            }
            long now = System.nanoTime();
            ProgressReading reading = source.read(now, Duration.ofNanos(now - startNanos));
            console.show(ProgressFormat.line(previous, reading, width));
            previous = Optional.of(reading);
        } catch (RuntimeException e) {
            // One second's line missed; a thrown exception would cancel every later tick.
            log.debug("progress line: {}", e.toString());
        }
    }

    @Override
    public void close() {
        ticker.shutdownNow();
        try {
            ticker.awaitTermination(2, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        console.uninstall();
    }
}
