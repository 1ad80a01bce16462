package live.recbot.cli;

import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/** The progress line's text, from the reading a second ago and the one now. */
final class ProgressFormat {
    private static final String GAP = "  ";

    private ProgressFormat() {
    }

    /**
     * For example {@code 0:01:05  30.0 fps  2000 kbit/s  A/V 120 ms  file up  rtmp-0 reconnecting};
     * a figure that cannot be known yet is {@code -}. The outputs come last, so a line cut to
     * {@code width - 1} characters (the last column left free, where a terminal would wrap) keeps the figures.
     */
    static String line(Optional<ProgressReading> previous, ProgressReading now, int width) {
        StringBuilder b = new StringBuilder(96);
        long s = now.elapsed().toSeconds();
        b.append(String.format(Locale.ROOT, "%d:%02d:%02d", s / 3600, s / 60 % 60, s % 60));
        double seconds = previous.map(p -> (now.nanos() - p.nanos()) / 1e9).orElse(Double.NaN);
        double fps = previous.map(p -> (now.framesEncoded() - p.framesEncoded()) / seconds).orElse(Double.NaN);
        b.append(GAP).append(fps >= 0 ? String.format(Locale.ROOT, "%.1f", fps) : "-").append(" fps");
        double kbits = previous.map(p -> kbitsPerSecond(p.bytesSent(), now.bytesSent(), seconds)).orElse(Double.NaN);
        b.append(GAP).append(kbits >= 0 ? Long.toString(Math.round(kbits)) : "-").append(" kbit/s");
        double delay = now.soundDelaySeconds();
        b.append(GAP).append("A/V ").append(Double.isNaN(delay) ? "-" : Math.round(delay * 1000) + " ms");
        for (ProgressReading.Output o : now.outputs()) {
            b.append(GAP).append(o.name()).append(' ').append(o.state().label);
        }
        int max = Math.max(width - 1, 1);
        return b.length() > max ? b.substring(0, max) : b.toString();
    }

    /**
     * The fastest output's rate: every output carries the same encoded packets, so that is the
     * encoded bitrate plus its container, and one output down does not halve it. NaN if no output
     * was measured twice; a counter that went backwards (a new session) does not count.
     */
    private static double kbitsPerSecond(Map<String, Double> before, Map<String, Double> now, double seconds) {
        double best = Double.NaN;
        for (Map.Entry<String, Double> e : now.entrySet()) {
            Double then = before.get(e.getKey());
            if (then != null && e.getValue() >= then && seconds > 0) {
                double rate = (e.getValue() - then) * 8 / seconds / 1000;
                best = Double.isNaN(best) ? rate : Math.max(best, rate);
            }
        }
        return best;
    }
}
