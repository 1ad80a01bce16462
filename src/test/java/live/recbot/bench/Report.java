package live.recbot.bench;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;

/**
 * The medians of every variant, the ratios against the ffmpeg baseline taken from the same
 * repetition, and the targets of the benchmark issue checked against them.
 */
final class Report {
    /** The target's variant: file plus 3 RTMP outputs, as the ffmpeg baseline. */
    static final String RECBOT = "recbot-3";
    static final String RECBOT_FILE_ONLY = "recbot-0";
    /** Recorded seconds from which a run's A/V slope is judged against the drift target. */
    static final double DRIFT_RUN_SECONDS = 600;

    record Summary(String variant, int runs, int failedRuns, Double captureCpuPerMinute, Double stackCpuPerMinute,
                   Double machineCpuPerMinute, Double peakRssMb, Double firstFrameSeconds, Double stopSeconds,
                   Integer decodeErrors, Double uniqueFps, Double uniqueRatio, Double avMedianMs, Double avP10Ms,
                   Double avP90Ms, Double avDriftMs, Double avSlopeMsPer10Min, Double pictureLatencyMs,
                   Double avNetMedianMs, Double avNetSlopeMsPer10Min) {
    }

    record Ratio(String name, Double median, List<Double> perRepetition) {
    }

    record Target(String name, String rule, Double measured, String unit, Boolean met) {
    }

    final List<RunResult> runs;
    /** The serve worker's warm and cold starts and idle cost; empty when not measured. */
    final List<StartBench.Worker> starts;
    final List<Summary> summaries = new ArrayList<>();
    final List<Ratio> ratios = new ArrayList<>();
    final List<Target> targets = new ArrayList<>();

    Report(List<RunResult> runs, List<String> variants) {
        this(runs, variants, List.of());
    }

    Report(List<RunResult> runs, List<String> variants, List<StartBench.Worker> starts) {
        this.runs = List.copyOf(runs);
        this.starts = List.copyOf(starts);
        for (String v : variants) {
            summaries.add(summarise(v));
        }
        for (String v : variants) {
            // On a kind of A/V page, the baseline is compared with recbot-3 on the same kind.
            String recbot = RECBOT + v.substring(BenchOptions.base(v).length());
            if (v.startsWith("ffmpeg-") && variants.contains(recbot)) {
                ratios.add(ratio(recbot + " / " + v + " capture+encode CPU", recbot, v, RunResult::captureCpuPerMinute));
                ratios.add(ratio(recbot + " / " + v + " whole-stack CPU", recbot, v, RunResult::stackCpuPerMinute));
                // A baseline that repeats frames does less work: this compares the cost of a new picture.
                ratios.add(ratio(recbot + " / " + v + " capture+encode CPU per new picture", recbot, v,
                        Report::cpuPerNewPicture));
            }
        }
        for (String v : variants) {
            boolean watched = v.equals(BenchOptions.WATCHED) || v.equals(BenchOptions.METRICS_WATCHED)
                    || v.equals(BenchOptions.PREVIEW_WATCHED);
            if (watched && variants.contains(RECBOT)) {
                ratios.add(ratio(v + " / recbot-3 capture+encode CPU", v, RECBOT, RunResult::captureCpuPerMinute));
                // The threads that answer the dashboard, counted alone: the process's total moves
                // more from run to run (the encoder's share of a changing page) than they cost.
                ratios.add(ratio(v + " request threads / recbot-3 capture+encode CPU", v,
                        RunResult::requestCpuPerMinute, RECBOT, RunResult::captureCpuPerMinute));
            } else if (v.startsWith("recbot-") && !v.equals(RECBOT_FILE_ONLY) && variants.contains(RECBOT_FILE_ONLY)) {
                ratios.add(ratio(v + " / recbot-0 capture+encode CPU", v, RECBOT_FILE_ONLY,
                        RunResult::captureCpuPerMinute));
                if (v.equals(BenchOptions.AUDIO_ONLY)) {
                    // The browser and X server still run for the sound: the whole stack shows what is left.
                    ratios.add(ratio(v + " / recbot-0 whole-stack CPU", v, RECBOT_FILE_ONLY,
                            RunResult::stackCpuPerMinute));
                }
            }
        }
        checkTargets();
        for (StartBench.Worker w : starts) {
            if (w.mode().equals("warm")) {
                targets.add(at("serve, warm: POST /v1/start to first frame at the ingest", "median at most 0.5 s",
                        w.medianStart(), "s", v -> v <= 0.5));
                targets.add(at("serve, idle with a warm stack", "at most 0.05 cores", w.idleCores(), "cores",
                        v -> v <= 0.05));
            }
        }
    }

