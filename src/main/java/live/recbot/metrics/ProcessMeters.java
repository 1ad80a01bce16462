package live.recbot.metrics;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The process's CPU time and resident memory under the names Prometheus's own clients use
 * ({@code process_cpu_seconds_total}, {@code process_resident_memory_bytes}), read from
 * {@code /proc/self} when scraped: the JVM's management beans would cost start-up time for the same figures.
 */
final class ProcessMeters {
    /** Linux's user-space clock tick, fixed at 100 Hz by its ABI; Prometheus's procfs reader assumes the same. */
    static final double TICKS_PER_SECOND = 100;
    private static final Path STAT = Path.of("/proc/self/stat");
    private static final Path STATUS = Path.of("/proc/self/status");

    private ProcessMeters() {
    }

    static void bind(Meters meters) {
        meters.counter("process.cpu", "seconds", "User and system CPU time of the recbot process",
                () -> cpuSeconds(read(STAT)));
        meters.gauge("process.resident.memory", "bytes", "Resident memory of the recbot process",
                () -> residentBytes(read(STATUS)));
    }

    /** utime + stime, fields 14 and 15 of {@code /proc/<pid>/stat}; NaN if unreadable. */
    static double cpuSeconds(String stat) {
        // The command name (field 2) is in parentheses and may itself hold spaces and parentheses.
        int end = stat.lastIndexOf(')');
        if (end < 0) {
            return Double.NaN;
        }
        String[] fields = stat.substring(end + 1).trim().split(" ");
        if (fields.length < 13) {
            return Double.NaN;
        }
        try {
            // After the name: field 3 is at index 0, so utime (14) at 11 and stime (15) at 12.
            return (Long.parseLong(fields[11]) + Long.parseLong(fields[12])) / TICKS_PER_SECOND;
        } catch (NumberFormatException e) {
            return Double.NaN;
        }
    }

    /** VmRSS of {@code /proc/<pid>/status} (in kB there) in bytes; NaN if unreadable. */
    static double residentBytes(String status) {
        for (String line : status.split("\n")) {
            if (line.startsWith("VmRSS:")) {
                String kb = line.substring(6).trim().split("\\s+")[0];
                try {
                    return Long.parseLong(kb) * 1024.0;
                } catch (NumberFormatException e) {
                    return Double.NaN;
                }
            }
        }
        return Double.NaN;
    }

    private static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            return "";
        }
    }
}
