package live.recbot.session;

import java.io.IOException;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import live.recbot.browser.BrowserException;
import live.recbot.config.HMSResolution;
import live.recbot.config.RecbotConfig;
import live.recbot.config.WorkerSettings;
import live.recbot.encode.NativeLibraries;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The warm stack a serve worker keeps while idle, so that a start only opens the meeting page
 * (docs/architecture.md, record 32). One is made in the background when the worker starts and
 * after each session ends, never while a session runs, each in a new directory with a new browser
 * profile, so nothing of one meeting reaches the next. A start of another picture size discards it
 * and starts cold; the next one is made for the size last asked for.
 */
final class Standby implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(Standby.class);
    /** How long a start waits for a stack still being made before it starts cold instead. */
    private static final Duration TAKE_WAIT = Duration.ofSeconds(10);

    private final Optional<WorkerSettings> settings;
    private final ExecutorService maker;
    private CompletableFuture<WarmStack> next;
    private boolean closed;

    private Standby(Optional<WorkerSettings> settings) {
        this.settings = settings;
        this.maker = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "recbot-standby");
            t.setDaemon(true);
            return t;
        });
    }

    /** No warm stack: every start is cold, as for {@code run}. */
    static Standby off() {
        return new Standby(Optional.empty());
    }

    /** Warm stacks for a worker with {@code settings}; {@link #prepare} makes the first. */
    static Standby on(WorkerSettings settings) {
        return new Standby(Optional.of(settings));
    }

    /** Starts making a warm stack for sessions of {@code size} in the background, unless one is there. */
    synchronized void prepare(HMSResolution size) {
        if (settings.isEmpty() || closed || next != null) {
            return;
        }
        WorkerSettings s = settings.get();
        next = CompletableFuture.supplyAsync(() -> {
            NativeLibraries.preload();
            long began = System.nanoTime();
            try {
                WarmStack stack = WarmStack.start(s, size, this::isClosed)
                        .orElseThrow(() -> new CompletionException(new CancellationException("the worker stops")));
                log.info("warm stack ready for {} in {} ms", size, (System.nanoTime() - began) / 1_000_000);
                return stack;
            } catch (BrowserException e) {
                log.warn("no warm stack: {}; the next start is cold", e.error().message());
                throw new CompletionException(e);
            } catch (IOException e) {
                log.warn("no warm stack: cannot create a working directory: {}; the next start is cold", e.toString());
                throw new CompletionException(e);
            }
        }, maker);
    }

    private synchronized boolean isClosed() {
        return closed;
    }

    /** Whether a warm stack is ready for the next start. */
    synchronized boolean ready() {
        CompletableFuture<WarmStack> f = next;
        return f != null && f.isDone() && !f.isCompletedExceptionally();
    }

    /**
     * The warm stack for a start of {@code config}, the caller's from then on; empty when there is
     * none, it failed, or it does not fit (it is then released in the background).
     */
    Optional<WarmStack> take(RecbotConfig config) {
        CompletableFuture<WarmStack> f;
        synchronized (this) {
            f = next;
            next = null;
        }
        if (f == null) {
            return Optional.empty();
        }
        WarmStack stack;
        try {
            stack = f.get(TAKE_WAIT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            log.warn("the warm stack was not ready within {} s; starting cold", TAKE_WAIT.toSeconds());
            f.thenAccept(WarmStack::close);
            return Optional.empty();
        } catch (ExecutionException e) {
            return Optional.empty();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            f.thenAccept(WarmStack::close);
            return Optional.empty();
        }
        if (!stack.fits(config)) {
            log.info("the warm stack ({}) does not fit a start at {}; starting cold", stack.size(), config.resolution());
            maker.execute(stack::close);
            return Optional.empty();
        }
        return Optional.of(stack);
    }

    /** Releases the warm stack, waiting for one being made, and makes no more. */
    @Override
    public void close() {
        CompletableFuture<WarmStack> f;
        synchronized (this) {
            closed = true;
            f = next;
            next = null;
        }
        if (f != null) {
            try {
                f.join().close();
            } catch (CompletionException e) {
                // It failed to start and released what it had started.
            }
        }
        maker.shutdown();
        try {
            // A stack that did not fit is released on the maker's thread: let that finish too.
            maker.awaitTermination(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
