package live.recbot.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The benchmark's quick mode, so it never rots: one short repetition of recbot with file + 3 RTMP,
 * recbot with the file only and both ffmpeg baselines, against the real browser, encoder and ingest.
 * It checks that every figure was produced from real measurements, not what the figures are:
 * timings belong in BENCHMARKS.md, not in assertions.
 */
class BenchIT {

    @Test
    void quickModeProducesEveryFigure() throws Exception {
        Path out = Path.of(System.getProperty("recbot.root", ".")).resolve("target/bench-quick");
        BenchOptions options = BenchOptions.parse(new String[] {"--quick", "--out", out.toString()});

        Report report = Bench.run(options, "--quick");

        assertThat(report.runs).extracting(RunResult::variant).containsExactlyInAnyOrderElementsOf(
                BenchOptions.QUICK_VARIANTS);
        assertThat(report.runs).allSatisfy(r -> {
            assertThat(r.problem()).as(r.variant() + " problem").isNull();
            assertThat(r.measuredSeconds()).as(r.variant() + " window").isGreaterThan(0);
            assertThat(r.captureCpuPerMinute()).as(r.variant() + " capture CPU").isNotNull().isPositive();
            assertThat(r.stackCpuPerMinute()).as(r.variant() + " stack CPU").isNotNull()
                    .isGreaterThan(r.captureCpuPerMinute());
            assertThat(r.machineCpuPerMinute()).as(r.variant() + " machine CPU").isNotNull().isPositive();
            assertThat(r.peakRssMb()).as(r.variant() + " peak RSS").isNotNull().isPositive();
            assertThat(r.stopSeconds()).as(r.variant() + " stop time").isNotNull().isPositive();
            assertThat(r.decodeErrors()).as(r.variant() + " decode errors").isZero();
            assertThat(r.frames()).as(r.variant() + " frames").isPositive();
            assertThat(r.uniqueFrames()).as(r.variant() + " new pictures").isPositive();
            assertThat(r.uniqueFps()).as(r.variant() + " new pictures/s").isNotNull().isPositive();
            assertThat(r.syncPairs()).as(r.variant() + " flash/beep pairs").isNotNull();
            // JavaCV's ffmpeg repeats most frames once it also reads PulseAudio, so it can miss
            // nearly every flash: then its A/V figures are rightly absent ("-" in the table).
            if (!r.variant().equals("ffmpeg-javacv")) {
                assertThat(r.syncPairs()).as(r.variant() + " flash/beep pairs").isPositive();
                for (Double f : new Double[] {r.avMedianMs(), r.avP10Ms(), r.avP90Ms(), r.avDriftMs(),
                        r.avSlopeMsPer10Min()}) {
                    assertThat(f).as(r.variant() + " A/V figures").isNotNull();
                }
            }
            if (r.variant().startsWith("recbot-")) {
                assertThat(r.pictureLatencyMs()).as(r.variant() + " picture latency").isNotNull();
                assertThat(r.avNetMedianMs()).as(r.variant() + " A/V net of picture latency").isNotNull();
                assertThat(r.avNetSlopeMsPer10Min()).as(r.variant() + " its slope").isNotNull();
            }
            if (!r.variant().equals(Report.RECBOT_FILE_ONLY)) {
                assertThat(r.firstFrameSeconds()).as(r.variant() + " first frame").isNotNull().isPositive();
            }
        });
        assertThat(report.ratios).isNotEmpty().allSatisfy(q ->
                assertThat(q.median()).as(q.name()).isNotNull().isPositive());
        assertThat(report.targets).extracting(Report.Target::name).contains("CPU vs ffmpeg-javacv",
                "CPU vs ffmpeg-debian",
                "3 RTMP outputs on top of the file", "new pictures", "A/V offset, median",
                "command to first frame at the ingest", "SIGTERM to exit, file finalised", "JVM peak resident memory",
                "serve, warm: POST /v1/start to first frame at the ingest", "serve, idle with a warm stack");
        // The quick mode measures the warm worker only; the whole benchmark adds a cold one.
        assertThat(report.starts).extracting(StartBench.Worker::mode).containsExactly("warm");
        assertThat(report.starts).allSatisfy(w -> {
            assertThat(w.problem()).as(w.mode()).isNull();
            assertThat(w.startSeconds()).as(w.mode() + " starts").hasSize(1).allSatisfy(x -> assertThat(x).isPositive());
            assertThat(w.idleCores()).as(w.mode() + " idle CPU").isNotNull().isNotNegative();
        });
        // Quick runs are too short to judge drift (Report.DRIFT_RUN_SECONDS); every other target is judged.
        assertThat(report.targets).allSatisfy(t -> {
            assertThat(t.measured()).as(t.name() + " measured").isNotNull();
            if (t.name().startsWith("A/V drift")) {
                assertThat(t.met()).as(t.name() + " judged on a short run").isNull();
            } else {
                assertThat(t.met()).as(t.name() + " evaluated").isNotNull();
            }
        });
        String md = Files.readString(out.resolve("results.md"));
        assertThat(md).contains("| recbot-3 |", "| ffmpeg-debian |", "| ffmpeg-javacv |", "| recbot-0 |",
                "Machine:", "Chromium 1", "| serve worker |", "| warm |")
                .containsPattern("- speed: \\d+\\.\\d\\d s for x264 superfast");
        assertThat(Files.readString(out.resolve("results.json"))).contains("\"summaries\"", "\"targets\"");
        assertThat(Files.list(out.resolve("runs")).toList()).hasSize(BenchOptions.QUICK_VARIANTS.size());
        List<Path> leftMedia;
        try (var walk = Files.walk(out.resolve("runs"))) {
            leftMedia = walk.filter(p -> p.toString().endsWith(".mp4")).toList();
        }
        assertThat(leftMedia).as("recordings are deleted after analysis").isEmpty();
    }

