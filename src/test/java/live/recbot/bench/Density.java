package live.recbot.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import live.recbot.config.HMSResolution;
import live.recbot.encode.EncoderSettings;
import live.recbot.testpage.TestPageServer;

/**
 * How many rooms fit on this machine: at each picture size, 1, 2, 3 ... recbot runs record the
 * bundled test page at once (file only), until a room keeps fewer than {@link #HELD_RATIO} new
 * pictures, shows a decode error or misses an A/V target. Run it with {@code scripts/bench --density}.
 */
final class Density {
    /** A room holds while it records at least this share of the pictures it should. */
    static final double HELD_RATIO = 0.98;
    /** The A/V targets a room must meet to hold: the benchmark's (|median| <= 20 ms, p10..p90 within +-40 ms). */
    static final double AV_MEDIAN_MS = 20;
    static final double AV_SPREAD_MS = 40;
    private static final long START_TIMEOUT_SECONDS = 120;
    private static final long STOP_TIMEOUT_SECONDS = 30;
    static final String RECBOT = "recbot";
    /** recbot with Chromium drawing its own 60 frames a second ({@link BenchOptions#BROWSER_60}). */
    static final String BROWSER_60 = "recbot-browser60";

    private final Path root;
    private final DensityOptions options;
    private final URI page;

    private Density(Path root, DensityOptions options, URI page) {
        this.root = root;
        this.options = options;
        this.page = page;
    }

    /**
     * One room's figures; a figure that could not be measured is null.
     *
     * @param newPictureRatio new pictures after the warm-up over the pictures the frame rate asks for
     * @param av              the A/V offsets after the warm-up: median, 10th and 90th percentile
     * @param stackCores      the room's whole process tree (JVM, browser, X and sound servers), in cores
     */
    record Room(int index, Double newPictureRatio, Integer decodeErrors, Av av, Double stackCores,
                String problem) {
        boolean held() {
            return problem == null && newPictureRatio != null && newPictureRatio >= HELD_RATIO
                    && decodeErrors != null && decodeErrors == 0 && av != null && av.met();
        }
    }

    /** A room's A/V offsets in ms over the measured window, positive when the sound is late. */
    record Av(double medianMs, double p10Ms, double p90Ms) {
        boolean met() {
            return Math.abs(medianMs) <= AV_MEDIAN_MS && p10Ms >= -AV_SPREAD_MS && p90Ms <= AV_SPREAD_MS;
        }
    }

    /** {@code rooms} rooms recorded at once at {@code size}; the machine's busy cores over the window. */
    record Step(String variant, String size, int roomCount, double seconds, double machineCores, List<Room> rooms) {
        double machineCoresPerRoom() {
            return machineCores / roomCount;
        }

        boolean held() {
            return rooms.stream().allMatch(Room::held);
        }
    }

