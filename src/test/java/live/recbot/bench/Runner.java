package live.recbot.bench;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.stream.Stream;
import live.recbot.browser.ChromiumBrowser;
import live.recbot.encode.EncoderSettings;

/**
 * Runs one variant once and measures it: the process is started cold, its first frame is awaited
 * at the ingest, its CPU time is read from /proc over a fixed window after a warm-up, then it gets
 * SIGTERM and its recording is decoded.
 */
final class Runner {
    private static final Duration START_TIMEOUT = Duration.ofSeconds(90);
    private static final Duration STOP_TIMEOUT = Duration.ofSeconds(30);
    static final int FFMPEG_OUTPUTS = 3;

    private final Path root;
    private final BenchOptions options;
    private final URI page;
    private final Ingest ingest;
    private final Map<String, Path> ffmpegBinaries;
    private final AvPages avPages;

    /** @param avPages the A/V pages, for variants that name a kind; null when none does */
    Runner(Path root, BenchOptions options, URI page, Ingest ingest, Map<String, Path> ffmpegBinaries,
           AvPages avPages) {
        this.root = root;
        this.options = options;
        this.page = page;
        this.ingest = ingest;
        this.ffmpegBinaries = ffmpegBinaries;
        this.avPages = avPages;
    }

    RunResult run(String variant, int rep) throws IOException, InterruptedException {
        Path dir = Files.createDirectories(options.out().resolve("runs").resolve("rep" + rep + "-" + variant));
        String base = BenchOptions.base(variant);
        URI url = BenchOptions.kind(variant).map(k -> URI.create(avPages.url(k, ""))).orElse(page);
        if (base.equals(BenchOptions.WATCHED)) {
            return recbot(variant, url, rep, dir, 3, Watcher.Routes.BOTH);
        }
        if (base.equals(BenchOptions.METRICS_WATCHED)) {
            return recbot(variant, url, rep, dir, 3, Watcher.Routes.METRICS);
        }
        if (base.equals(BenchOptions.PREVIEW_WATCHED)) {
            return recbot(variant, url, rep, dir, 3, Watcher.Routes.PREVIEW);
        }
        if (base.equals(BenchOptions.AUDIO_ONLY)) {
            return recbot(variant, url, rep, dir, 0, null);
        }
        if (base.equals(BenchOptions.BROWSER_60)) {
            return recbot(variant, url, rep, dir, 0, null);
        }
        if (base.startsWith("recbot-")) {
            return recbot(variant, url, rep, dir, Integer.parseInt(base.substring("recbot-".length())), null);
        }
        return ffmpeg(variant, url, rep, dir, ffmpegBinaries.get(base));
    }