    /** The density mode's quick form: two small rooms at once, every figure of each produced. */
    @Test
    void densityQuickModeProducesEveryFigure() throws Exception {
        Path out = Path.of(System.getProperty("recbot.root", ".")).resolve("target/bench-density-quick");
        DensityOptions options = DensityOptions.parse(List.of("--density", "--quick", "--out", out.toString()));

        List<Density.Step> steps = Density.run(Path.of(System.getProperty("recbot.root", ".")).toAbsolutePath(),
                options, "--density --quick");

        assertThat(steps).hasSize(1);
        Density.Step step = steps.get(0);
        assertThat(step.size()).isEqualTo("320x180");
        assertThat(step.roomCount()).isEqualTo(2);
        assertThat(step.seconds()).isPositive();
        assertThat(step.machineCores()).isPositive();
        assertThat(step.rooms()).hasSize(2).allSatisfy(r -> {
            assertThat(r.problem()).as("room " + r.index() + " problem").isNull();
            assertThat(r.newPictureRatio()).as("room " + r.index() + " new pictures").isNotNull().isPositive();
            assertThat(r.decodeErrors()).as("room " + r.index() + " decode errors").isZero();
            assertThat(r.av()).as("room " + r.index() + " A/V").isNotNull();
            assertThat(r.stackCores()).as("room " + r.index() + " stack cores").isNotNull().isPositive();
        });
        assertThat(Files.readString(out.resolve("density.md"))).contains("| recbot | 320x180 | 2 |", "Rooms that held")
                .containsPattern("speed=\\d+\\.\\d\\d s for x264 superfast");
        assertThat(Files.readString(out.resolve("density.json"))).contains("\"steps\"", "\"newPictureRatio\"");
        try (var walk = Files.walk(out.resolve("density"))) {
            assertThat(walk.filter(p -> p.toString().endsWith(".mp4")).toList())
                    .as("recordings are deleted after analysis").isEmpty();
        }
    }
}
