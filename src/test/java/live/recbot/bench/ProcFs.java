package live.recbot.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * What the kernel says about processes and the machine, read from /proc: CPU time in clock ticks,
 * peak resident memory, the process tree. Every benchmark figure about resources comes from here.
 */
final class ProcFs {
    private static final Path PROC = Path.of("/proc");
    /** USER_HZ: the unit of the CPU times in /proc/<pid>/stat and /proc/stat; 100 on Linux/x86. */
    static final long TICKS_PER_SECOND = ticksPerSecond();

    private ProcFs() {
    }

    /** One process's fields from /proc/<pid>/stat that the benchmark uses. */
    record Stat(int pid, int ppid, long startTicks, long cpuTicks, String command) {
        /** The same process, not a later one that reused the PID. */
        boolean sameProcess(Stat other) {
            return pid == other.pid && startTicks == other.startTicks;
        }
    }

    /**
     * A {@code stat} file of a process or thread: its name, and its fields from field 3 (state) on,
     * so that {@code fields[0]} is field 3: ppid is field 4, utime..cstime 14..17, starttime 22.
     */
    private record StatLine(String name, String[] fields) {
        static StatLine read(Path stat) throws IOException {
            String s = Files.readString(stat);
            // The name may hold spaces and parentheses: fields resume after the last ')'.
            int close = s.lastIndexOf(')');
            return new StatLine(s.substring(s.indexOf('(') + 1, close), s.substring(close + 2).trim().split(" "));
        }

        long field(int n) {
            return Long.parseLong(fields[n - 3]);
        }
    }

    /** The process, or empty once it has exited. */
    static Optional<Stat> stat(int pid) {
        try {
            StatLine s = StatLine.read(PROC.resolve(Integer.toString(pid)).resolve("stat"));
            long cpu = s.field(14) + s.field(15) + s.field(16) + s.field(17);
            return Optional.of(new Stat(pid, (int) s.field(4), s.field(22), cpu, s.name()));
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }

    /**
     * CPU ticks (user and system) of the live threads of {@code pid} whose name (as the kernel
     * keeps it, at most 15 characters) {@code name} accepts; -1 when no thread is accepted (the
     * process exited, or its threads are named otherwise).
     */
    static long threadTicks(long pid, java.util.function.Predicate<String> name) {
        Path tasks = PROC.resolve(Long.toString(pid)).resolve("task");
        long sum = 0;
        boolean any = false;
        try (var dirs = Files.list(tasks)) {
            for (Path t : (Iterable<Path>) dirs::iterator) {
                try {
                    StatLine s = StatLine.read(t.resolve("stat"));
                    if (name.test(s.name())) {
                        sum += s.field(14) + s.field(15);
                        any = true;
                    }
                } catch (IOException | RuntimeException e) {
                    // The thread ended while it was read.
                }
            }
        } catch (IOException e) {
            return -1;
        }
        return any ? sum : -1;
    }

    /** Every live process. */
    static List<Stat> all() {
        try (var dirs = Files.list(PROC)) {
            return dirs.map(p -> p.getFileName().toString()).filter(n -> n.chars().allMatch(Character::isDigit))
                    .map(n -> stat(Integer.parseInt(n))).flatMap(Optional::stream).toList();
        } catch (IOException e) {
            throw new IllegalStateException("cannot list /proc", e);
        }
    }

    /** {@code root} and every process below it, as they are now. */
    static Map<Integer, Stat> tree(int root) {
        List<Stat> all = all();
        Map<Integer, List<Stat>> children = new HashMap<>();
        Map<Integer, Stat> byPid = new HashMap<>();
        for (Stat s : all) {
            children.computeIfAbsent(s.ppid(), k -> new java.util.ArrayList<>()).add(s);
            byPid.put(s.pid(), s);
        }
        Map<Integer, Stat> tree = new HashMap<>();
        ArrayDeque<Integer> todo = new ArrayDeque<>();
        if (byPid.containsKey(root)) {
            todo.add(root);
        }
        Set<Integer> seen = new HashSet<>();
        while (!todo.isEmpty()) {
            int pid = todo.poll();
            if (!seen.add(pid)) {
                continue;
            }
            tree.put(pid, byPid.get(pid));
            for (Stat c : children.getOrDefault(pid, List.of())) {
                todo.add(c.pid());
            }
        }
        return tree;
    }

    /**
     * CPU ticks spent between two snapshots of a set of processes. A process that appeared in
     * between counts from zero; one that exited in between is lost unless its parent reaped it
     * (then its time shows in the parent's cutime/cstime, which {@link Stat#cpuTicks} includes).
     */
    static long ticksBetween(Map<Integer, Stat> before, Map<Integer, Stat> after) {
        long sum = 0;
        for (Stat now : after.values()) {
            Stat then = before.get(now.pid());
            sum += then != null && then.sameProcess(now) ? now.cpuTicks() - then.cpuTicks() : now.cpuTicks();
        }
        return sum;
    }

    /** Peak resident set size (VmHWM) in kB, or -1 once the process has exited. */
    static long peakRssKb(int pid) {
        try {
            for (String line : Files.readAllLines(PROC.resolve(Integer.toString(pid)).resolve("status"))) {
                if (line.startsWith("VmHWM:")) {
                    return Long.parseLong(line.replaceAll("[^0-9]", ""));
                }
            }
        } catch (IOException | RuntimeException e) {
            return -1;
        }
        return -1;
    }

    /** Busy and total ticks of the whole machine, all cores, from the first line of /proc/stat. */
    record MachineTicks(long busy, long total) {
    }

    static MachineTicks machine() {
        try {
            String[] f = Files.readAllLines(PROC.resolve("stat")).get(0).trim().split("\\s+");
            long total = 0;
            for (int i = 1; i < Math.min(f.length, 9); i++) {
                total += Long.parseLong(f[i]);
            }
            long idle = Long.parseLong(f[4]) + Long.parseLong(f[5]);
            return new MachineTicks(total - idle, total);
        } catch (IOException e) {
            throw new IllegalStateException("cannot read /proc/stat", e);
        }
    }

    static String cpuModel() {
        try {
            return Files.readAllLines(PROC.resolve("cpuinfo")).stream().filter(l -> l.startsWith("model name"))
                    .findFirst().map(l -> l.substring(l.indexOf(':') + 1).trim()).orElse("unknown");
        } catch (IOException e) {
            return "unknown";
        }
    }

    static long memTotalMb() {
        try {
            return Files.readAllLines(PROC.resolve("meminfo")).stream().filter(l -> l.startsWith("MemTotal:"))
                    .findFirst().map(l -> Long.parseLong(l.replaceAll("[^0-9]", "")) / 1024).orElse(-1L);
        } catch (IOException e) {
            return -1;
        }
    }

    private static long ticksPerSecond() {
        try {
            Process p = new ProcessBuilder("getconf", "CLK_TCK").redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes()).trim();
            p.waitFor();
            return Long.parseLong(out);
        } catch (IOException | RuntimeException e) {
            return 100;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return 100;
        }
    }
}
