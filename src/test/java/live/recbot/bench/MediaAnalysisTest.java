package live.recbot.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import live.recbot.bench.MediaAnalysis.Report;
import live.recbot.bench.MediaAnalysis.SyncStats;
import live.recbot.bench.MediaAnalysis.VideoStats;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Clips made with ffmpeg's lavfi sources and encoded with libx264 veryfast and AAC, so what the
 * analysis must find is known exactly; then {@link MediaAnalysis} decodes them for real.
 */
class MediaAnalysisTest {
    private static final String FONT = "/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf";
    /** A still picture with detail and text, like a meeting page: hard for x264 to settle. */
    private static final String STILL = "testsrc2=s=1280x720:r=30,trim=end_frame=1,drawtext=fontfile=" + FONT
            + ":text='Alice  Bob  Carol  Dave':fontsize=48:fontcolor=yellow:x=80:y=600,"
            + "loop=loop=89:size=1,setpts=N/30/TB";
    private static final List<String> X264 = List.of("-c:v", "libx264", "-preset", "veryfast", "-pix_fmt", "yuv420p");

    @TempDir
    Path dir;

    // ------------------------------------------------------------ unique frames

    @Test
    void eachPictureShownTwiceCountsOnce() throws Exception {
        Path clip = encode("15in30.mp4", List.of("-f", "lavfi", "-i", "testsrc2=s=640x360:r=15:d=3", "-vf", "fps=30"));

        VideoStats v = MediaAnalysis.analyze(clip, 30).video();

        assertThat(v.frames()).isEqualTo(90);
        assertThat(v.durationSeconds()).isCloseTo(3.0, within(1e-3));
        assertThat(v.uniqueRatio()).isCloseTo(0.5, within(0.012));  // at most one frame misjudged
    }

    @Test
    void everyPictureNewAtFullRate() throws Exception {
        Path clip = encode("30.mp4", List.of("-f", "lavfi", "-i", "testsrc2=s=640x360:r=30:d=3"));

        VideoStats v = MediaAnalysis.analyze(clip, 30).video();

        assertThat(v.frames()).isEqualTo(90);
        assertThat(v.uniqueRatio()).isCloseTo(1.0, within(0.012));
    }

    @Test
    void stillPictureIsNotNewEvenAcrossKeyframes() throws Exception {
        // A keyframe every second re-encodes the still picture from scratch twice.
        Path clip = encode("still.mp4", List.of("-f", "lavfi", "-i", STILL, "-g", "30"));

        VideoStats v = MediaAnalysis.analyze(clip, 30).video();

        assertThat(v.frames()).isEqualTo(90);
        assertThat(v.uniqueFrames()).isEqualTo(1);                 // the first frame only
        assertThat(v.uniqueRatio()).isCloseTo(1 / 90.0, within(1e-3));
    }

    @Test
    void smallMovingBoxMakesEveryFrameNew() throws Exception {
        // An 8x8 box, 2 pixels further each frame: 32 changed pixels, on a picture x264 keeps refining.
        Path clip = encode("box.mp4", List.of("-f", "lavfi", "-i",
                STILL + "[bg];color=c=white:s=8x8:r=30[box];[bg][box]overlay=x=40+2*n:y=40:shortest=1", "-g", "30"));

        VideoStats v = MediaAnalysis.analyze(clip, 30).video();

        assertThat(v.frames()).isEqualTo(90);
        assertThat(v.uniqueFrames()).isEqualTo(90);
    }

    @Test
    void tickingClockMakesEveryFrameNew() throws Exception {
        Path clip = encode("clock.mp4", List.of("-f", "lavfi", "-i", STILL + ",drawtext=fontfile=" + FONT
                + ":text='t=%{eif\\:t*100\\:d}':fontsize=36:fontcolor=yellow:box=1:boxcolor=black@0.6:x=1080:y=660",
                "-g", "30"));

        VideoStats v = MediaAnalysis.analyze(clip, 30).video();

        assertThat(v.uniqueFrames()).isEqualTo(90);
    }

    // ------------------------------------------------------------ A/V sync markers

    @Test
    void beepFiftyMillisecondsAfterFlash() throws Exception {
        Path clip = syncClip("late.mp4", "320x180", 7, 1.0, 0.050);

        SyncStats s = MediaAnalysis.analyze(clip, 30).sync();

        assertThat(s.flashes()).isEqualTo(6);
        assertThat(s.beeps()).isEqualTo(6);
        assertThat(s.paired()).isEqualTo(6);
        assertThat(s.medianMs()).isCloseTo(50, within(2.0));
        assertThat(s.p10Ms()).isCloseTo(50, within(2.0));
        assertThat(s.p90Ms()).isCloseTo(50, within(2.0));
        assertThat(s.pairs()).allSatisfy(p -> assertThat(p.offsetMs()).isCloseTo(50, within(2.0)));
    }

