package live.recbot.cli;

import java.util.Locale;
import java.util.Optional;

/** The progress line's text, from the reading a second ago and the one now. */
final class ProgressFormat {
    private static final String GAP = "  ";

    private ProgressFormat() {
    }

    /**
     * For example {@code 0:01:05  30.0 fps  2000 kbit/s  A/V 120 ms  file up  rtmp-0 reconnecting}, or
     * {@code 0:01:05  sound only  130 kbit/s  file up} without a picture;
     * a figure that cannot be known yet is {@code -}. The outputs come last, so a line cut to
     * {@code width - 1} characters (the last column left free, where a terminal would wrap) keeps the figures.
     */
    static String line(Optional<ProgressReading> previous, ProgressReading now, int width) {
        StringBuilder b = new StringBuilder(96);
        long s = now.elapsed().toSeconds();
        b.append(String.format(Locale.ROOT, "%d:%02d:%02d", s / 3600, s / 60 % 60, s % 60));
        double seconds = previous.map(p -> (now.nanos() - p.nanos()) / 1e9).orElse(Double.NaN);
        // A session's meters exist, but none of the picture's: it records the sound alone.
        boolean soundOnly = Double.isNaN(now.framesEncoded()) && !Double.isNaN(now.bytesEncoded());
        if (soundOnly) {
            b.append(GAP).append("sound only");
        } else {
            double fps = previous.map(p -> (now.framesEncoded() - p.framesEncoded()) / seconds).orElse(Double.NaN);
            b.append(GAP).append(known(fps) ? String.format(Locale.ROOT, "%.1f", fps) : "-").append(" fps");
        }
        double kbits = previous.map(p -> (now.bytesEncoded() - p.bytesEncoded()) * 8 / 1000 / seconds)
                .orElse(Double.NaN);
        b.append(GAP).append(known(kbits) ? Long.toString(Math.round(kbits)) : "-").append(" kbit/s");
        if (!soundOnly) {
            double delay = now.soundDelaySeconds();
            b.append(GAP).append("A/V ").append(Double.isNaN(delay) ? "-" : Math.round(delay * 1000) + " ms");
        }
        for (ProgressReading.Output o : now.outputs()) {
            b.append(GAP).append(o.name()).append(' ').append(o.state().label);
        }
        int max = Math.max(width - 1, 1);
        return b.length() > max ? b.substring(0, max) : b.toString();
    }

    /** A rate from two readings: a counter that went back (a new session's) or no time between them gives none. */
    private static boolean known(double rate) {
        return rate >= 0 && Double.isFinite(rate);
    }
}