    /**
     * One unmeasured start of recbot, up to its first frame at the ingest. The harness's own JVM
     * serves the test page and polls the ingest; cold, it would compete with the first measured
     * run's browser start for the cores and slow it. Each measured run still starts its own
     * browser with a new profile.
     */
    void warmUp() throws IOException, InterruptedException {
        Path dir = Files.createDirectories(options.out().resolve("runs").resolve("warm-up"));
        Path rec = Files.createDirectories(dir.resolve("rec"));
        String stream = "warm-up";
        Process p = startRecbot(page, dir, rec, List.of(stream), START_TIMEOUT.toSeconds(), List.of(), false);
        Double firstFrame = awaitStart(() -> FlvFirstFrame.hasVideoFrame(ingest.recording(stream)), p::isAlive,
                System.nanoTime());
        p.destroy();
        if (!p.waitFor(STOP_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
            p.destroyForcibly().waitFor();
        }
        if (firstFrame == null) {
            throw new IOException("the warm-up run of recbot did not stream (see " + dir + ")");
        }
        if (!options.keepMedia()) {
            onlyFile(rec, ".mp4").ifPresent(f -> f.toFile().delete());
        }
    }

    /** Starts {@code scripts/recbot run} recording into {@code rec} and streaming to the ingest's {@code streams}. */
    private Process startRecbot(URI url, Path dir, Path rec, List<String> streams, long maxSeconds,
                                List<String> more, boolean browser60) throws IOException {
        List<String> cmd = new ArrayList<>(List.of(root.resolve("scripts/recbot").toString(), "run",
                "--meeting-url", url.toString(), "--resolution", options.resolution().toString(),
                "--record", "--output-dir", rec.toString(), "--max-duration", maxSeconds + "s"));
        for (String s : streams) {
            cmd.addAll(List.of("--rtmp-url", ingest.url(s)));
        }
        cmd.addAll(more);
        return launch(cmd, dir, browser60);
    }

    /**
     * Starts a recbot command with its output in {@code dir}, none of the harness's recbot settings
     * but its JVM options, and with {@code browser60} Chromium drawing its own 60 frames a second.
     */
    static Process launch(List<String> cmd, Path dir, boolean browser60) throws IOException {
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectOutput(dir.resolve("stdout.txt").toFile())
                .redirectError(dir.resolve("stderr.txt").toFile())
                .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
        pb.environment().keySet().removeIf(k -> k.startsWith("RECBOT_") && !k.equals("RECBOT_JAVA_OPTS"));
        if (browser60) {
            pb.environment().merge("RECBOT_JAVA_OPTS", "-D" + ChromiumBrowser.FULL_FRAME_RATE_PROPERTY + "=true",
                    (a, b) -> a + " " + b);
        }
        return pb.start();
    }

    private List<String> streams(String variant, int rep, int count) {
        List<String> names = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            // nginx-rtmp names its recording after the stream as escaped in the URL: no '@' in it.
            names.add("rep" + rep + "-" + variant.replace(BenchOptions.AT, "_") + "-" + i);
        }
        return names;
    }