    @Test
    void beepThirtyMillisecondsBeforeFlashInPortrait() throws Exception {
        Path clip = syncClip("early.mp4", "180x320", 7, 1.0, -0.030);

        Report r = MediaAnalysis.analyze(clip, 30);

        assertThat(r.video().width()).isEqualTo(180);
        assertThat(r.video().height()).isEqualTo(320);
        assertThat(r.sync().paired()).isEqualTo(6);
        assertThat(r.sync().medianMs()).isCloseTo(-30, within(2.0));
    }

    @Test
    void growingDelayGivesSlopeAndDrift() throws Exception {
        // Beep k at k * 1.001 s: k ms after flash k, i.e. 1 ms/s = 600 ms per 10 min.
        Path clip = syncClip("drift.mp4", "320x180", 21.5, 1.001, 0);

        SyncStats s = MediaAnalysis.analyze(clip, 30).sync();

        assertThat(s.paired()).isEqualTo(21);
        assertThat(s.driftWindowSeconds()).isCloseTo(21.5 / 3, within(1e-3));
        // First window [0, 7.17 s]: flashes 1..7, median 4 ms; last [14.33, 21.5 s]: 15..21, median 18 ms.
        assertThat(s.driftMs()).isCloseTo(14, within(2.0));
        assertThat(s.slopeMsPer10Min()).isCloseTo(600, within(15.0));
        assertThat(s.pairs()).allSatisfy(p ->
                assertThat(p.offsetMs()).isCloseTo(Math.round(p.flashSeconds()), within(2.0)));
    }

    @Test
    void flvFromTheSameEncodeIsRead() throws Exception {
        Path clip = syncClip("late.flv", "320x180", 7, 1.0, 0.050);

        Report r = MediaAnalysis.analyze(clip, 30);

        assertThat(r.video().frames()).isEqualTo(210);
        assertThat(r.video().uniqueFrames()).isEqualTo(13);      // the first frame, each flash, each return to dark
        assertThat(r.sync().paired()).isEqualTo(6);
        assertThat(r.sync().medianMs()).isCloseTo(50, within(2.0));
    }

    @Test
    void pairsOnlyNearestMarkersWithinTheWindow() {
        List<Double> flashes = List.of(1.0, 2.0, 3.0, 10.0);
        List<Double> beeps = List.of(1.010, 2.020, 2.500, 3.030, 12.0);

        SyncStats s = MediaAnalysis.sync(flashes, beeps, 0, 12);

        assertThat(s.paired()).isEqualTo(3);
        assertThat(s.unpairedFlashes()).isEqualTo(1);              // 10 s: the nearest beep is 2 s away
        assertThat(s.unpairedBeeps()).isEqualTo(2);                // 2.5 s is nobody's nearest; 12 s too far
        assertThat(s.medianMs()).isCloseTo(20, within(1e-9));
        assertThat(s.p10Ms()).isCloseTo(12, within(1e-9));
        assertThat(s.p90Ms()).isCloseTo(28, within(1e-9));
        assertThat(s.driftWindowSeconds()).isEqualTo(4);
        assertThat(s.driftMs()).isNaN();                           // no pair in the last window
        assertThat(s.slopeMsPer10Min()).isCloseTo(10 * 600, within(1e-6));
    }

    @Test
    void pairsAnOffsetUpToHalfTheMarkerPeriod() {
        List<Double> flashes = List.of(1.65, 2.65, 3.65);
        List<Double> beeps = List.of(1.20, 2.21, 3.21, 5.0);

        SyncStats s = MediaAnalysis.sync(flashes, beeps, 0, 4);

        assertThat(s.paired()).isEqualTo(3);                       // sound 445 ms early, as Debian's ffmpeg
        assertThat(s.medianMs()).isCloseTo(-440, within(1e-6));
        assertThat(s.unpairedBeeps()).isEqualTo(1);                // 5 s: 1.35 s from the last flash
    }

    // ------------------------------------------------------------ the test page's time stamp

