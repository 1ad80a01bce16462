package live.recbot.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * How long the browser took to get the test page's pictures onto the screen, in one recording:
 * for each frame, its wall-clock capture time minus the time stamp the page drew into it. This is
 * the picture's half of the A/V offset (the sound's half is the page's own output latency, which
 * Chromium reports), so it tells whether a run's offset comes from the browser or from recbot.
 *
 * <p>Usage: {@code PictureLatency RECORDING.mp4 RECBOT-LOG}, where the log holds recbot's line
 * "the recording's time 0 is ... (wall clock)".
 */
public final class PictureLatency {
    private static final Pattern TIME_ZERO = Pattern.compile("the recording's time 0 is (\\S+) \\(wall clock\\)");

    private PictureLatency() {
    }

    /** The wall-clock time of the recording's pts 0 that recbot logged, in microseconds since the epoch. */
    static Optional<Long> timeZeroMicros(List<String> logLines) {
        for (String line : logLines) {
            Matcher m = TIME_ZERO.matcher(line);
            if (m.find()) {
                return Optional.of(ChronoUnit.MICROS.between(Instant.EPOCH, Instant.parse(m.group(1))));
            }
        }
        return Optional.empty();
    }

    /**
     * The median picture latency of a recording's stamped frames, in ms; empty when the log has no
     * time 0 or no frame carries the page's stamp.
     */
    static Optional<Double> medianMs(List<MediaAnalysis.Frame> frames, List<String> logLines) {
        Optional<Long> zero = timeZeroMicros(logLines);
        if (zero.isEmpty()) {
            return Optional.empty();
        }
        List<Double> all = MediaAnalysis.pictureLatenciesMs(frames, zero.get());
        return all.isEmpty() ? Optional.empty() : Optional.of(Report.median(all));
    }

    public static void main(String[] args) throws IOException {
        if (args.length != 2) {
            System.err.println("usage: PictureLatency RECORDING.mp4 RECBOT-LOG");
            System.exit(2);
        }
        Optional<Long> zero = timeZeroMicros(Files.readAllLines(Path.of(args[1])));
        if (zero.isEmpty()) {
            System.err.println(args[1] + ": no \"the recording's time 0 is\" line");
            System.exit(1);
        }
        List<MediaAnalysis.Frame> frames = MediaAnalysis.readVideo(Path.of(args[0])).frames();
        List<Double> all = MediaAnalysis.pictureLatenciesMs(frames, zero.get());
        if (all.isEmpty()) {
            System.err.println(args[0] + ": no frame carries the test page's time stamp");
            System.exit(1);
        }
        List<Double> sorted = new ArrayList<>(all);
        Collections.sort(sorted);
        System.out.printf("%d of %d frames stamped; picture latency ms: p10 %.1f, median %.1f, p90 %.1f, min %.1f, max %.1f%n",
                all.size(), frames.size(), percentile(sorted, 0.1), percentile(sorted, 0.5), percentile(sorted, 0.9),
                sorted.get(0), sorted.get(sorted.size() - 1));
        int n = Math.min(15, all.size());
        StringBuilder first = new StringBuilder();
        for (double v : all.subList(0, n)) {
            first.append(String.format(" %.0f", v));
        }
        System.out.println("first " + n + " frames:" + first);
    }

    private static double percentile(List<Double> sorted, double p) {
        return sorted.get((int) Math.round(p * (sorted.size() - 1)));
    }
}
