package live.recbot.doctor;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Runs checks side by side and collects their findings in the checks' order: most of a check's
 * time is spent waiting for a process or a native library to load, so the doctor takes about as
 * long as its slowest check.
 */
public final class Checkup {
    private static final int THREADS = 4;

    private Checkup() {
    }

    public static List<Finding> run(List<Check> checks) {
        ExecutorService pool = Executors.newFixedThreadPool(Math.max(1, Math.min(THREADS, checks.size())), r -> {
            Thread t = new Thread(r, "recbot-doctor");
            t.setDaemon(true);
            return t;
        });
        try {
            List<Future<CheckResult>> results = new ArrayList<>();
            for (Check c : checks) {
                results.add(pool.submit(() -> safely(c)));
            }
            List<Finding> findings = new ArrayList<>();
            for (int i = 0; i < checks.size(); i++) {
                findings.add(new Finding(checks.get(i).name(), await(results.get(i))));
            }
            return findings;
        } finally {
            pool.shutdownNow();
        }
    }

    /** A check that throws anyway is a failed row, not a stack trace. */
    private static CheckResult safely(Check c) {
        try {
            return c.run();
        } catch (RuntimeException | LinkageError e) {
            return CheckResult.fail("the check failed: " + e, "report this as a recbot bug");
        }
    }

    private static CheckResult await(Future<CheckResult> f) {
        try {
            return f.get();
        } catch (ExecutionException e) {
            return CheckResult.fail("the check failed: " + e.getCause(), "report this as a recbot bug");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return CheckResult.fail("interrupted", "run the doctor again");
        }
    }
}