    static List<Step> run(Path root, DensityOptions options, String commandLine)
            throws IOException, InterruptedException {
        Path out = Files.createDirectories(options.out());
        Bench.deleteTree(out.resolve("density"));
        List<Step> steps = new ArrayList<>();
        try (TestPageServer server = TestPageServer.start(0)) {
            Density density = new Density(root, options, server.url());
            for (HMSResolution size : options.sizes()) {
                List<String> variants = new ArrayList<>(List.of(RECBOT));
                if (options.compareBrowser60()) {
                    variants.add(BROWSER_60);
                }
                for (int rooms = options.firstRooms(); rooms <= options.maxRooms() && !variants.isEmpty(); rooms++) {
                    for (String variant : List.copyOf(variants)) {
                        System.out.printf("bench: density: %s, %d room(s) at %s ...%n", variant, rooms, size);
                        Step step = density.step(variant, size, rooms);
                        steps.add(step);
                        System.out.println("bench:   " + DensityReport.line(step));
                        if (!step.held()) {
                            variants.remove(variant);
                        }
                    }
                }
            }
        }
        Map<String, Object> header = new LinkedHashMap<>();
        header.put("command", "scripts/bench" + (commandLine.isBlank() ? "" : " " + commandLine));
        header.put("finishedAt", Instant.now().toString());
        Map<String, Object> machine = new LinkedHashMap<>();
        machine.put("cpu", ProcFs.cpuModel());
        machine.put("cores", Runtime.getRuntime().availableProcessors());
        machine.put("memoryMb", ProcFs.memTotalMb());
        machine.put("speed", MachineSpeed.describe(MachineSpeed.x264Seconds()));
        header.put("machine", machine);
        header.put("options", Map.of("warmupSeconds", options.warmup().toSeconds(),
                "measuredSeconds", options.measure().toSeconds(), "maxRooms", options.maxRooms()));
        new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT)
                .writeValue(out.resolve("density.json").toFile(), Map.of("header", header, "steps", steps));
        Files.writeString(out.resolve("density.md"), DensityReport.markdown(header, steps), StandardCharsets.UTF_8);
        return steps;
    }

    private Step step(String variant, HMSResolution size, int count) throws IOException, InterruptedException {
        Path dir = Files.createDirectories(options.out().resolve("density").resolve(variant + "-" + size + "-" + count));
        List<Process> runs = new ArrayList<>();
        List<Path> recs = new ArrayList<>();
        try {
            for (int i = 0; i < count; i++) {
                Path roomDir = Files.createDirectories(dir.resolve("room-" + i));
                recs.add(Files.createDirectories(roomDir.resolve("rec")));
                runs.add(start(variant, size, roomDir, recs.get(i)));
            }
            String notStarted = awaitAllRecording(runs, recs);
            if (notStarted != null) {
                List<Room> rooms = new ArrayList<>();
                for (int i = 0; i < count; i++) {
                    rooms.add(new Room(i, null, null, null, null, notStarted));
                }
                return new Step(variant, size.toString(), count, 0, 0, rooms);
            }
            // A fixed window, not a wait for a condition: the sample is the window.
            Thread.sleep(options.warmup().toMillis());
            List<Map<Integer, ProcFs.Stat>> before = trees(runs);
            ProcFs.MachineTicks m1 = ProcFs.machine();
            long t1 = System.nanoTime();
            Thread.sleep(options.measure().toMillis());
            List<Map<Integer, ProcFs.Stat>> after = trees(runs);
            ProcFs.MachineTicks m2 = ProcFs.machine();
            double seconds = (System.nanoTime() - t1) / 1e9;
            List<String> stopped = stopAll(runs);
            List<Room> rooms = new ArrayList<>();
            for (int i = 0; i < count; i++) {
                double cores = ProcFs.ticksBetween(before.get(i), after.get(i)) / (double) ProcFs.TICKS_PER_SECOND
                        / seconds;
                rooms.add(room(i, recs.get(i), cores, stopped.get(i)));
            }
            double machineCores = (m2.busy() - m1.busy()) / (double) ProcFs.TICKS_PER_SECOND / seconds;
            return new Step(variant, size.toString(), count, seconds, machineCores, rooms);
        } finally {
            for (Process p : runs) {
                p.destroyForcibly();
            }
        }
    }

    private Process start(String variant, HMSResolution size, Path dir, Path rec) throws IOException {
        long maxSeconds = options.warmup().plus(options.measure()).toSeconds() + START_TIMEOUT_SECONDS + 60;
        List<String> cmd = List.of(root.resolve("scripts/recbot").toString(), "run", "--meeting-url", page.toString(),
                "--resolution", size.toString(), "--record", "--output-dir", rec.toString(),
                "--max-duration", maxSeconds + "s");
        return Runner.launch(cmd, dir, variant.equals(BROWSER_60));
    }

    /** Null once every room records; otherwise why not. */
    private static String awaitAllRecording(List<Process> runs, List<Path> recs) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(START_TIMEOUT_SECONDS);
        for (int i = 0; i < runs.size(); i++) {
            while (!Runner.recordingHasMedia(recs.get(i), ".mp4")) {
                if (!runs.get(i).isAlive()) {
                    return "room " + i + " exited before recording (see its stderr.txt)";
                }
                if (System.nanoTime() > deadline) {
                    return "room " + i + " did not record within " + START_TIMEOUT_SECONDS + " s";
                }
                Thread.sleep(20);
            }
        }
        return null;
    }

    private static List<Map<Integer, ProcFs.Stat>> trees(List<Process> runs) {
        // scripts/recbot exec's java: each PID is a room's JVM, the parent of its helpers.
        return runs.stream().map(p -> ProcFs.tree((int) p.pid())).toList();
    }

    /** SIGTERM to every room at once; each room's problem, or null. */
    private static List<String> stopAll(List<Process> runs) throws InterruptedException {
        runs.forEach(Process::destroy);
        List<String> problems = new ArrayList<>();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(STOP_TIMEOUT_SECONDS);
        for (Process p : runs) {
            long left = Math.max(0, deadline - System.nanoTime());
            if (!p.waitFor(left, TimeUnit.NANOSECONDS)) {
                problems.add("did not exit within " + STOP_TIMEOUT_SECONDS + " s of SIGTERM");
            } else {
                problems.add(p.exitValue() == 0 ? null : "exit code " + p.exitValue());
            }
        }
        return problems;
    }

    private Room room(int index, Path rec, double cores, String problem) throws IOException, InterruptedException {
        Optional<Path> file = Runner.onlyFile(rec, ".mp4");
        if (file.isEmpty()) {
            return new Room(index, null, null, null, cores, problem == null ? "no recording" : problem);
        }
        int errors = Runner.decodeErrors(file.get());
        MediaAnalysis.Report report = MediaAnalysis.analyze(file.get(), EncoderSettings.FPS);
        double from = report.video().startSeconds() + options.warmup().toSeconds();
        List<MediaAnalysis.Frame> measured = report.frames().stream().filter(f -> f.pts() >= from).toList();
        Double ratio = measured.isEmpty() ? null : MediaAnalysis.videoStats(new MediaAnalysis.VideoInfo(
                report.video().width(), report.video().height(), measured), EncoderSettings.FPS).uniqueRatio();
        // The same window as the pictures: every room records by then.
        double[] offsets = MediaAnalysis.offsetsBetween(report.sync().pairs(), from, Double.POSITIVE_INFINITY);
        Av av = offsets.length == 0 ? null : new Av(MediaAnalysis.percentile(offsets, 0.5),
                MediaAnalysis.percentile(offsets, 0.1), MediaAnalysis.percentile(offsets, 0.9));
        if (!options.keepMedia()) {
            Files.deleteIfExists(file.get());
        }
        return new Room(index, ratio, errors, av, cores, problem);
    }
}
