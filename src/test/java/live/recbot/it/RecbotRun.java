package live.recbot.it;

import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import live.recbot.session.AbandonedWorkDirs;

/**
 * The packaged recbot, run as a user runs it: {@code scripts/recbot ARGS}, in its own temp
 * directory so that every process it starts can be found afterwards by its session marker.
 */
final class RecbotRun implements AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final Process process;
    private final Path dir;
    private final Path tmp;

    private RecbotRun(Process process, Path dir, Path tmp) {
        this.process = process;
        this.dir = dir;
        this.tmp = tmp;
    }

    /** Starts recbot with {@code args}; its output goes to files in {@code dir}. */
    static RecbotRun start(Path dir, Map<String, String> env, String... args) throws IOException {
        return start(dir, env, List.of(), args);
    }

    /**
     * Starts recbot as a shell starts a command in a terminal: leading its own process group,
     * which is what Ctrl-C signals as a whole ({@link #interruptProcessGroup()}).
     */
    static RecbotRun startAsTerminalJob(Path dir, String... args) throws IOException {
        // setsid execs in place (the test JVM's child leads no group), so the PID stays recbot's.
        // A terminal's foreground job has Ctrl-C at its default action; a test run launched in the
        // background inherits it ignored, and a JVM that starts with SIGINT ignored keeps ignoring
        // it (two fresh-clone runs launched with nohup ... & failed here). env resets it, in place.
        return start(dir, Map.of(), List.of("/usr/bin/env", "--default-signal=INT", "/usr/bin/setsid"), args);
    }

    private static RecbotRun start(Path dir, Map<String, String> env, List<String> prefix, String... args)
            throws IOException {
        return startFrom(Path.of(System.getProperty("recbot.root", ".")), dir, env, prefix, args);
    }

    /**
     * Starts the launcher of the recbot in {@code root} behind {@code prefix}, a command that execs
     * it in place (setpriv switching to another user, say), so that the process is recbot's.
     */
    static RecbotRun startFrom(Path root, Path dir, Map<String, String> env, List<String> prefix, String... args)
            throws IOException {
        List<String> cmd = new ArrayList<>(prefix);
        cmd.add(root.resolve("scripts/recbot").toString());
        cmd.addAll(List.of(args));
        return start(dir, env, cmd, dir.resolve("stderr.txt"));
    }

    /** The launcher users run: the same JVM options and class data archive as in production. */
    private static Path launcher() {
        return Path.of(System.getProperty("recbot.root", ".")).resolve("scripts/recbot");
    }

    /**
     * Starts recbot in a pseudo-terminal of its own (util-linux {@code script}), as from a shell at
     * a terminal: stdin, stdout and stderr are the terminal, and what it shows goes to stdout.txt;
     * with {@code stderrToFile}, recbot's stderr goes to stderr.txt instead, its stdout staying the terminal.
     */
    static RecbotRun startInTerminal(Path dir, Map<String, String> env, boolean stderrToFile, String... args)
            throws IOException {
        StringBuilder line = new StringBuilder("exec ").append(quoted(launcher().toString()));
        for (String a : args) {
            line.append(' ').append(quoted(a));
        }
        if (stderrToFile) {
            line.append(" 2>").append(quoted(dir.resolve("stderr.txt").toString()));
        }
        return start(dir, env, List.of("script", "--quiet", "--return", "--command", line.toString(), "/dev/null"),
                dir.resolve("script-stderr.txt"));
    }

    private static String quoted(String word) {
        return "'" + word.replace("'", "'\\''") + "'";
    }

    private static RecbotRun start(Path dir, Map<String, String> env, List<String> cmd, Path stderr)
            throws IOException {
        Path tmp = Files.createDirectories(dir.resolve("tmp"));
        ProcessBuilder pb = new ProcessBuilder(cmd)
                .redirectOutput(dir.resolve("stdout.txt").toFile())
                .redirectError(stderr.toFile())
                .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
        pb.environment().keySet().removeIf(k -> k.startsWith("RECBOT_"));
        pb.environment().putAll(env);
        pb.environment().put("RECBOT_JAVA_OPTS", "-Djava.io.tmpdir=" + tmp);
        return new RecbotRun(pb.start(), dir, tmp);
    }

    static RecbotRun start(Path dir, String... args) throws IOException {
        return start(dir, Map.of(), args);
    }

    /** Waits for the exit code; fails the test if recbot takes longer than {@code timeout}. */
    int waitForExit(Duration timeout) throws InterruptedException {
        if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            throw new AssertionError("recbot did not exit within " + timeout + "; stderr:\n" + stderr());
        }
        return process.exitValue();
    }

    /** For {@code serve --port 0}: the port it printed once listening. */
    int awaitServePort() {
        return await("serve to listen").atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(100))
                .until(() -> {
                    if (!process.isAlive()) {
                        throw new AssertionError("serve exited " + process.exitValue() + ": " + stderr());
                    }
                    java.util.regex.Matcher m = java.util.regex.Pattern.compile("serving on http://[^:]+:(\\d+)")
                            .matcher(stdout());
                    return m.find() ? Integer.parseInt(m.group(1)) : null;
                }, java.util.Objects::nonNull);
    }

    /** Threads, open file descriptors and resident memory (kB) of the recbot JVM, from /proc. */
    long[] resourceUse() throws IOException {
        Path proc = Path.of("/proc", Long.toString(process.pid()));
        long threads = 0;
        long rss = 0;
        for (String line : Files.readAllLines(proc.resolve("status"))) {
            if (line.startsWith("Threads:")) {
                threads = Long.parseLong(line.replaceAll("\\D", ""));
            } else if (line.startsWith("VmRSS:")) {
                rss = Long.parseLong(line.replaceAll("\\D", ""));
            }
        }
        long fds;
        try (Stream<Path> s = Files.list(proc.resolve("fd"))) {
            fds = s.count();
        }
        return new long[] {threads, fds, rss};
    }

    /** A full garbage collection in the recbot JVM, so what is measured next is what is really held. */
    void collectGarbage() throws IOException, InterruptedException {
        Process jcmd = new ProcessBuilder("jcmd", Long.toString(process.pid()), "GC.run")
                .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        if (!jcmd.waitFor(30, TimeUnit.SECONDS) || jcmd.exitValue() != 0) {
            throw new AssertionError("jcmd GC.run failed for " + process.pid());
        }
    }

    /** SIGTERM, as an orchestrator stops a container. */
    void terminate() {
        process.destroy();
    }

    /** SIGINT to recbot's whole process group, as Ctrl-C in a terminal sends it. */
    void interruptProcessGroup() throws IOException, InterruptedException {
        Process kill = new ProcessBuilder("kill", "-INT", "--", "-" + process.pid())
                .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        if (!kill.waitFor(10, TimeUnit.SECONDS) || kill.exitValue() != 0) {
            throw new AssertionError("kill -INT -" + process.pid() + " failed");
        }
    }

    long pid() {
        return process.pid();
    }

    String stdout() {
        return read(dir.resolve("stdout.txt"));
    }

    String stderr() {
        return read(dir.resolve("stderr.txt"));
    }

    static String read(Path f) {
        try {
            return Files.exists(f) ? Files.readString(f, StandardCharsets.UTF_8) : "";
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    static JsonNode json(Path f) {
        try {
            return JSON.readTree(Files.readString(f, StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new AssertionError("cannot read " + f + ": " + e);
        }
    }

    /** Waits until the status file exists and {@code condition} holds for it. */
    static JsonNode awaitStatus(Path statusFile, Duration timeout, java.util.function.Predicate<JsonNode> condition) {
        return await("status " + statusFile).atMost(timeout).pollInterval(Duration.ofMillis(100))
                .until(() -> Files.exists(statusFile) ? json(statusFile) : null, s -> s != null && condition.test(s));
    }

    /**
     * The processes this run's sessions started that are still alive: Xvfb, PulseAudio,
     * chromedriver and Chromium all carry the session's directory (under this run's temp dir) in
     * their environment; Chromium's own children (zygotes, renderers, GPU process) get a cleaned
     * environment but name the profile directory, under the same temp dir, on their command line.
     */
    List<String> leftoverProcesses() {
        String marker = "RECBOT_SESSION_DIR=" + tmp;
        List<String> found = new ArrayList<>();
        try (Stream<Path> procs = Files.list(Path.of("/proc"))) {
            for (Path p : procs.filter(p -> p.getFileName().toString().matches("\\d+")).toList()) {
                try {
                    String env = new String(Files.readAllBytes(p.resolve("environ")), StandardCharsets.UTF_8);
                    String cmd = new String(Files.readAllBytes(p.resolve("cmdline")), StandardCharsets.UTF_8)
                            .replace('\0', ' ');
                    boolean self = p.getFileName().toString().equals(Long.toString(process.pid()));
                    if (!self && (env.contains(marker) || cmd.contains(tmp + "/"))) {
                        found.add(p.getFileName() + " " + cmd.substring(0, Math.min(120, cmd.length())));
                    }
                } catch (IOException e) {
                    // The process ended while being looked at.
                }
            }
        } catch (IOException e) {
            throw new AssertionError(e);
        }
        return found;
    }

    /** The DevTools port of the browser this run's session shows the meeting in, once it listens. */
    java.util.OptionalInt devToolsPort() {
        try (Stream<Path> files = Files.walk(tmp, 6)) {
            for (Path f : files.filter(f -> f.getFileName().toString().equals("DevToolsActivePort")).toList()) {
                List<String> lines = Files.readAllLines(f);
                if (!lines.isEmpty() && lines.get(0).matches("\\d+")) {
                    return java.util.OptionalInt.of(Integer.parseInt(lines.get(0)));
                }
            }
        } catch (IOException | java.io.UncheckedIOException e) {
            // A browser folder being created or removed; none yet.
        }
        return java.util.OptionalInt.empty();
    }

    /** PIDs of this run's session processes whose command line contains {@code text}. */
    List<Long> sessionProcesses(String text) {
        return leftoverProcesses().stream().filter(l -> l.contains(text))
                .map(l -> Long.parseLong(l.substring(0, l.indexOf(' ')))).toList();
    }

    /** The working directories of this run's sessions that are still there. */
    List<Path> sessionDirs() {
        try (Stream<Path> list = Files.list(tmp)) {
            return list.filter(p -> p.getFileName().toString().startsWith("recbot-")).sorted().toList();
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    /** Asserts, with a grace period for the kernel to reap, that nothing this run started is alive. */
    void assertNothingLeftRunning() {
        await("processes of the session to end").atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(200))
                .until(this::leftoverProcesses, List::isEmpty);
    }

    /**
     * Kills recbot if it still runs (a test's end, passed or failed, needs no graceful stop), and
     * removes what a killed recbot leaves outside this run's temp dir.
     */
    @Override
    public void close() {
        if (process.isAlive()) {
            // Run in a terminal, recbot is script's child: the JVM goes too, not just the terminal.
            List<ProcessHandle> below = process.descendants().toList();
            process.destroyForcibly();
            below.forEach(ProcessHandle::destroyForcibly);
            try {
                process.waitFor(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        // Last resort for a failed test: kill anything the session left, by PID.
        for (String line : leftoverProcesses()) {
            ProcessHandle.of(Long.parseLong(line.substring(0, line.indexOf(' ')))).ifPresent(ProcessHandle::destroyForcibly);
        }
        // What the killed recbot left (its sessions' folders, the helpers' ones under /tmp), as the
        // next worker would remove it.
        AbandonedWorkDirs.remove(tmp);
    }
}