    private Summary summarise(String v) {
        List<RunResult> rs = runs.stream().filter(r -> r.variant().equals(v)).toList();
        int failed = (int) rs.stream().filter(r -> r.problem() != null).count();
        Double errors = median(rs, r -> r.decodeErrors() == null ? null : r.decodeErrors().doubleValue());
        return new Summary(v, rs.size(), failed, median(rs, RunResult::captureCpuPerMinute),
                median(rs, RunResult::stackCpuPerMinute), median(rs, RunResult::machineCpuPerMinute),
                median(rs, RunResult::peakRssMb), median(rs, RunResult::firstFrameSeconds),
                median(rs, RunResult::stopSeconds), errors == null ? null : (int) Math.round(errors),
                median(rs, RunResult::uniqueFps), median(rs, RunResult::uniqueRatio), median(rs, RunResult::avMedianMs),
                median(rs, RunResult::avP10Ms), median(rs, RunResult::avP90Ms), median(rs, RunResult::avDriftMs),
                median(rs, RunResult::avSlopeMsPer10Min), median(rs, RunResult::pictureLatencyMs),
                median(rs, RunResult::avNetMedianMs), median(rs, RunResult::avNetSlopeMsPer10Min));
    }

    /** A ratio of one figure between two variants, per repetition (both ran back to back), then its median. */
    private Ratio ratio(String name, String a, String b, Function<RunResult, Double> f) {
        return ratio(name, a, f, b, f);
    }

    /** As above, with a figure of {@code a} over another figure of {@code b}. */
    private Ratio ratio(String name, String a, Function<RunResult, Double> fa, String b, Function<RunResult, Double> fb) {
        List<Double> per = new ArrayList<>();
        int reps = runs.stream().mapToInt(RunResult::repetition).max().orElse(-1) + 1;
        for (int rep = 0; rep < reps; rep++) {
            Double x = value(rep, a, fa);
            Double y = value(rep, b, fb);
            if (x != null && y != null && y > 0) {
                per.add(x / y);
            }
        }
        return new Ratio(name, median(per), per);
    }

    private static Double cpuPerNewPicture(RunResult r) {
        return r.captureCpuPerMinute() == null || r.uniqueFps() == null || r.uniqueFps() <= 0 ? null
                : r.captureCpuPerMinute() / r.uniqueFps();
    }

    private Double value(int rep, String variant, Function<RunResult, Double> f) {
        return runs.stream().filter(r -> r.repetition() == rep && r.variant().equals(variant)).map(f)
                .filter(Objects::nonNull).findFirst().orElse(null);
    }

    Summary summary(String variant) {
        return summaries.stream().filter(s -> s.variant().equals(variant)).findFirst().orElse(null);
    }

