package live.recbot.proc;

import java.io.IOException;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * The one thread that forks recbot's helper processes. The kernel's parent-death signal is tied to
 * the forking thread, not the process, so this thread lives as long as the JVM.
 */
public final class ProcessLauncher {
    private static final ProcessLauncher SHARED = new ProcessLauncher();
    private final ExecutorService thread = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "recbot-process-launcher");
        t.setDaemon(true);
        return t;
    });

    private ProcessLauncher() {
    }

    public static ProcessLauncher shared() {
        return SHARED;
    }

    public Process start(ProcessBuilder pb) throws IOException {
        try {
            return call(pb::start);
        } catch (IOException | RuntimeException e) {
            throw e;
        } catch (Exception e) {
            throw new IOException(e);
        }
    }

    /** Runs {@code task} on the launcher thread, for libraries that fork on the caller's thread. */
    public <T> T call(Callable<T> task) throws Exception {
        Future<T> f = thread.submit(task);
        try {
            return f.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            f.cancel(true);
            throw e;
        } catch (ExecutionException e) {
            if (e.getCause() instanceof Exception ex) {
                throw ex;
            }
            throw e;
        }
    }
}
