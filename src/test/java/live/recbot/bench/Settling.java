package live.recbot.bench;

import java.util.Arrays;
import java.util.List;

/**
 * Where a run's A/V offsets settle. A WebRTC receiver adapts its jitter buffers over the first
 * seconds, so a run's figures mix that start with what follows. The run is cut into windows of
 * {@value #WINDOW_SECONDS} s; it has settled from the first window after which every window's
 * median stays within {@value #TOLERANCE_MS} ms of the median of all the pairs from there on, with
 * at least half the run's windows, and {@value #MIN_WINDOWS}, left: a steady drift fits the
 * tolerance over a few windows, not over half a run. The figures are those of that settled part.
 *
 * @param settled      whether such a window exists; if not, the other figures are null
 * @param afterSeconds from the recording's first picture to the settled part
 * @param pairs        marker pairs in the settled part
 */
record Settling(boolean settled, Double afterSeconds, int pairs, Double medianMs, Double p10Ms, Double p90Ms) {
    static final double WINDOW_SECONDS = 10;
    static final double TOLERANCE_MS = 20;
    static final int MIN_WINDOWS = 3;
    private static final Settling NEVER = new Settling(false, null, 0, null, null, null);

    static Settling of(List<MediaAnalysis.SyncPair> pairs, double startSeconds, double durationSeconds) {
        int windows = (int) Math.floor(durationSeconds / WINDOW_SECONDS);
        double[] medians = new double[windows];
        for (int i = 0; i < windows; i++) {
            medians[i] = MediaAnalysis.percentile(offsets(pairs, startSeconds + i * WINDOW_SECONDS,
                    startSeconds + (i + 1) * WINDOW_SECONDS), 0.5);
        }
        double end = startSeconds + windows * WINDOW_SECONDS;
        int least = Math.max(MIN_WINDOWS, (windows + 1) / 2);
        for (int k = 0; k + least <= windows; k++) {
            double[] rest = offsets(pairs, startSeconds + k * WINDOW_SECONDS, end);
            if (rest.length == 0) {
                continue;
            }
            double median = MediaAnalysis.percentile(rest, 0.5);
            boolean held = true;
            for (int j = k; j < windows && held; j++) {
                held = Double.isNaN(medians[j]) || Math.abs(medians[j] - median) <= TOLERANCE_MS;
            }
            if (held) {
                return new Settling(true, k * WINDOW_SECONDS, rest.length, median,
                        MediaAnalysis.percentile(rest, 0.1), MediaAnalysis.percentile(rest, 0.9));
            }
        }
        return NEVER;
    }

    private static double[] offsets(List<MediaAnalysis.SyncPair> pairs, double from, double to) {
        double[] v = pairs.stream().filter(p -> p.flashSeconds() >= from && p.flashSeconds() < to)
                .mapToDouble(MediaAnalysis.SyncPair::offsetMs).toArray();
        Arrays.sort(v);
        return v;
    }
}
