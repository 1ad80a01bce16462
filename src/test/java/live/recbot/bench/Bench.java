package live.recbot.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import live.recbot.testpage.TestPageServer;
import org.bytedeco.javacpp.Loader;

/**
 * recbot against the usual ffmpeg-per-bot set-up, side by side on this machine: same page, same
 * resolution, same encoder settings, runs alternating. See BENCHMARKS.md for what each figure is.
 * Run it with {@code scripts/bench}.
 */
public final class Bench {
    /** How long the serve worker's idle cost is measured. */
    private static final java.time.Duration IDLE = java.time.Duration.ofSeconds(30);
    private static final java.time.Duration QUICK_IDLE = java.time.Duration.ofSeconds(2);

    private Bench() {
    }

    public static void main(String[] args) throws Exception {
        if (List.of(args).contains("--help")) {
            System.out.print(BenchOptions.USAGE);
            System.out.print(DensityOptions.USAGE);
            return;
        }
        if (List.of(args).contains("--density")) {
            density(args);
            return;
        }
        BenchOptions options;
        try {
            options = BenchOptions.parse(args);
        } catch (IllegalArgumentException e) {
            System.err.println("bench: " + e.getMessage());
            System.err.print(BenchOptions.USAGE);
            System.exit(2);
            return;
        }
        Report report = run(options, String.join(" ", args));
        System.out.println();
        System.out.print(report.markdown());
        System.out.println("\nwritten: " + options.out().resolve("results.json") + ", " + options.out().resolve("results.md"));
        System.exit(report.runs.stream().anyMatch(r -> r.problem() != null)
                || report.starts.stream().anyMatch(w -> w.problem() != null) ? 1 : 0);
    }

    private static void density(String[] args) throws IOException, InterruptedException {
        DensityOptions options;
        try {
            options = DensityOptions.parse(List.of(args));
        } catch (IllegalArgumentException e) {
            System.err.println("bench: " + e.getMessage());
            System.err.print(DensityOptions.USAGE);
            System.exit(2);
            return;
        }
        Path root = Path.of(System.getProperty("recbot.root", ".")).toAbsolutePath().normalize();
        prepareLauncher(root);
        List<Density.Step> steps = Density.run(root, options, String.join(" ", args));
        System.out.println();
        System.out.print(Files.readString(options.out().resolve("density.md")));
        System.out.println("\nwritten: " + options.out().resolve("density.json") + ", " + options.out().resolve("density.md"));
        boolean problems = steps.stream().flatMap(s -> s.rooms().stream()).anyMatch(r -> r.problem() != null);
        System.exit(problems ? 1 : 0);
    }

