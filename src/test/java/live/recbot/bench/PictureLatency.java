package live.recbot.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;
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
    public static Optional<Double> medianMs(List<MediaAnalysis.Frame> frames, List<String> logLines) {
        Optional<Long> zero = timeZeroMicros(logLines);
        if (zero.isEmpty()) {
            return Optional.empty();
        }
        List<Double> all = MediaAnalysis.pictureLatenciesMs(frames, zero.get());
        return all.isEmpty() ? Optional.empty() : Optional.of(Report.median(all));
    }

    /**
     * A/V figures with each flash's own picture latency added back to its offset: the offsets the
     * recording would show if the browser put every picture on the screen the moment the page drew
     * it. What remains is recbot's part (its sound stamp and its sound path); its slope is recbot's
     * own drift, whatever the browser's pipeline does during the run.
     */
    record NetSync(int pairs, double medianMs, double slopeMsPer10Min) {
    }

    /** Empty when the log has no time 0 or no paired flash carries the page's stamp. */
    static Optional<NetSync> netOfPictureLatency(MediaAnalysis.Report report, List<String> logLines) {
        Optional<Long> zero = timeZeroMicros(logLines);
        if (zero.isEmpty()) {
            return Optional.empty();
        }
        Map<Double, MediaAnalysis.Frame> byPts = new HashMap<>();
        for (MediaAnalysis.Frame f : report.frames()) {
            byPts.put(f.pts(), f);
        }
        List<MediaAnalysis.SyncPair> net = new ArrayList<>();
        for (MediaAnalysis.SyncPair p : report.sync().pairs()) {
            MediaAnalysis.Frame flash = byPts.get(p.flashSeconds());
            if (flash == null || flash.stamp() < 0) {
                continue;
            }
            double latency = MediaAnalysis.pictureLatencyMs(flash, zero.get());
            net.add(new MediaAnalysis.SyncPair(p.flashSeconds(), p.beepSeconds(), p.offsetMs() + latency));
        }
        if (net.isEmpty()) {
            return Optional.empty();
        }
        double[] sorted = net.stream().mapToDouble(MediaAnalysis.SyncPair::offsetMs).sorted().toArray();
        return Optional.of(new NetSync(net.size(), MediaAnalysis.percentile(sorted, 0.5),
                MediaAnalysis.slopeMsPerSecond(net) * 600));
    }

    public static void main(String[] args) throws IOException {
        if (args.length != 2) {
            System.err.println("usage: PictureLatency RECORDING.mp4 RECBOT-LOG");
            System.exit(2);
        }
        List<String> log = Files.readAllLines(Path.of(args[1]));
        Optional<Long> zero = timeZeroMicros(log);
        if (zero.isEmpty()) {
            System.err.println(args[1] + ": no \"the recording's time 0 is\" line");
            System.exit(1);
        }
        MediaAnalysis.Report report = MediaAnalysis.analyze(Path.of(args[0]), 30);
        List<MediaAnalysis.Frame> frames = report.frames();
        List<Double> all = MediaAnalysis.pictureLatenciesMs(frames, zero.get());
        if (all.isEmpty()) {
            System.err.println(args[0] + ": no frame carries the test page's time stamp");
            System.exit(1);
        }
        double[] sorted = all.stream().mapToDouble(Double::doubleValue).sorted().toArray();
        System.out.printf("%d of %d frames stamped; picture latency ms: p10 %.1f, median %.1f, p90 %.1f, min %.1f, max %.1f%n",
                all.size(), frames.size(), MediaAnalysis.percentile(sorted, 0.1), MediaAnalysis.percentile(sorted, 0.5),
                MediaAnalysis.percentile(sorted, 0.9), sorted[0], sorted[sorted.length - 1]);
        int n = Math.min(15, all.size());
        StringBuilder first = new StringBuilder();
        for (double v : all.subList(0, n)) {
            first.append(String.format(" %.0f", v));
        }
        System.out.println("first " + n + " frames:" + first);
        // Per minute: a latency that changes during the run shows up here as the browser's share of a drift.
        StringBuilder perMinute = new StringBuilder();
        for (Map.Entry<Long, List<Double>> m : byMinute(frames, zero.get()).entrySet()) {
            perMinute.append(String.format(" %d:%.1f", m.getKey(), Report.median(m.getValue())));
        }
        System.out.println("median by minute of the recording:" + perMinute);
        netOfPictureLatency(report, log).ifPresent(net -> System.out.printf(
                "A/V net of picture latency: median %.1f ms, slope %.1f ms per 10 min over %d flashes (as recorded: median %.1f ms, slope %.1f)%n",
                net.medianMs(), net.slopeMsPer10Min(), net.pairs(), report.sync().medianMs(), report.sync().slopeMsPer10Min()));
    }

    /** Each stamped frame's latency, grouped by the minute of the recording it falls in. */
    static SortedMap<Long, List<Double>> byMinute(List<MediaAnalysis.Frame> frames, long timeZeroMicros) {
        SortedMap<Long, List<Double>> out = new TreeMap<>();
        for (MediaAnalysis.Frame f : frames) {
            if (f.stamp() < 0) {
                continue;
            }
            out.computeIfAbsent((long) Math.floor(f.pts() / 60), k -> new ArrayList<>())
                    .add(MediaAnalysis.pictureLatencyMs(f, timeZeroMicros));
        }
        return out;
    }
}