    private void checkTargets() {
        Summary r = summary(RECBOT);
        if (r == null) {
            return;
        }
        for (Ratio q : ratios) {
            if (q.name().startsWith("recbot-3 / ffmpeg") && q.name().endsWith(" capture+encode CPU")) {
                targets.add(at("CPU vs " + q.name().substring("recbot-3 / ".length(), q.name().indexOf(" capture")),
                        "capture+encode CPU at most 1.0x ffmpeg's", q.median(), "x", v -> v <= 1.0));
            }
            if (q.name().equals("recbot-3 / recbot-0 capture+encode CPU")) {
                targets.add(at("3 RTMP outputs on top of the file", "add at most 10% CPU",
                        q.median() == null ? null : (q.median() - 1) * 100, "%", v -> v <= 10));
            }
            if (q.name().equals(BenchOptions.WATCHED + " / recbot-3 capture+encode CPU")) {
                targets.add(at("a dashboard polling /metrics and the preview every 100 ms", "add at most 5% CPU",
                        q.median() == null ? null : (q.median() - 1) * 100, "%", v -> v <= 5));
            }
        }
        targets.add(at("new pictures", "at least 98% of output frames", pct(r.uniqueRatio()), "%", v -> v >= 98));
        targets.add(at("A/V offset, median", "|median| at most 20 ms", r.avMedianMs(), "ms", v -> Math.abs(v) <= 20));
        targets.add(at("A/V offset, 10th percentile", "at least -40 ms", r.avP10Ms(), "ms", v -> v >= -40));
        targets.add(at("A/V offset, 90th percentile", "at most +40 ms", r.avP90Ms(), "ms", v -> v <= 40));
        // Each marker's offset scatters over a frame interval (the page spreads them over every
        // phase of it), so a slope fitted to a 60 s run and extrapolated to 10 minutes mostly shows
        // that scatter (about +-45 ms per 10 min). Only runs of 10 minutes are judged.
        boolean tenMinutes = runs.stream().filter(x -> x.variant().equals(RECBOT) && x.problem() == null)
                .allMatch(x -> x.recordedSeconds() != null && x.recordedSeconds() >= DRIFT_RUN_SECONDS);
        Target drift = at("A/V drift (slope over the run)", "at most 10 ms per 10 min, judged on runs of 10 min"
                + " (--seconds 600)", r.avSlopeMsPer10Min(), "ms/10min", v -> Math.abs(v) <= 10);
        targets.add(tenMinutes ? drift : new Target(drift.name(), drift.rule(), drift.measured(), drift.unit(), null));
        targets.add(at("command to first frame at the ingest", "median at most 2 s (run: cold)",
                r.firstFrameSeconds(), "s", v -> v <= 2));
        targets.add(at("SIGTERM to exit, file finalised", "at most 2 s", r.stopSeconds(), "s", v -> v <= 2));
        targets.add(at("JVM peak resident memory", "at most 300 MB", r.peakRssMb(), "MB", v -> v <= 300));
    }

    private static Target at(String name, String rule, Double measured, String unit,
                             java.util.function.Predicate<Double> ok) {
        return new Target(name, rule, measured, unit, measured == null ? null : ok.test(measured));
    }

    private static Double pct(Double ratio) {
        return ratio == null ? null : ratio * 100;
    }

    static Double median(List<RunResult> rs, Function<RunResult, Double> f) {
        return median(rs.stream().map(f).filter(Objects::nonNull).toList());
    }

    static Double median(List<Double> values) {
        if (values.isEmpty()) {
            return null;
        }
        List<Double> v = values.stream().sorted().toList();
        int n = v.size();
        return n % 2 == 1 ? v.get(n / 2) : (v.get(n / 2 - 1) + v.get(n / 2)) / 2;
    }

    Map<String, Object> json(Map<String, Object> header) {
        Map<String, Object> m = new LinkedHashMap<>(header);
        m.put("summaries", summaries);
        m.put("ratios", ratios);
        m.put("targets", targets);
        m.put("runs", runs);
        m.put("starts", starts.stream().map(StartBench.Worker::json).toList());
        return m;
    }

