package live.recbot.proc;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A helper process (X server, audio server, browser driver) owned by one session. It is started
 * under {@code setpriv --pdeathsig KILL}, so the kernel kills it if the JVM dies without running
 * any cleanup, and {@link #close()} stops it with its descendants: SIGTERM, then SIGKILL. It runs
 * in a session of its own ({@code setsid}): Ctrl-C in a terminal signals the whole foreground
 * process group, and the X and sound servers must outlive recbot's graceful stop, not die with it.
 */
public final class ChildProcess implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(ChildProcess.class);
    /**
     * Set in the environment of every process a session starts (inherited by their children), so
     * an operator or a test can find anything a session left behind.
     */
    public static final String SESSION_ENV = "RECBOT_SESSION_DIR";
    private static final Duration GRACE = Duration.ofSeconds(3);
    private static final String SETPRIV = "/usr/bin/setpriv";
    private static final String SETSID = "/usr/bin/setsid";

    private final String name;
    private final Process process;

    private ChildProcess(String name, Process process) {
        this.name = name;
        this.process = process;
    }

    /**
     * Starts {@code command} with its output in {@code logFile}. PR_SET_PDEATHSIG fires when the
     * thread that forked the child exits, so every child is started from the long-lived
     * {@link ProcessLauncher} thread, never from a short-lived one.
     */
    public static ChildProcess start(String name, List<String> command, Map<String, String> env, Path logFile,
                                     ProcessBuilder.Redirect stdout) throws IOException {
        List<String> cmd = new ArrayList<>();
        // Both exec in place (a forked child leads no process group), so the PID is the helper's.
        if (Files.isExecutable(Path.of(SETSID))) {
            cmd.add(SETSID);
        }
        if (Files.isExecutable(Path.of(SETPRIV))) {
            cmd.addAll(List.of(SETPRIV, "--pdeathsig", "KILL", "--"));
        }
        cmd.addAll(command);
        ProcessBuilder pb = new ProcessBuilder(cmd);
        pb.environment().putAll(withTmpDir(env));
        pb.redirectErrorStream(stdout == null);
        pb.redirectOutput(stdout == null ? ProcessBuilder.Redirect.appendTo(logFile.toFile()) : stdout);
        if (stdout != null) {
            pb.redirectError(ProcessBuilder.Redirect.appendTo(logFile.toFile()));
        }
        pb.redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile()));
        Process p = ProcessLauncher.shared().start(pb);
        log.debug("started {} (pid {})", name, p.pid());
        return new ChildProcess(name, p);
    }

    /**
     * The environment with TMPDIR set to the session's {@link HelperTmpDir}, unless set already:
     * Chromium and the other helpers put their sockets and scratch files there, and a killed helper
     * cannot remove them, so they go where the session's own clean-up removes them.
     */
    static Map<String, String> withTmpDir(Map<String, String> env) throws IOException {
        String session = env.get(SESSION_ENV);
        if (session == null || env.containsKey("TMPDIR")) {
            return env;
        }
        Optional<Path> tmp = HelperTmpDir.create(Path.of(session));
        if (tmp.isEmpty()) {
            return env;
        }
        Map<String, String> all = new HashMap<>(env);
        all.put("TMPDIR", tmp.get().toString());
        return all;
    }

    public Process process() {
        return process;
    }

    public long pid() {
        return process.pid();
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    public String name() {
        return name;
    }

    /**
     * Kills the process and its descendants at once with SIGKILL, for a helper whose state is
     * thrown away anyway (the browser and its profile): a graceful quit only costs time.
     */
    public void kill() {
        // The tree is read before anything dies: an orphan is re-parented and can no longer be found.
        List<ProcessHandle> tree = tree();
        tree.forEach(ProcessHandle::destroyForcibly);
        // Only the direct child is waited for: SIGKILL cannot be refused, and the JDK learns of a
        // non-child's end by polling every 300 ms or more.
        try {
            if (!process.waitFor(GRACE.toMillis(), TimeUnit.MILLISECONDS)) {
                log.warn("{} (pid {}) did not exit within {} s of SIGKILL", name, process.pid(), GRACE.toSeconds());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        log.debug("killed {} (pid {})", name, process.pid());
    }

    @Override
    public void close() {
        List<ProcessHandle> tree = tree();
        for (ProcessHandle h : tree) {
            h.destroy();
        }
        long deadline = System.nanoTime() + GRACE.toNanos();
        for (ProcessHandle h : tree) {
            try {
                long left = Math.max(0, deadline - System.nanoTime());
                h.onExit().get(left, TimeUnit.NANOSECONDS);
            } catch (Exception e) {
                log.warn("{} (pid {}) did not stop within {} s; killing it", name, h.pid(), GRACE.toSeconds());
                h.destroyForcibly();
            }
        }
        try {
            process.waitFor(GRACE.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        log.debug("stopped {} (pid {})", name, process.pid());
    }

    private List<ProcessHandle> tree() {
        List<ProcessHandle> tree = new ArrayList<>(process.descendants().toList());
        tree.add(0, process.toHandle());
        return tree;
    }
}