    /** {@code watch}: what a dashboard fetches during the measurement, or null for none. */
    private RunResult recbot(String variant, URI url, int rep, Path dir, int rtmpOutputs, Watcher.Routes watch)
            throws IOException, InterruptedException {
        boolean watched = watch != null;
        Path rec = Files.createDirectories(dir.resolve("rec"));
        List<String> streams = streams(variant, rep, rtmpOutputs);
        long maxSeconds = options.warmup().plus(options.measure()).plus(START_TIMEOUT).toSeconds() + 60;
        long t0 = System.nanoTime();
        int statusPort = watched ? Watcher.freePort() : 0;
        boolean soundOnly = BenchOptions.base(variant).equals(BenchOptions.AUDIO_ONLY);
        String suffix = soundOnly ? ".m4a" : ".mp4";
        Process p = startRecbot(url, dir, rec, streams, maxSeconds,
                watched ? List.of("--status-port", Integer.toString(statusPort))
                        : soundOnly ? List.of("--audio-only") : List.of(),
                BenchOptions.base(variant).equals(BenchOptions.BROWSER_60));
        // scripts/recbot exec's java: this PID is the JVM that captures and encodes.
        int pid = (int) p.pid();
        BooleanSupplier started = streams.isEmpty() ? () -> recordingHasMedia(rec, suffix)
                : () -> FlvFirstFrame.hasVideoFrame(ingest.recording(streams.get(0)));
        Double firstFrame = awaitStart(started, p::isAlive, t0);
        if (firstFrame == null) {
            return failed(variant, rep, p, dir, "recbot did not start streaming (see " + dir + ")");
        }
        Window w;
        String watchProblem = null;
        if (watched) {
            try (Watcher watcher = Watcher.start(statusPort, watch)) {
                w = measure(() -> ProcFs.tree(pid), Map::of, () -> ProcFs.threadTicks(pid, Runner::answersRequests));
                System.out.println("bench:   watched: " + watcher.summary());
                watchProblem = watcher.problem();
            }
        } else {
            w = measure(() -> ProcFs.tree(pid), Map::of);
        }
        double peakMb = ProcFs.peakRssKb(pid) / 1024.0;
        long stopAt = System.nanoTime();
        p.destroy();
        boolean exited = p.waitFor(STOP_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        double stop = seconds(System.nanoTime() - stopAt);
        String problem = exited ? null : "did not exit within " + STOP_TIMEOUT.toSeconds() + " s of SIGTERM";
        if (!exited) {
            p.destroyForcibly().waitFor();
        }
        problem = join(join(problem, watchProblem), leftovers(w.processesAtEnd()));
        Optional<Path> file = onlyFile(rec, suffix);
        if (soundOnly) {
            return soundResult(variant, rep, w, w.capture(pid), peakMb, exited ? stop : null,
                    exited ? p.exitValue() : null, file, problem);
        }
        RunResult r = result(variant, rep, w, w.capture(pid), peakMb, streams.isEmpty() ? null : firstFrame,
                exited ? stop : null, exited ? p.exitValue() : null, file, dir.resolve("stderr.txt"), problem);
        // A count that found none of the threads is no figure: null, which the report shows as missing.
        return watched && w.requestTicks() >= 0
                ? r.withRequestCpu(w.requestTicks() * w.perMinute()) : r;
    }

    /** recbot's threads that answer API requests: the gate, the JDK server's dispatcher and the pool. */
    static boolean answersRequests(String thread) {
        return thread.startsWith("recbot-api") || thread.startsWith("HTTP-Dispatcher");
    }

    private RunResult ffmpeg(String variant, URI url, int rep, Path dir, Path binary)
            throws IOException, InterruptedException {
        List<String> streams = streams(variant, rep, FFMPEG_OUTPUTS);
        Path file = dir.resolve("recording.mp4");
        // The run's folder is too deep for Chromium's singleton socket path (107 bytes), so the stack
        // gets a short TMPDIR of its own, removed with the run.
        Path stackTmp = Files.createTempDirectory("rb-");
        long t0 = System.nanoTime();
        ProcessBuilder stackCommand = new ProcessBuilder(javaBinary(), "-cp", System.getProperty("java.class.path"),
                BrowserStack.class.getName(), options.resolution().toString(), url.toString(),
                dir.resolve("stack").toString()).redirectError(dir.resolve("stack-stderr.txt").toFile());
        stackCommand.environment().put("TMPDIR", stackTmp.toString());
        Process stack = stackCommand.start();
        int stackPid = (int) stack.pid();
        Process ff = null;
        try {
            String[] ready = awaitReady(stack);
            if (ready == null) {
                return failed(variant, rep, stack, dir, "the browser stack did not start (see " + dir + ")");
            }
            ff = new ProcessBuilder(ffmpegCommand(binary, ready[1], ready[2], ready[3], file, streams))
                    .redirectOutput(dir.resolve("ffmpeg-stdout.txt").toFile())
                    .redirectError(dir.resolve("ffmpeg-stderr.txt").toFile())
                    .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null"))).start();
            int ffPid = (int) ff.pid();
            Process ffProcess = ff;
            Double firstFrame = awaitStart(() -> FlvFirstFrame.hasVideoFrame(ingest.recording(streams.get(0))),
                    ffProcess::isAlive, t0);
            if (firstFrame == null) {
                return failed(variant, rep, ff, dir, "ffmpeg did not start streaming (see " + dir + ")");
            }
            // The browser stack's own JVM only waits; its children are the browser, X and sound servers.
            Window w = measure(() -> ProcFs.tree(ffPid), () -> withoutRoot(ProcFs.tree(stackPid), stackPid));
            double peakMb = ProcFs.peakRssKb(ffPid) / 1024.0;
            long stopAt = System.nanoTime();
            ff.destroy();
            boolean exited = ff.waitFor(STOP_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            double stop = seconds(System.nanoTime() - stopAt);
            String problem = exited ? null : "did not exit within " + STOP_TIMEOUT.toSeconds() + " s of SIGTERM";
            closeStack(stack);
            problem = join(problem, leftovers(w.processesAtEnd()));
            // ffmpeg exits 255 when ended by a signal, having written its trailer.
            return result(variant, rep, w, w.capture(ffPid), peakMb, firstFrame, exited ? stop : null,
                    exited ? ff.exitValue() : null, Files.exists(file) ? Optional.of(file) : Optional.empty(), null,
                    problem);
        } finally {
            if (ff != null && ff.isAlive()) {
                ff.destroyForcibly().waitFor();
            }
            closeStack(stack);
            Bench.deleteTree(stackTmp);
        }
    }

    /** The usual ffmpeg-per-bot command (as Jibri's), with recbot's encoder settings, through the tee muxer. */
    private List<String> ffmpegCommand(Path binary, String display, String pulseServer, String source, Path file,
                                       List<String> streams) {
        EncoderSettings s = EncoderSettings.forResolution(options.resolution(), ChromiumBrowser.FRAME_INTERVAL);
        String rate = Long.toString(s.videoBitrate());
        StringBuilder tee = new StringBuilder("[f=mp4:movflags=+frag_keyframe+empty_moov+default_base_moof]" + file);
        for (String name : streams) {
            tee.append("|[f=flv:onfail=ignore]").append(ingest.url(name));
        }
        return List.of(binary.toString(), "-nostdin", "-hide_banner", "-loglevel", "warning",
                "-f", "x11grab", "-draw_mouse", "0", "-framerate", Integer.toString(s.fps()),
                "-video_size", s.width() + "x" + s.height(), "-thread_queue_size", "4096", "-i", display + ".0+0,0",
                "-f", "pulse", "-server", pulseServer, "-sample_rate", Integer.toString(s.audioSampleRate()),
                "-channels", Integer.toString(s.audioChannels()), "-thread_queue_size", "4096", "-i", source,
                "-map", "0:v", "-map", "1:a",
                "-c:v", "libx264", "-preset", s.preset(), "-tune", "zerolatency", "-threads", "1",
                "-x264-params", "scenecut=0:open-gop=0", "-pix_fmt", "yuv420p", "-r", Integer.toString(s.fps()),
                "-g", Integer.toString(s.gopSize()), "-keyint_min", Integer.toString(s.gopSize()),
                "-b:v", rate, "-maxrate", rate, "-bufsize", rate,
                "-c:a", "aac", "-b:a", Long.toString(s.audioBitrate()), "-ar", Integer.toString(s.audioSampleRate()),
                "-ac", Integer.toString(s.audioChannels()),
                "-flags", "+global_header", "-f", "tee", tee.toString());
    }

    /** CPU over the measured window, for the capture process's tree and for the rest of the run's stack. */
    private record Window(double seconds, long stackTicks, long machineTicks,
                          Map<Integer, ProcFs.Stat> captureBefore, Map<Integer, ProcFs.Stat> captureAfter,
                          List<ProcFs.Stat> processesAtEnd, long requestTicks) {
        /** CPU seconds per minute for one tick over the window. */
        double perMinute() {
            return 60.0 / seconds / ProcFs.TICKS_PER_SECOND;
        }

        long capture(int pid) {
            ProcFs.Stat a = captureAfter.get(pid);
            ProcFs.Stat b = captureBefore.get(pid);
            return a == null || b == null ? -1 : a.cpuTicks() - b.cpuTicks();
        }
    }

    private Window measure(java.util.function.Supplier<Map<Integer, ProcFs.Stat>> captureTree,
                           java.util.function.Supplier<Map<Integer, ProcFs.Stat>> otherTree) throws InterruptedException {
        return measure(captureTree, otherTree, () -> 0);
    }

    /** {@code requestThreads}: ticks of the threads answering requests, read at the window's ends. */
    private Window measure(java.util.function.Supplier<Map<Integer, ProcFs.Stat>> captureTree,
                           java.util.function.Supplier<Map<Integer, ProcFs.Stat>> otherTree,
                           java.util.function.LongSupplier requestThreads) throws InterruptedException {
        // A fixed measuring window, not a wait for a condition: the warm-up lets the JIT and the
        // browser settle, the window is the sample.
        Thread.sleep(options.warmup().toMillis());
        Map<Integer, ProcFs.Stat> c1 = captureTree.get();
        Map<Integer, ProcFs.Stat> o1 = otherTree.get();
        long r1 = requestThreads.getAsLong();
        ProcFs.MachineTicks m1 = ProcFs.machine();
        long t1 = System.nanoTime();
        Thread.sleep(options.measure().toMillis());
        Map<Integer, ProcFs.Stat> c2 = captureTree.get();
        Map<Integer, ProcFs.Stat> o2 = otherTree.get();
        long r2 = requestThreads.getAsLong();
        ProcFs.MachineTicks m2 = ProcFs.machine();
        long t2 = System.nanoTime();
        long captureAll = ProcFs.ticksBetween(c1, c2);
        long others = ProcFs.ticksBetween(o1, o2);
        List<ProcFs.Stat> end = new ArrayList<>(c2.values());
        end.addAll(o2.values());
        return new Window(seconds(t2 - t1), captureAll + others, m2.busy() - m1.busy(), c1, c2, end,
                r1 < 0 || r2 < 0 ? -1 : r2 - r1);
    }

    private RunResult result(String variant, int rep, Window w, long captureTicks, double peakMb, Double firstFrame,
                             Double stop, Integer exit, Optional<Path> file, Path recbotLog, String problem)
            throws IOException, InterruptedException {
        double perMinute = w.perMinute();
        Double captureCpu = captureTicks < 0 ? null : captureTicks * perMinute;
        Double stackCpu = w.stackTicks() * perMinute;
        Double machineCpu = w.machineTicks() * perMinute;
        if (file.isEmpty()) {
            return new RunResult(variant, rep, w.seconds(), captureCpu, stackCpu, machineCpu, peakMb, firstFrame, stop,
                    exit, null, null, null, null, null, null, null, null, null, null, null, null, null, null, null,
                    null, join(problem, "no recording"));
        }
        Path f = file.get();
        int errors = decodeErrors(f);
        MediaAnalysis.Report m = MediaAnalysis.analyze(f, EncoderSettings.FPS);
        if (!options.keepMedia()) {
            Files.deleteIfExists(f);
        }
        MediaAnalysis.SyncStats s = m.sync();
        MediaAnalysis.VideoStats v = m.video();
        List<String> log = recbotLog == null ? List.of() : Files.readAllLines(recbotLog);
        // Only the bundled page draws its own stamp into the picture; on the other kinds there is none to read.
        boolean pageStamp = BenchOptions.kind(variant).map(k -> k.equals(AvPages.CANVAS)).orElse(true);
        Double pictureLatency = pageStamp ? PictureLatency.medianMs(m.frames(), log).orElse(null) : null;
        Optional<PictureLatency.NetSync> net = pageStamp ? PictureLatency.netOfPictureLatency(m, log) : Optional.empty();
        return new RunResult(variant, rep, w.seconds(), captureCpu, stackCpu, machineCpu, peakMb, firstFrame, stop,
                exit, errors, v.durationSeconds(), v.frames(), v.uniqueFrames(), v.uniqueFps(), v.uniqueRatio(),
                s.paired(), finite(s.medianMs()), finite(s.p10Ms()), finite(s.p90Ms()),
                finite(s.driftMs()), finite(s.slopeMsPer10Min()), pictureLatency,
                net.map(n -> finite(n.medianMs())).orElse(null), net.map(n -> finite(n.slopeMsPer10Min())).orElse(null),
                s.paired() == 0 ? null : Settling.of(s.pairs(), v.startSeconds(), v.durationSeconds()), problem);
    }

    /**
     * The figures of a recording of the sound alone: CPU, memory and decode errors; the picture's
     * figures stay empty, and a picture in the file, or no beep of the test page, is a problem.
     */
    private RunResult soundResult(String variant, int rep, Window w, long captureTicks, double peakMb, Double stop,
                                  Integer exit, Optional<Path> file, String problem)
            throws IOException, InterruptedException {
        double perMinute = w.perMinute();
        Double captureCpu = captureTicks < 0 ? null : captureTicks * perMinute;
        Integer errors = null;
        if (file.isEmpty()) {
            problem = join(problem, "no recording");
        } else {
            errors = decodeErrors(file.get());
            if (MediaAnalysis.beepOnsets(file.get()).isEmpty()) {
                problem = join(problem, "no beep in the recording");
            }
            if (MediaAnalysis.hasVideo(file.get())) {
                problem = join(problem, "a video stream in a recording of the sound alone");
            }
            if (!options.keepMedia()) {
                Files.deleteIfExists(file.get());
            }
        }
        return new RunResult(variant, rep, w.seconds(), captureCpu, w.stackTicks() * perMinute,
                w.machineTicks() * perMinute, peakMb, null, stop, exit, errors, null, null, null, null, null,
                null, null, null, null, null, null, null, null, null, null, problem);
    }

    /** What ffmpeg reports while decoding the whole file: a file finalised cleanly gives none. */
    static int decodeErrors(Path file) throws IOException, InterruptedException {
        Process p = new ProcessBuilder("ffmpeg", "-nostdin", "-v", "error", "-i", file.toString(), "-f", "null", "-")
                .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        int exit = p.waitFor();
        int lines = (int) err.lines().filter(l -> !l.isBlank()).count();
        return exit != 0 && lines == 0 ? 1 : lines;
    }

    private RunResult failed(String variant, int rep, Process p, Path dir, String why) throws InterruptedException {
        p.destroy();
        if (!p.waitFor(STOP_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
            p.destroyForcibly().waitFor();
        }
        return new RunResult(variant, rep, 0, null, null, null, null, null, null, null, null, null, null, null, null,
                null, null, null, null, null, null, null, null, null, null, null, why);
    }

    /** Seconds from {@code t0} until {@code started}, polled every 5 ms; null at {@code alive}'s end or the timeout. */
    static Double awaitStart(BooleanSupplier started, BooleanSupplier alive, long t0) throws InterruptedException {
        long deadline = t0 + START_TIMEOUT.toNanos();
        while (System.nanoTime() < deadline) {
            if (started.getAsBoolean()) {
                return seconds(System.nanoTime() - t0);
            }
            if (!alive.getAsBoolean()) {
                return null;
            }
            // The ingest writes each frame as it arrives; 5 ms polling bounds the error.
            Thread.sleep(5);
        }
        return null;
    }

    private static String[] awaitReady(Process stack) throws IOException {
        BufferedReader r = new BufferedReader(new InputStreamReader(stack.getInputStream(), StandardCharsets.UTF_8));
        String line;
        while ((line = r.readLine()) != null) {
            if (line.startsWith("READY ")) {
                return line.split(" ");
            }
        }
        return null;
    }

    private static void closeStack(Process stack) throws InterruptedException {
        if (!stack.isAlive()) {
            return;
        }
        try {
            stack.getOutputStream().close();
        } catch (IOException e) {
            // Then SIGTERM below ends it.
        }
        if (!stack.waitFor(20, TimeUnit.SECONDS)) {
            stack.destroy();
            if (!stack.waitFor(20, TimeUnit.SECONDS)) {
                stack.destroyForcibly().waitFor();
            }
        }
    }

    static boolean recordingHasMedia(Path dir, String suffix) {
        // The fragmented MP4's header is written at once; a first fragment means media flows.
        return onlyFile(dir, suffix).map(f -> f.toFile().length() > 16_384).orElse(false);
    }

    static Optional<Path> onlyFile(Path dir, String suffix) {
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(p -> p.toString().endsWith(suffix)).findFirst();
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    /** Processes of the run still alive after it ended: a defect; they are ended here and reported. */
    private static String leftovers(List<ProcFs.Stat> seen) throws InterruptedException {
        List<String> left = new ArrayList<>();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        for (ProcFs.Stat s : seen) {
            Optional<ProcFs.Stat> now = ProcFs.stat(s.pid());
            while (now.isPresent() && now.get().sameProcess(s) && System.nanoTime() < deadline) {
                Thread.sleep(50);
                now = ProcFs.stat(s.pid());
            }
            if (now.isPresent() && now.get().sameProcess(s)) {
                left.add(s.command() + "[" + s.pid() + "]");
                ProcessHandle.of(s.pid()).ifPresent(ProcessHandle::destroyForcibly);
            }
        }
        return left.isEmpty() ? null : "processes left running: " + String.join(", ", left);
    }

    private static Map<Integer, ProcFs.Stat> withoutRoot(Map<Integer, ProcFs.Stat> tree, int root) {
        Map<Integer, ProcFs.Stat> m = new java.util.HashMap<>(tree);
        m.remove(root);
        return m;
    }

    private static String javaBinary() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    private static String join(String a, String b) {
        return a == null ? b : b == null ? a : a + "; " + b;
    }

    /** Too few markers for a figure gives NaN; the report shows it as not measured. */
    private static Double finite(double v) {
        return Double.isFinite(v) ? v : null;
    }

    static double seconds(long nanos) {
        return nanos / 1e9;
    }
}