    @Test
    void timeStampStripSurvivesTheEncoder() throws Exception {
        long stamp = 0xA5F00F3CL;
        StringBuilder strip = new StringBuilder("drawbox=x=0:y=0:w=256:h=8:c=black:t=fill");
        for (int bit = 0; bit < 32; bit++) {
            if ((stamp >> bit & 1) == 1) {
                strip.append(String.format(",drawbox=x=%d:y=0:w=8:h=8:c=white:t=fill", bit * 8));
            }
        }
        Path stamped = encode("stamped.mp4", List.of("-f", "lavfi", "-i", "testsrc2=s=640x360:r=30:d=1," + strip));
        Path plain = encode("plain.mp4", List.of("-f", "lavfi", "-i", "color=c=0x808080:s=640x360:r=30:d=1"));

        assertThat(MediaAnalysis.readVideo(stamped).frames()).hasSize(30).allMatch(f -> f.stamp() == stamp);
        assertThat(MediaAnalysis.readVideo(plain).frames()).hasSize(30).allMatch(f -> f.stamp() == -1);
    }

    @Test
    void stampNeedsRoomForTheWholeStrip() {
        byte[] white = new byte[200 * 100];
        Arrays.fill(white, (byte) 255);

        assertThat(MediaAnalysis.stamp(white, 200, 100)).isEqualTo(-1);
        assertThat(MediaAnalysis.stamp(new byte[256 * 8], 256, 8)).isZero();
    }

    @Test
    void pictureLatencyIsCaptureTimeMinusStampAcrossTheStampsWrap() {
        // Time 0 is 10.25 ms before a 2^32 ms boundary; the frame at 0.5 s is captured 489.75 ms
        // after it, and the page drew it at 450 ms after it: 39.75 ms earlier.
        long boundaryMs = 1L << 40;
        long timeZeroMicros = (boundaryMs * 1000) - 10_250;
        List<MediaAnalysis.Frame> frames = List.of(
                new MediaAnalysis.Frame(0.5, 100, 1000, 450),
                new MediaAnalysis.Frame(0.0, 100, 1000, (1L << 32) - 50),
                new MediaAnalysis.Frame(0.6, 100, 1000, -1));

        List<Double> latencies = MediaAnalysis.pictureLatenciesMs(frames, timeZeroMicros);

        assertThat(latencies).hasSize(2);
        assertThat(latencies.get(0)).isCloseTo(39.75, within(1e-6));
        assertThat(latencies.get(1)).isCloseTo(39.75, within(1e-6));
    }

    @Test
    void timeZeroIsReadFromRecbotsLog() {
        List<String> log = List.of("17:09:02.100 INFO  Worker - session starting",
                "17:09:04.321 INFO  MediaClock - the recording's time 0 is 2026-11-24T17:09:04.318123Z (wall clock)");

        assertThat(PictureLatency.timeZeroMicros(log)).contains(1_795_540_144_318_123L);
        assertThat(PictureLatency.timeZeroMicros(List.of("nothing here"))).isEmpty();
    }

    @Test
    void medianPictureLatencyNeedsTimeZeroAndStampedFrames() {
        // Frames drawn 20, 30 and 90 ms before their capture (time 0 is 0.123 ms into its millisecond).
        List<String> log = List.of(
                "17:09:04.321 INFO  MediaClock - the recording's time 0 is 2026-11-24T17:09:04.318123Z (wall clock)");
        long zeroMs = 1_795_540_144_318L % (1L << 32);
        List<MediaAnalysis.Frame> frames = List.of(
                new MediaAnalysis.Frame(0.0, 100, 1000, zeroMs - 20),
                new MediaAnalysis.Frame(1.0, 100, 1000, zeroMs + 1000 - 30),
                new MediaAnalysis.Frame(2.0, 100, 1000, zeroMs + 2000 - 90),
                new MediaAnalysis.Frame(3.0, 100, 1000, -1));

        assertThat(PictureLatency.medianMs(frames, log)).hasValueSatisfying(
                ms -> assertThat(ms).isCloseTo(30.123, within(1e-3)));
        assertThat(PictureLatency.medianMs(frames, List.of("no time 0"))).isEmpty();
        assertThat(PictureLatency.medianMs(List.of(frames.get(3)), log)).isEmpty();
    }

