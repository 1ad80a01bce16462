package live.recbot.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import live.recbot.bench.AvPages;
import live.recbot.bench.MediaAnalysis;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Each kind of A/V page that is not recbot's own test page (src/test/resources/avpages), served by
 * a plain static file server, records, and the marker analysis finds and pairs its flashes and
 * beeps into every figure the benchmark reports. How close the figures come to the targets is the
 * benchmark's business (scripts/bench --av), not a test's. The kinds record two at a time, in the
 * background from the start of the class, at 640x360 so that two rooms fit the machine (the pairing
 * does not depend on the picture's size); each test checks its own kind's recording. No other test
 * class runs meanwhile.
 */
class AvPagesIT {
    private static final Duration EXIT = Duration.ofSeconds(60);
    /** Short, but long enough for markers in the first and the last third (the drift's windows). */
    private static final String RECORD = "10s";
    /**
     * A WebRTC receiver reports when it plays its sound and pictures only after the sender's first
     * reports (RTCP), 5-10 s after it connects.
     */
    private static final String RECORD_STREAMS = "20s";
    private static Path root;
    private static AvPages pages;
    private static ExecutorService recorders;
    private static Map<AvPages.Kind, Future<Recorded>> recordings;

    /** What one kind's run left: its exit code, its log, and the markers of its recording. */
    private record Recorded(int exitCode, String stderr, MediaAnalysis.SyncStats sync) {
    }

    @BeforeAll
    static void recordEveryKind() throws Exception {
        root = Files.createTempDirectory("recbot-avpages-it");
        pages = AvPages.serve(root.resolve("pages"), 30);
        recorders = Executors.newFixedThreadPool(2);
        recordings = kinds().collect(Collectors.toMap(k -> k, k -> recorders.submit(() -> record(k))));
    }

    @AfterAll
    static void stop() throws Exception {
        if (recorders != null) {
            // A failed test leaves runs going: interrupted, each run's close() kills what it started.
            recorders.shutdownNow();
            recorders.awaitTermination(2, TimeUnit.MINUTES);
        }
        if (pages != null) {
            pages.close();
        }
        try (Stream<Path> walk = Files.walk(root)) {
            walk.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }

    /** Every kind but the bundled canvas page, which the other tests record. */
    static Stream<AvPages.Kind> kinds() {
        return AvPages.KINDS.stream().filter(k -> !k.equals(AvPages.CANVAS));
    }

    private static Recorded record(AvPages.Kind kind) throws Exception {
        Path dir = root.resolve(kind.name());
        Path out = dir.resolve("out");
        try (RecbotRun run = RecbotRun.start(dir, "run", "--meeting-url", pages.url(kind, ""), "--record",
                "--output-dir", out.toString(), "--max-duration", kind.streamsOnly() ? RECORD_STREAMS : RECORD,
                "--resolution", "640x360", "--no-progress")) {
            int exit = run.waitForExit(EXIT);
            try {
                run.assertNothingLeftRunning();
                Path file;
                try (Stream<Path> files = Files.list(out)) {
                    file = files.filter(p -> p.toString().endsWith(".mp4")).findFirst().orElseThrow();
                }
                return new Recorded(exit, run.stderr(), MediaAnalysis.analyze(file, 30).sync());
            } catch (Exception | AssertionError e) {
                throw new AssertionError(kind.name() + " (exit " + exit + "): " + e.getMessage() + "\n" + run.stderr(), e);
            }
        }
    }

    @ParameterizedTest
    @MethodSource("kinds")
    void recordsThePageAndPairsItsMarkers(AvPages.Kind kind) throws Exception {
        Recorded r = recordings.get(kind).get(2, TimeUnit.MINUTES);
        assertThat(r.exitCode()).as(r.stderr()).isZero();
        MediaAnalysis.SyncStats sync = r.sync();
        assertThat(sync.paired()).as("pairs of %s", sync).isGreaterThanOrEqualTo(5);
        assertThat(List.of(sync.medianMs(), sync.p10Ms(), sync.p90Ms(), sync.driftMs(), sync.slopeMsPer10Min()))
                .as("median, p10, p90, drift, slope of %s", sync).allMatch(Double::isFinite);
        assertThat(r.stderr()).as("recbot's log names how it timed the sound")
                .contains("the page plays sound through media elements");
        if (kind.streamsOnly()) {
            assertThat(r.stderr()).as("the receiver's A/V, read from the page's RTCPeerConnection")
                    .containsPattern("the page plays sound only from WebRTC streams, whose receiver plays it -?\\d+\\.\\d ms late");
        } else {
            assertThat(r.stderr()).as("a file heard beside a stream keeps its own sync")
                    .doesNotContain("only from WebRTC streams");
        }
    }
}
