package live.recbot.doctor;

import java.util.Locale;

/** Byte counts as people read them. */
final class Sizes {
    static final long MIB = 1L << 20;
    static final long GIB = 1L << 30;

    private Sizes() {
    }

    static String format(long bytes) {
        if (bytes % GIB == 0 && bytes > 0) {
            return (bytes / GIB) + " GiB";
        }
        if (bytes >= GIB) {
            return String.format(Locale.ROOT, "%.1f GiB", bytes / (double) GIB);
        }
        return (bytes / MIB) + " MiB";
    }
}