    String markdown() {
        StringBuilder b = new StringBuilder();
        b.append("| variant | runs | capture+encode CPU s/min | whole stack CPU s/min | machine CPU s/min | peak RSS MB "
                + "| new pictures/s (of 30) | A/V median ms | A/V p10..p90 ms | A/V drift ms (first-last window) "
                + "| A/V slope ms/10min | picture latency ms | A/V net of picture latency ms; slope ms/10min "
                + "| first frame at ingest s | SIGTERM to exit s | decode errors |\n");
        b.append("|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|\n");
        for (Summary s : summaries) {
            b.append("| ").append(s.variant()).append(" | ").append(s.runs())
                    .append(s.failedRuns() > 0 ? " (" + s.failedRuns() + " with problems)" : "")
                    .append(" | ").append(f(s.captureCpuPerMinute(), 1))
                    .append(" | ").append(f(s.stackCpuPerMinute(), 1))
                    .append(" | ").append(f(s.machineCpuPerMinute(), 1))
                    .append(" | ").append(f(s.peakRssMb(), 0))
                    .append(" | ").append(f(s.uniqueFps(), 1)).append(s.uniqueRatio() == null ? ""
                            : " (" + f(s.uniqueRatio() * 100, 1) + "%)")
                    .append(" | ").append(f(s.avMedianMs(), 0))
                    .append(" | ").append(f(s.avP10Ms(), 0)).append("..").append(f(s.avP90Ms(), 0))
                    .append(" | ").append(f(s.avDriftMs(), 0))
                    .append(" | ").append(f(s.avSlopeMsPer10Min(), 0))
                    .append(" | ").append(f(s.pictureLatencyMs(), 0))
                    .append(" | ").append(s.avNetMedianMs() == null ? "-"
                            : f(s.avNetMedianMs(), 0) + "; " + f(s.avNetSlopeMsPer10Min(), 0))
                    .append(" | ").append(f(s.firstFrameSeconds(), 2))
                    .append(" | ").append(f(s.stopSeconds(), 2))
                    .append(" | ").append(s.decodeErrors() == null ? "-" : s.decodeErrors().toString())
                    .append(" |\n");
        }
        List<RunResult> kinds = runs.stream().filter(r -> r.variant().contains("@") && r.avSettling() != null).toList();
        if (!kinds.isEmpty()) {
            b.append("\n| page kind run | repetition | A/V settled after s (10 s windows within 20 ms) "
                    + "| settled A/V median ms | settled p10..p90 ms | pairs |\n|---|---|---|---|---|---|\n");
            for (RunResult r : kinds) {
                Settling s = r.avSettling();
                b.append("| ").append(r.variant()).append(" | ").append(r.repetition() + 1).append(" | ")
                        .append(s.settled() ? f(s.afterSeconds(), 0) : "not settled").append(" | ")
                        .append(f(s.medianMs(), 0)).append(" | ").append(f(s.p10Ms(), 0)).append("..")
                        .append(f(s.p90Ms(), 0)).append(" | ").append(s.pairs()).append(" |\n");
            }
        }
        b.append("\n| ratio (median over repetitions) | value | per repetition |\n|---|---|---|\n");
        for (Ratio r : ratios) {
            b.append("| ").append(r.name()).append(" | ").append(f(r.median(), 3)).append(" | ")
                    .append(String.join(", ", r.perRepetition().stream().map(x -> f(x, 3)).toList())).append(" |\n");
        }
        if (!starts.isEmpty()) {
            b.append("\n| serve worker | POST /v1/start to first frame at the ingest, median s | each start s "
                    + "| idle CPU, cores |\n|---|---|---|---|\n");
            for (StartBench.Worker w : starts) {
                b.append("| ").append(w.mode()).append(" | ").append(f(w.medianStart(), 3)).append(" | ")
                        .append(String.join(", ", w.startSeconds().stream().map(x -> f(x, 3)).toList()))
                        .append(" | ").append(f(w.idleCores(), 3)).append(" |\n");
            }
        }
        b.append("\n| target | rule | measured | met |\n|---|---|---|---|\n");
        for (Target t : targets) {
            b.append("| ").append(t.name()).append(" | ").append(t.rule()).append(" | ")
                    .append(f(t.measured(), 2)).append(' ').append(t.unit()).append(" | ")
                    .append(t.met() == null ? (t.measured() == null ? "not measured" : "not judged")
                            : t.met() ? "yes" : "**no**").append(" |\n");
        }
        List<RunResult> problems = runs.stream().filter(r -> r.problem() != null).toList();
        List<StartBench.Worker> failedStarts = starts.stream().filter(w -> w.problem() != null).toList();
        if (!problems.isEmpty() || !failedStarts.isEmpty()) {
            b.append("\nProblems:\n");
        }
        problems.forEach(r -> b.append("- ").append(r.variant()).append(" repetition ").append(r.repetition() + 1)
                .append(": ").append(r.problem()).append('\n'));
        failedStarts.forEach(w -> b.append("- serve, ").append(w.mode()).append(": ").append(w.problem()).append('\n'));
        return b.toString();
    }

    static String f(Double v, int decimals) {
        return v == null ? "-" : String.format(Locale.ROOT, "%." + decimals + "f", v);
    }
}