    /** Runs every repetition and writes results.json and results.md into the output directory. */
    static Report run(BenchOptions options, String commandLine) throws IOException, InterruptedException {
        Path root = Path.of(System.getProperty("recbot.root", ".")).toAbsolutePath().normalize();
        Path out = Files.createDirectories(options.out());
        deleteTree(out.resolve("runs"));
        deleteTree(out.resolve("ingest"));
        deleteTree(out.resolve("starts"));
        Map<String, Path> ffmpeg = new LinkedHashMap<>();
        for (String variant : options.variants()) {
            String v = BenchOptions.base(variant);
            if (v.equals("ffmpeg-javacv")) {
                // The ffmpeg program shipped with the same FFmpeg libraries recbot links against.
                ffmpeg.put(v, Path.of(Loader.load(org.bytedeco.ffmpeg.ffmpeg.class)));
            } else if (v.equals("ffmpeg-debian")) {
                ffmpeg.put(v, Path.of("/usr/bin/ffmpeg"));
            }
        }
        prepareLauncher(root);
        List<RunResult> results = new ArrayList<>();
        List<StartBench.Worker> starts = List.of();
        String clipSync = null;
        boolean kinds = options.variants().stream().anyMatch(v -> BenchOptions.kind(v).isPresent());
        boolean playsClip = options.variants().stream().anyMatch(v -> BenchOptions.kind(v).map(AvPages.Kind::playsClip).orElse(false));
        // The clip outlasts a run: start-up, warm-up, the measured window and the stop. Only kinds that play it make it.
        int clipSeconds = playsClip ? (int) options.warmup().plus(options.measure()).toSeconds() + 60 : 0;
        try (TestPageServer page = TestPageServer.start(0);
             AvPages avPages = kinds ? AvPages.serve(out.resolve("avpages-" + clipSeconds + "s"), clipSeconds) : null;
             Ingest ingest = Ingest.start(root, Files.createDirectories(out.resolve("ingest")))) {
            Runner runner = new Runner(root, options, page.url(), ingest, ffmpeg, avPages);
            if (playsClip) {
                // The source's own sync, against which the figures of the kinds that play the clip are read.
                MediaAnalysis.SyncStats clip = MediaAnalysis.analyze(
                        out.resolve("avpages-" + clipSeconds + "s").resolve(MarkerClip.NAME), 60).sync();
                clipSync = String.format(java.util.Locale.ROOT, "%s: %d pairs, A/V median %.1f ms, p10 %.1f, p90 %.1f",
                        MarkerClip.NAME, clip.paired(), clip.medianMs(), clip.p10Ms(), clip.p90Ms());
                System.out.println("bench: the marker clip, " + clipSync);
            }
            if (!options.quick()) {
                System.out.println("bench: warm-up run (not measured) ...");
                runner.warmUp();
            }
            for (int rep = 0; rep < options.repetitions(); rep++) {
                for (String v : options.order(rep)) {
                    System.out.printf("bench: repetition %d of %d: %s ...%n", rep + 1, options.repetitions(), v);
                    RunResult r = runner.run(v, rep);
                    results.add(r);
                    System.out.printf("bench:   capture+encode %s CPU s/min, first frame %s s, stop %s s, "
                                    + "new pictures %s/s, A/V median %s ms%s%s%n",
                            Report.f(r.captureCpuPerMinute(), 1), Report.f(r.firstFrameSeconds(), 2),
                            Report.f(r.stopSeconds(), 2), Report.f(r.uniqueFps(), 1), Report.f(r.avMedianMs(), 0),
                            r.requestCpuPerMinute() == null ? ""
                                    : ", request threads " + Report.f(r.requestCpuPerMinute(), 2) + " CPU s/min",
                            r.problem() == null ? "" : " -- " + r.problem());
                }
            }
            if (options.starts() > 0) {
                starts = new StartBench(root, page.url(), ingest, options.resolution().toString())
                        .run(out.resolve("starts"), options.starts(), options.quick() ? QUICK_IDLE : IDLE,
                                options.quick());
            }
        }
        Report report = new Report(results, options.variants(), starts);
        Map<String, Object> header = new LinkedHashMap<>();
        header.put("command", "scripts/bench" + (commandLine.isBlank() ? "" : " " + commandLine));
        header.put("finishedAt", Instant.now().toString());
        header.put("machine", machine(ffmpeg));
        if (clipSync != null) {
            header.put("markerClip", clipSync);
        }
        header.put("options", Map.of("quick", options.quick(), "repetitions", options.repetitions(),
                "warmupSeconds", options.warmup().toSeconds(), "measuredSeconds", options.measure().toSeconds(),
                "resolution", options.resolution().toString(), "variants", options.variants()));
        new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT)
                .writeValue(out.resolve("results.json").toFile(), report.json(header));
        Files.writeString(out.resolve("results.md"), markdownDocument(header, report), StandardCharsets.UTF_8);
        return report;
    }

    /**
     * The launcher records its class data archive once per build, on its first start; that is
     * build work, not start-up, so it is done here before anything is measured.
     */
    private static void prepareLauncher(Path root) throws IOException, InterruptedException {
        Path script = root.resolve("scripts/cds-archive");
        if (!Files.isExecutable(script)) {
            return;
        }
        Process p = new ProcessBuilder(script.toString()).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        if (!p.waitFor(120, java.util.concurrent.TimeUnit.SECONDS)) {
            p.destroyForcibly().waitFor();
        }
    }

    private static String markdownDocument(Map<String, Object> header, Report report) {
        StringBuilder b = new StringBuilder();
        b.append("Command: `").append(header.get("command")).append("`, finished ").append(header.get("finishedAt"))
                .append("\n\nMachine:\n");
        @SuppressWarnings("unchecked")
        Map<String, Object> m = (Map<String, Object>) header.get("machine");
        m.forEach((k, v) -> b.append("- ").append(k).append(": ").append(v).append('\n'));
        if (header.containsKey("markerClip")) {
            b.append("\nThe marker clip (the video and mixed pages), its own sync: ").append(header.get("markerClip")).append('\n');
        }
        b.append('\n').append(report.markdown());
        return b.toString();
    }

    private static Map<String, Object> machine(Map<String, Path> ffmpeg) throws InterruptedException {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("cpu", ProcFs.cpuModel());
        m.put("cores", Runtime.getRuntime().availableProcessors());
        m.put("memoryMb", ProcFs.memTotalMb());
        m.put("kernel", lineWith(List.of("uname", "-r"), ""));
        m.put("os", lineWith(List.of("sh", "-c", ". /etc/os-release && echo \"$PRETTY_NAME\""), ""));
        m.put("java", System.getProperty("java.vm.name") + " " + System.getProperty("java.version"));
        // Debian's chromium wrapper script may print a shell warning before the version.
        m.put("chromium", lineWith(List.of("/usr/bin/chromium", "--version"), "Chromium"));
        ffmpeg.forEach((k, p) -> m.put(k, lineWith(List.of(p.toString(), "-version"), "")));
        // Measured after the runs, with nothing of theirs left running.
        m.put("speed", MachineSpeed.describe(MachineSpeed.x264Seconds()));
        return m;
    }

    /** The first line of a command's output that contains {@code word} (any line for ""). */
    private static String lineWith(List<String> cmd, String word) {
        try {
            Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            p.waitFor();
            return out.lines().filter(l -> l.contains(word)).findFirst().orElse("unknown").trim();
        } catch (IOException e) {
            return "unknown";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "unknown";
        }
    }

    static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(dir)) {
            for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }
}
