package live.recbot.bench;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A serve worker's start, warm and cold ({@code --no-warm}): from {@code POST /v1/start} to the
 * first picture at the ingest, each start a new stream, and what the idle worker costs (the JVM
 * and every process it started, CPU over a window) with and without its warm stack.
 */
final class StartBench {
    private static final Pattern SERVING = Pattern.compile("recbot serving on http://[^:]+:(\\d+)");
    private static final String WARM_READY = "warm stack ready";
    private static final Duration SETTLE = Duration.ofSeconds(2);
    /** A new worker's JVM and browser are still busy starting for some seconds after it is ready. */
    private static final Duration IDLE_SETTLE = Duration.ofSeconds(10);
    /** The quick mode's: it only shows that the figure is produced. */
    private static final Duration QUICK_IDLE_SETTLE = Duration.ofSeconds(2);

    /** One worker's figures: each start's seconds, and its idle CPU in cores. */
    record Worker(String mode, List<Double> startSeconds, Double idleCores, String problem) {
        Double medianStart() {
            return Report.median(startSeconds);
        }

        Map<String, Object> json() {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("mode", mode);
            m.put("startSeconds", startSeconds);
            m.put("medianStartSeconds", medianStart());
            m.put("idleCores", idleCores);
            m.put("problem", problem);
            return m;
        }
    }

    private final Path root;
    private final URI page;
    private final Ingest ingest;
    private final String resolution;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    StartBench(Path root, URI page, Ingest ingest, String resolution) {
        this.root = root;
        this.page = page;
        this.ingest = ingest;
        this.resolution = resolution;
    }

    /**
     * Measures a warm worker, then (unless {@code warmOnly}) a cold one, {@code starts} starts each
     * after {@code idle} idle.
     */
    List<Worker> run(Path dir, int starts, Duration idle, boolean warmOnly) throws IOException, InterruptedException {
        List<Worker> workers = new ArrayList<>();
        for (String mode : warmOnly ? List.of("warm") : List.of("warm", "cold")) {
            System.out.printf("bench: serve, %s: idle %d s, then %d starts ...%n", mode, idle.toSeconds(), starts);
            Worker w = worker(mode, Files.createDirectories(dir.resolve("start-" + mode)), starts, idle,
                    warmOnly ? QUICK_IDLE_SETTLE : IDLE_SETTLE);
            System.out.printf("bench:   idle %s cores, starts %s s%s%n", Report.f(w.idleCores(), 3), w.startSeconds()
                    .stream().map(s -> Report.f(s, 3)).toList(), w.problem() == null ? "" : " -- " + w.problem());
            workers.add(w);
        }
        return workers;
    }

    private Worker worker(String mode, Path dir, int starts, Duration idle, Duration idleSettle)
            throws IOException, InterruptedException {
        boolean warm = mode.equals("warm");
        List<String> cmd = new ArrayList<>(List.of(root.resolve("scripts/recbot").toString(), "serve", "--port", "0",
                "--output-dir", Files.createDirectories(dir.resolve("rec")).toString()));
        if (!warm) {
            cmd.add("--no-warm");
        }
        Process p = Runner.launch(cmd, dir, false);
        List<Double> seconds = new ArrayList<>();
        try {
            Integer port = awaitPort(dir.resolve("stdout.txt"), p);
            if (port == null) {
                return new Worker(mode, seconds, null, "serve did not start (see " + dir + ")");
            }
            if (warm && !await(() -> readyStacks(dir) >= 1, p)) {
                return new Worker(mode, seconds, null, "no warm stack (see " + dir + ")");
            }
            Thread.sleep(idleSettle.toMillis());
            Map<Integer, ProcFs.Stat> before = ProcFs.tree((int) p.pid());
            long t0 = System.nanoTime();
            Thread.sleep(idle.toMillis());
            double cores = ProcFs.ticksBetween(before, ProcFs.tree((int) p.pid())) / (double) ProcFs.TICKS_PER_SECOND
                    / Runner.seconds(System.nanoTime() - t0);
            for (int i = 0; i < starts; i++) {
                int ready = i + 1;
                if (warm && !await(() -> readyStacks(dir) >= ready, p)) {
                    return new Worker(mode, seconds, cores, "no warm stack before start " + ready);
                }
                Thread.sleep(SETTLE.toMillis());
                Double s = start(port, mode + "-" + i, p);
                if (s == null) {
                    return new Worker(mode, seconds, cores, "start " + ready + " did not stream (see " + dir + ")");
                }
                seconds.add(s);
            }
            return new Worker(mode, seconds, cores, null);
        } finally {
            p.destroy();
            if (!p.waitFor(30, TimeUnit.SECONDS)) {
                p.destroyForcibly().waitFor();
            }
        }
    }

    /** Seconds from the start request to the first picture at the ingest; null when none came. */
    private Double start(int port, String stream, Process serve) throws IOException, InterruptedException {
        String body = "{\"meetingUrl\": \"" + page + "\", \"record\": true, \"resolution\": \"" + resolution
                + "\", \"rtmpUrls\": [\"" + ingest.url(stream) + "\"]}";
        long t0 = System.nanoTime();
        HttpResponse<String> started = post(port, "/v1/start", body);
        Double s = started.statusCode() != 200 ? null
                : Runner.awaitStart(() -> FlvFirstFrame.hasVideoFrame(ingest.recording(stream)), serve::isAlive, t0);
        post(port, "/v1/stop", "");
        return s;
    }

    private HttpResponse<String> post(int port, String path, String body) throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .timeout(Duration.ofSeconds(90)).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private static int readyStacks(Path dir) {
        String log = read(dir.resolve("stderr.txt"));
        int n = 0;
        for (int at = log.indexOf(WARM_READY); at >= 0; at = log.indexOf(WARM_READY, at + 1)) {
            n++;
        }
        return n;
    }

    private static Integer awaitPort(Path stdout, Process p) throws InterruptedException {
        Integer[] port = new Integer[1];
        await(() -> {
            Matcher m = SERVING.matcher(read(stdout));
            if (m.find()) {
                port[0] = Integer.parseInt(m.group(1));
            }
            return port[0] != null;
        }, p);
        return port[0];
    }

    /** True once {@code condition} holds, polled as {@link Runner#awaitStart} polls; false at the process's end or the timeout. */
    private static boolean await(BooleanSupplier condition, Process p) throws InterruptedException {
        return Runner.awaitStart(condition, p::isAlive, System.nanoTime()) != null;
    }

    private static String read(Path f) {
        try {
            return Files.exists(f) ? Files.readString(f) : "";
        } catch (IOException e) {
            return "";
        }
    }
}