    @Test
    void offsetsNetOfPictureLatencyAddBackEachFlashsOwnLatency() {
        List<String> log = List.of("INFO  MediaClock - the recording's time 0 is 1970-01-01T00:16:40Z (wall clock)");
        // Flashes shown 20, 40 and 60 ms after the page drew them, each heard 10, 30 and 50 ms
        // before it was shown: the browser's latency alone moved the offsets.
        List<MediaAnalysis.Frame> frames = List.of(
                new MediaAnalysis.Frame(1.0, 250, 1000, 1_001_000 - 20),
                new MediaAnalysis.Frame(2.0, 250, 1000, 1_002_000 - 40),
                new MediaAnalysis.Frame(3.0, 250, 1000, 1_003_000 - 60),
                new MediaAnalysis.Frame(4.0, 250, 1000, -1));
        MediaAnalysis.SyncStats sync = MediaAnalysis.sync(List.of(1.0, 2.0, 3.0, 4.0),
                List.of(0.990, 1.970, 2.950, 3.990), 0, 5);
        MediaAnalysis.Report report = new MediaAnalysis.Report(Path.of("run.mp4"), null, sync, frames);

        PictureLatency.NetSync net = PictureLatency.netOfPictureLatency(report, log).orElseThrow();

        assertThat(sync.slopeMsPer10Min()).as("as recorded, the offsets drift").isLessThan(-1000);
        assertThat(net.pairs()).as("the unstamped flash is left out").isEqualTo(3);
        assertThat(net.medianMs()).isCloseTo(10, within(1e-6));
        assertThat(net.slopeMsPer10Min()).isCloseTo(0, within(1e-6));
        assertThat(PictureLatency.netOfPictureLatency(report, List.of("no time 0"))).isEmpty();
    }

    @Test
    void latenciesAreGroupedByMinuteOfTheRecording() {
        long zeroMicros = 1_000_000_000L;
        List<MediaAnalysis.Frame> frames = List.of(
                new MediaAnalysis.Frame(0.0, 100, 1000, 1_000_000 - 20),
                new MediaAnalysis.Frame(59.9, 100, 1000, 1_059_900 - 30),
                new MediaAnalysis.Frame(60.0, 100, 1000, 1_060_000 - 50),
                new MediaAnalysis.Frame(61.0, 100, 1000, -1),
                new MediaAnalysis.Frame(125.0, 100, 1000, 1_125_000 - 70));

        var byMinute = PictureLatency.byMinute(frames, zeroMicros);

        assertThat(byMinute.keySet()).containsExactly(0L, 1L, 2L);
        assertThat(byMinute.get(0L)).hasSize(2).allSatisfy(ms -> assertThat(ms).isBetween(19.9, 30.1));
        assertThat(byMinute.get(1L)).singleElement().satisfies(ms -> assertThat(ms).isCloseTo(50, within(0.1)));
        assertThat(byMinute.get(2L)).singleElement().satisfies(ms -> assertThat(ms).isCloseTo(70, within(0.1)));
    }

    // ------------------------------------------------------------ clip synthesis

    /**
     * Flashes (two white frames over a dark picture) at every whole second from 1 s, and the
     * page's sound: 220 + 330 Hz hum and a 1 kHz beep of 80 ms with 2 ms ramps starting at
     * {@code delay + k * period} for k = 1, 2, ... while that is before {@code seconds - 0.2}.
     */
    private Path syncClip(String name, String size, double seconds, double period, double delay) throws Exception {
        String video = "color=c=0x111111:s=" + size + ":r=30:d=" + num(seconds)
                + ",drawbox=x=0:y=0:w=iw:h=ih:color=white:t=fill:enable='gte(n\\,30)*lt(mod(n\\,30)\\,2)'";
        String since = "(t-(" + num(delay) + "))";
        String u = "mod(" + since + "\\," + num(period) + ")";              // time into the current beep period
        String ramp = "max(0\\,min(min(1\\," + u + "/0.002)\\,(0.080-" + u + ")/0.002))";
        String beep = "0.6*gte(" + since + "\\," + num(period) + ")*lt(t\\," + num(seconds - 0.2) + ")*" + ramp
                + "*sin(2*PI*1000*t)";
        String hum = "0.075*sin(2*PI*220*t)+0.075*sin(2*PI*330*t)";
        String audio = "aevalsrc=exprs=" + hum + "+" + beep + ":s=48000:d=" + num(seconds);
        List<String> args = new ArrayList<>(List.of("-f", "lavfi", "-i", video, "-f", "lavfi", "-i", audio));
        args.addAll(List.of("-c:a", "aac", "-b:a", "128k", "-ac", "2"));
        return encode(name, args);
    }

    private Path encode(String name, List<String> inputs) throws IOException, InterruptedException {
        Path out = dir.resolve(name);
        List<String> cmd = new ArrayList<>(List.of("ffmpeg", "-nostdin", "-v", "error", "-y"));
        cmd.addAll(inputs);
        cmd.addAll(X264);
        cmd.add(out.toString());
        Path log = dir.resolve(name + ".log");
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        if (!p.waitFor(60, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError("ffmpeg timed out: " + cmd);
        }
        assertThat(p.exitValue()).as("%s\n%s", cmd, Files.readString(log, StandardCharsets.UTF_8)).isZero();
        return out;
    }

    private static String num(double v) {
        return String.format(Locale.ROOT, "%.4f", v);
    }
}
