package live.recbot.doctor;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

/** Runs a command that prints something and exits at once ({@code --version}, {@code fc-list}). */
final class ShortCommand {
    private ShortCommand() {
    }

    /** How a short command went. */
    sealed interface Outcome {
        /** It ran and exited; {@code output} is stdout and stderr together. */
        record Exited(int code, String output) implements Outcome {
        }

        /** It could not be started, or did not finish in time. */
        record NotRun(String why) implements Outcome {
        }
    }

    static Outcome run(List<String> command, Map<String, String> env, Duration timeout) {
        ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
        pb.environment().putAll(env);
        Process p;
        try {
            p = pb.start();
        } catch (IOException e) {
            // Java's message for ENOENT: 'Cannot run program "x": error=2, No such file or directory'.
            String why = String.valueOf(e.getMessage());
            return new Outcome.NotRun(why.contains("error=2,") ? "not found" : why);
        }
        // Read beside the wait: a command that prints more than a pipe holds would block otherwise.
        CompletableFuture<String> output = CompletableFuture.supplyAsync(() -> read(p.getInputStream()));
        try {
            if (!p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                kill(p);
                return new Outcome.NotRun(command.get(0) + " did not finish within " + timeout.toSeconds() + " s");
            }
            return new Outcome.Exited(p.exitValue(), output.get(timeout.toMillis(), TimeUnit.MILLISECONDS));
        } catch (InterruptedException e) {
            kill(p);
            Thread.currentThread().interrupt();
            return new Outcome.NotRun("interrupted");
        } catch (ExecutionException | java.util.concurrent.TimeoutException e) {
            // Exited, but a child it left holds the pipe open.
            return new Outcome.Exited(p.exitValue(), "");
        }
    }

    private static String read(InputStream in) {
        try (in) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "";
        }
    }

    private static void kill(Process p) {
        p.descendants().forEach(ProcessHandle::destroyForcibly);
        p.destroyForcibly();
        try {
            p.waitFor(2, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
