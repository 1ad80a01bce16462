package live.recbot.bench;

import java.io.BufferedInputStream;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Figures about one recorded media file (MP4 or FLV), every one of them measured by decoding the
 * file with Debian's ffmpeg 5.1 and reading the decoded pictures and samples from a pipe; nothing
 * is taken from container metadata. Files are streamed: two luma pictures and a 1 kHz envelope
 * (4 bytes per 0.25 ms) are held, so a 10-minute 1280x720 30 fps file runs in about 1.5 minutes on
 * two cores within a 256 MB heap.
 *
 * <h2>Video: unique frames</h2>
 * Each frame of the first video stream is decoded to 8-bit luma (ffmpeg's {@code gray}, full
 * range 0-255); its presentation time comes from {@code showinfo} with {@code -copyts}, the same
 * clock as the audio's. A frame is <b>new</b> when at least {@value #CHANGED_PIXELS} of its pixels
 * differ from the same pixels of the previous decoded frame by more than {@value #CHANGE_LUMA}
 * levels; the first frame is new. Calibrated on x264 veryfast output at 1280x720 (CRF 23, and
 * recbot's own CBR of 0.09 bit/pixel):
 * <ul>
 *   <li>A repeated picture is not bit-identical after decoding: x264 spends spare bits refining it,
 *       and each keyframe re-encodes it from scratch. At sharp edges those corrections reach 50
 *       levels: a repeated frame in recbot's recording of the test page had 15 pixels above 16 and
 *       6 above 48; a keyframe re-encoding a still page had 47 above 32 and 4 above 48. Lower
 *       thresholds count such repeats as new.</li>
 *   <li>A real change is large where it happens: a ticking clock like the test page's changes 150-300
 *       pixels by more than 64, and an 8x8 box moving 2 pixels changes 32 pixels by about 100.</li>
 * </ul>
 * The smallest change counted is thus about an 8x8 object of contrast above ~50 moving by one
 * pixel; fainter changes are missed. At a quarter of recbot's bitrate x264's corrections exceed
 * the rule and repeats start to count as new, so compare files encoded at similar quality.
 * {@code uniqueFps = uniqueFrames / duration}, {@code duration = last pts - first pts +
 * 1/nominalFps} (the last frame shown for one nominal frame), {@code uniqueRatio = uniqueFps /
 * nominalFps}.
 *
 * <h2>A/V sync markers</h2>
 * The test page shows a full-frame white flash and plays a 1 kHz beep (80 ms, 2 ms linear ramps)
 * once per second, meant to be seen and heard at the same moment, over a soft 220 + 330 Hz hum.
 * <ul>
 *   <li><b>Flash onset</b>: the pts of a frame whose mean luma is above {@value #FLASH_LUMA} when
 *       the previous frame's is not (the page's content is dark, mean luma ~64; a flash frame is
 *       ~254). A flash in the very first frame has no known onset and is ignored.</li>
 *   <li><b>Beep onset</b>: the first audio stream is decoded to 48 kHz mono; its 1 kHz amplitude is
 *       measured by quadrature demodulation over a 4 ms Hann window every 0.25 ms. The window is
 *       symmetric, so the envelope's 50% point stays at the middle of the beep's linear 2 ms ramp,
 *       i.e. 1 ms after the beep starts, and that 1 ms is subtracted. The hum's tones lie 670 and
 *       780 Hz away, in the window's side lobes: they leak at most 2% of their own amplitude. A
 *       beep is a run of 40-200 ms above a quarter of the loud level (the envelope's 99.9th
 *       percentile, which lies on the beeps while they fill more than 0.1% of the file); its own
 *       level is the median envelope 10-50 ms into the run, and the onset is where the envelope
 *       last rises through half that level, interpolated between envelope points. Sample times
 *       come from each decoded audio frame's pts ({@code ashowinfo}), so gaps in the audio count.
 *       On synthesized AAC clips each onset is right within 0.03 ms in MP4, and within FLV's 1 ms
 *       timestamp rounding in FLV.</li>
 *   <li>Each flash is paired with the nearest beep when they are each other's nearest and at most
 *       {@value #PAIR_WINDOW_SECONDS} s apart; the others are counted as unpaired. Offset = beep
 *       onset - flash onset in ms: positive means the sound comes later than the picture.</li>
 *   <li>Figures: median, 10th and 90th percentiles (linear between ranks) of the offsets; drift =
 *       median offset of the pairs in the last window minus that in the first, the window being
 *       min(60 s, duration/3) from the video's first frame and up to its end; slope = least-squares
 *       slope of offset against flash time, in ms per 10 minutes.</li>
 * </ul>
 * A flash can only be seen on whole frames, so single offsets scatter over a frame interval (33 ms
 * at 30 fps, more where the capture skipped frames); the median and the slope are the figures to
 * compare. The page moves each marker within its second (see its header) so that they sample every
 * phase of the frame interval: markers exactly a second apart would all fall at one phase, and a
 * run's median would show where that phase lay rather than the sync.
 */
public final class MediaAnalysis {
    /** A pixel has changed when its luma differs from the previous frame's by more than this (0-255). */
    public static final int CHANGE_LUMA = 48;
    /** A frame is new when at least this many of its pixels have changed. */
    public static final int CHANGED_PIXELS = 16;
    /** Mean luma (0-255) above which a frame is a flash; the page's own content stays well below 100. */
    public static final int FLASH_LUMA = 200;
    /**
     * Flashes and beeps further apart than this are not a pair: half the page's one-second marker
     * period, the largest offset that can be told apart from the neighbouring marker's; a baseline
     * ffmpeg can be off by several hundred milliseconds and must still be measured.
     */
    public static final double PAIR_WINDOW_SECONDS = 0.5;
    /** Longest window used for drift: first minute against last minute. */
    public static final double DRIFT_WINDOW_MAX_SECONDS = 60;

    static final int SAMPLE_RATE = 48_000;
    /** The test page's time stamp strip: 32 blocks of 8x8 pixels in the top-left corner. */
    static final int STAMP_BITS = 32;
    static final int STAMP_BLOCK = 8;
    private static final long STAMP_WRAP = 1L << STAMP_BITS;

    private MediaAnalysis() {
    }

    // ---------------------------------------------------------------- results

    /**
     * One decoded video frame, reduced to what the analysis needs.
     *
     * @param pts           presentation time in seconds, as stored in the file
     * @param meanLuma      mean of the frame's luma, 0-255
     * @param changedPixels pixels whose luma differs from the previous frame's by more than
     *                      {@link #CHANGE_LUMA}; for the first frame, all of them
     * @param stamp         the test page's time stamp drawn into the frame ({@link #stamp}), or -1
     */
    public record Frame(double pts, double meanLuma, int changedPixels, long stamp) {
        public boolean isNew() {
            return changedPixels >= CHANGED_PIXELS;
        }

        boolean isFlash() {
            return meanLuma > FLASH_LUMA;
        }
    }

    /** Size and timing of the first video stream. */
    public record VideoInfo(int width, int height, List<Frame> frames) {
        public VideoInfo {
            frames = List.copyOf(frames);
        }
    }

    /**
     * Frame counts of the first video stream.
     *
     * @param frames          decoded frames
     * @param startSeconds    pts of the first frame
     * @param durationSeconds last pts - first pts + one nominal frame
     * @param decodedFps      frames / duration
     * @param nominalFps      the rate the file is meant to have, given by the caller
     * @param uniqueFrames    frames whose picture differs from the previous frame's (see class doc)
     * @param uniqueFps       uniqueFrames / duration
     * @param uniqueRatio     uniqueFps / nominalFps
     */
    public record VideoStats(int width, int height, int frames, double startSeconds, double durationSeconds,
                             double decodedFps, double nominalFps, int uniqueFrames, double uniqueFps,
                             double uniqueRatio) {
    }

    /** A flash and the beep paired with it; offsetMs = (beep - flash) * 1000, positive when audio is later. */
    public record SyncPair(double flashSeconds, double beepSeconds, double offsetMs) {
    }

    /**
     * A/V offsets measured from the flash/beep markers. Figures are NaN when there are too few
     * pairs for them (none; for drift, none in a window; for the slope, fewer than two).
     *
     * @param flashes            flash onsets found
     * @param beeps              beep onsets found
     * @param paired             pairs made
     * @param unpairedFlashes    flashes with no beep within the pairing window
     * @param unpairedBeeps      beeps with no flash within the pairing window
     * @param driftWindowSeconds the window used for drift: min(60 s, duration / 3)
     * @param slopeMsPer10Min    least-squares slope of offset against time
     * @param pairs              every pair, in time order, for debugging
     */
    public record SyncStats(int flashes, int beeps, int paired, int unpairedFlashes, int unpairedBeeps,
                            double medianMs, double p10Ms, double p90Ms, double driftMs,
                            double driftWindowSeconds, double slopeMsPer10Min, List<SyncPair> pairs) {
        public SyncStats {
            pairs = List.copyOf(pairs);
        }
    }

    /** Everything measured on one file, and its decoded frames for further figures. */
    public record Report(Path file, VideoStats video, SyncStats sync, List<Frame> frames) {
        public Report {
            frames = List.copyOf(frames);
        }
    }

    // ---------------------------------------------------------------- entry points

    /** Decodes the file's first video and first audio stream once each and measures everything. */
    public static Report analyze(Path file, double nominalFps) throws IOException {
        VideoInfo video = readVideo(file);
        VideoStats stats = videoStats(video, nominalFps);
        List<Double> beeps = beepOnsets(file);
        SyncStats sync = sync(flashOnsets(video.frames()), beeps, stats.startSeconds(), stats.durationSeconds());
        return new Report(file, stats, sync, video.frames());
    }

    /** Unique-frame figures from decoded frames. */
    public static VideoStats videoStats(VideoInfo video, double nominalFps) {
        List<Frame> frames = video.frames();
        if (frames.isEmpty()) {
            return new VideoStats(video.width(), video.height(), 0, Double.NaN, 0, 0, nominalFps, 0, 0, 0);
        }
        double start = frames.get(0).pts();
        double duration = frames.get(frames.size() - 1).pts() - start + 1 / nominalFps;
        int unique = (int) frames.stream().filter(Frame::isNew).count();
        double uniqueFps = unique / duration;
        return new VideoStats(video.width(), video.height(), frames.size(), start, duration,
                frames.size() / duration, nominalFps, unique, uniqueFps, uniqueFps / nominalFps);
    }

    /** Times of the first frame of each flash (mean luma crossing {@link #FLASH_LUMA} upwards). */
    public static List<Double> flashOnsets(List<Frame> frames) {
        List<Double> onsets = new ArrayList<>();
        for (int i = 1; i < frames.size(); i++) {
            if (frames.get(i).isFlash() && !frames.get(i - 1).isFlash()) {
                onsets.add(frames.get(i).pts());
            }
        }
        return onsets;
    }

    /** Pairs flashes with beeps and summarises the offsets; both lists in seconds, in time order. */
    public static SyncStats sync(List<Double> flashes, List<Double> beeps, double startSeconds,
                                 double durationSeconds) {
        List<SyncPair> pairs = pair(flashes, beeps);
        double[] offsets = pairs.stream().mapToDouble(SyncPair::offsetMs).sorted().toArray();
        double window = Math.min(DRIFT_WINDOW_MAX_SECONDS, durationSeconds / 3);
        double end = startSeconds + durationSeconds;
        double first = median(offsetsBetween(pairs, startSeconds, startSeconds + window));
        double last = median(offsetsBetween(pairs, end - window, end));
        return new SyncStats(flashes.size(), beeps.size(), pairs.size(), flashes.size() - pairs.size(),
                beeps.size() - pairs.size(), percentile(offsets, 0.5), percentile(offsets, 0.1),
                percentile(offsets, 0.9), last - first, window, slopeMsPerSecond(pairs) * 600, pairs);
    }

    // ---------------------------------------------------------------- video decoding

    /**
     * Decodes the first video stream to luma and reduces each frame to a {@link Frame}, holding
     * only the current and the previous picture.
     */
    public static VideoInfo readVideo(Path file) throws IOException {
        Streams streams = probe(file);
        if (streams.width() == 0) {
            throw new IOException(file + " has no video stream");
        }
        int pixels = streams.width() * streams.height();
        List<Double> pts = new ArrayList<>();
        List<Picture> pictures = new ArrayList<>();
        // -copyts keeps the file's own timestamps, the same ones the audio pass sees; passthrough
        // hands over every decoded frame once, neither duplicated nor dropped to fit a rate.
        // -noautorotate: the raw picture has the coded size that ffprobe reports.
        List<String> cmd = List.of("ffmpeg", "-nostdin", "-hide_banner", "-nostats", "-copyts", "-noautorotate",
                "-i", file.toString(), "-map", "0:v:0", "-vf", "showinfo", "-fps_mode", "passthrough",
                "-pix_fmt", "gray", "-f", "rawvideo", "-");
        runDecoder(cmd, showinfoTimes(pts, null), in -> {
            byte[] previous = null;
            byte[] current = new byte[pixels];
            while (readFully(in, current)) {
                int changed = previous == null ? pixels : changedPixels(current, previous);
                pictures.add(new Picture(meanLuma(current), changed, stamp(current, streams.width(), streams.height())));
                byte[] spare = previous == null ? new byte[pixels] : previous;
                previous = current;
                current = spare;
            }
        });
        if (pts.size() != pictures.size()) {
            throw new IOException(file + ": " + pictures.size() + " frames decoded but " + pts.size() + " timestamps");
        }
        List<Frame> frames = new ArrayList<>(pictures.size());
        for (int i = 0; i < pictures.size(); i++) {
            Picture p = pictures.get(i);
            frames.add(new Frame(pts.get(i), p.meanLuma(), p.changedPixels(), p.stamp()));
        }
        return new VideoInfo(streams.width(), streams.height(), frames);
    }

    /** What the pixels of one frame gave, before its timestamp (read from stderr) is joined to it. */
    private record Picture(double meanLuma, int changedPixels, long stamp) {
    }

    /** The streams ffprobe sees: the first video stream's coded size (0 when none), and whether there is audio. */
    private record Streams(int width, int height, boolean audio) {
    }

    private static Streams probe(Path file) throws IOException {
        List<String> lines = new ArrayList<>();
        runDecoder(List.of("ffprobe", "-v", "error", "-show_entries", "stream=codec_type,width,height",
                "-of", "compact=p=0", file.toString()), line -> { }, in ->
                new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8)).lines().forEach(lines::add));
        int width = 0;
        int height = 0;
        boolean audio = false;
        for (String line : lines) {
            Map<String, String> fields = new HashMap<>();
            for (String field : line.trim().split("\\|")) {
                String[] kv = field.split("=", 2);
                fields.put(kv[0], kv.length > 1 ? kv[1] : "");
            }
            String type = fields.getOrDefault("codec_type", "");
            if (type.equals("video") && width == 0) {
                width = Integer.parseInt(fields.get("width"));
                height = Integer.parseInt(fields.get("height"));
            }
            audio |= type.equals("audio");
        }
        return new Streams(width, height, audio);
    }

    /**
     * The test page's time stamp in a gray picture: the low 32 bits of the wall-clock millisecond
     * at which the page drew it, read from the centres of the 32 blocks of its top-left strip (see
     * the page's header); -1 when the picture is too small for the strip or a block is neither
     * clearly black nor clearly white (another page, or a picture torn mid-draw).
     */
    static long stamp(byte[] gray, int width, int height) {
        if (width < STAMP_BITS * STAMP_BLOCK || height < STAMP_BLOCK) {
            return -1;
        }
        int row = STAMP_BLOCK / 2 * width;
        long stamp = 0;
        for (int bit = 0; bit < STAMP_BITS; bit++) {
            int luma = gray[row + bit * STAMP_BLOCK + STAMP_BLOCK / 2] & 0xff;
            if (luma > 192) {
                stamp |= 1L << bit;
            } else if (luma >= 64) {
                return -1;
            }
        }
        return stamp;
    }

    /**
     * How long after the page drew it each stamped frame was captured, in ms: the frame's
     * wall-clock capture time (the recording's time 0 plus its pts) minus its stamp. Frames
     * without a stamp are left out.
     *
     * @param timeZeroMicros the wall-clock time of the recording's pts 0, in microseconds since the epoch
     */
    public static List<Double> pictureLatenciesMs(List<Frame> frames, long timeZeroMicros) {
        List<Double> latencies = new ArrayList<>();
        for (Frame f : frames) {
            if (f.stamp() >= 0) {
                latencies.add(pictureLatencyMs(f, timeZeroMicros));
            }
        }
        return latencies;
    }

    /** {@link #pictureLatenciesMs} of one frame, which must carry a stamp. */
    static double pictureLatencyMs(Frame stamped, long timeZeroMicros) {
        double capturedMs = timeZeroMicros / 1000.0 + stamped.pts() * 1000;
        long whole = (long) Math.floor(capturedMs);
        // The stamp keeps only 32 bits of the millisecond: the difference is taken modulo 2^32.
        long diff = Math.floorMod(whole - stamped.stamp(), STAMP_WRAP);
        if (diff >= STAMP_WRAP / 2) {
            diff -= STAMP_WRAP;
        }
        return diff + (capturedMs - whole);
    }

    private static double meanLuma(byte[] picture) {
        long sum = 0;
        for (byte b : picture) {
            sum += b & 0xff;
        }
        return sum / (double) picture.length;
    }

    private static int changedPixels(byte[] current, byte[] previous) {
        int changed = 0;
        for (int i = 0; i < current.length; i++) {
            if (Math.abs((current[i] & 0xff) - (previous[i] & 0xff)) > CHANGE_LUMA) {
                changed++;
            }
        }
        return changed;
    }

    // ---------------------------------------------------------------- audio decoding

    /** Whether the file has a video stream. */
    public static boolean hasVideo(Path file) throws IOException {
        return probe(file).width() > 0;
    }

    /** Times (s) at which each beep of the first audio stream starts (none without audio); see the class doc. */
    public static List<Double> beepOnsets(Path file) throws IOException {
        if (!probe(file).audio()) {
            return List.of();
        }
        ToneEnvelope envelope = new ToneEnvelope();
        List<Double> framePts = new ArrayList<>();
        List<Integer> frameSamples = new ArrayList<>();
        // The conversion to 48 kHz mono s16 happens before ashowinfo, so its pts and sample counts
        // describe exactly the samples on the pipe.
        List<String> cmd = List.of("ffmpeg", "-nostdin", "-hide_banner", "-nostats", "-copyts",
                "-i", file.toString(), "-map", "0:a:0",
                "-af", "aformat=sample_fmts=s16:sample_rates=" + SAMPLE_RATE + ":channel_layouts=mono,ashowinfo",
                "-f", "s16le", "-");
        runDecoder(cmd, showinfoTimes(framePts, frameSamples), in -> {
            byte[] buffer = new byte[1 << 16];
            int n;
            int odd = -1;   // a byte left over from the previous read
            while ((n = in.read(buffer)) > 0) {
                int i = 0;
                if (odd >= 0) {
                    envelope.add((short) ((buffer[0] << 8) | odd));
                    i = 1;
                    odd = -1;
                }
                for (; i + 1 < n; i += 2) {
                    envelope.add((short) ((buffer[i + 1] << 8) | (buffer[i] & 0xff)));
                }
                if (i < n) {
                    odd = buffer[i] & 0xff;
                }
            }
        });
        long total = frameSamples.stream().mapToLong(Integer::longValue).sum();
        if (total != envelope.samples()) {
            throw new IOException(file + ": " + envelope.samples() + " samples decoded but " + total + " announced");
        }
        SampleClock clock = new SampleClock(framePts, frameSamples);
        List<Double> onsets = new ArrayList<>();
        for (double position : envelope.beepOnsetSamples()) {
            onsets.add(clock.time(position) - ToneEnvelope.RAMP_SECONDS / 2);
        }
        return onsets;
    }

    /**
     * The 1 kHz amplitude of a 48 kHz signal, measured as it streams past, and the beeps in it.
     * Amplitude point k covers samples [k*HOP, k*HOP + WINDOW) and belongs to its middle.
     */
    static final class ToneEnvelope {
        static final double TONE_HZ = 1000;
        static final double RAMP_SECONDS = 0.002;
        static final int WINDOW = 192;                       // 4 ms
        static final int HOP = 12;                           // 0.25 ms
        static final double CENTER = (WINDOW - 1) / 2.0;
        static final int PERIOD = (int) Math.round(SAMPLE_RATE / TONE_HZ);   // 48 samples, exact
        private static final double[] HANN = new double[WINDOW];
        private static final double[] COS = new double[PERIOD];
        private static final double[] SIN = new double[PERIOD];
        private static final double HANN_SUM;

        static {
            double sum = 0;
            for (int k = 0; k < WINDOW; k++) {
                HANN[k] = 0.5 - 0.5 * Math.cos(2 * Math.PI * k / (WINDOW - 1));
                sum += HANN[k];
            }
            HANN_SUM = sum;
            for (int k = 0; k < PERIOD; k++) {
                COS[k] = Math.cos(2 * Math.PI * k / PERIOD);
                SIN[k] = Math.sin(2 * Math.PI * k / PERIOD);
            }
        }

        private final double[] ring = new double[WINDOW];
        private long samples;
        private float[] amplitude = new float[1 << 16];
        private int points;

        void add(short sample) {
            ring[(int) (samples % WINDOW)] = sample / 32768.0;
            samples++;
            if (samples >= WINDOW && (samples - WINDOW) % HOP == 0) {
                addPoint(measure(samples - WINDOW));
            }
        }

        long samples() {
            return samples;
        }

        /** Amplitude (full scale = 1) of the 1 kHz component in the window starting at sample {@code first}. */
        private double measure(long first) {
            double i = 0;
            double q = 0;
            for (int k = 0; k < WINDOW; k++) {
                long n = first + k;
                double x = ring[(int) (n % WINDOW)] * HANN[k];
                int phase = (int) (n % PERIOD);
                i += x * COS[phase];
                q += x * SIN[phase];
            }
            return 2 * Math.hypot(i, q) / HANN_SUM;
        }

        private void addPoint(double value) {
            if (points == amplitude.length) {
                amplitude = Arrays.copyOf(amplitude, points * 2);
            }
            amplitude[points++] = (float) value;
        }

        /** Sample positions (fractional) where each beep's amplitude rises through half its level. */
        List<Double> beepOnsetSamples() {
            List<Double> onsets = new ArrayList<>();
            double threshold = detectionThreshold();
            int minRun = pointsIn(0.040);
            int maxRun = pointsIn(0.200);
            int k = 0;
            while (k < points) {
                if (amplitude[k] < threshold) {
                    k++;
                    continue;
                }
                int start = k;
                while (k < points && amplitude[k] >= threshold) {
                    k++;
                }
                int length = k - start;
                if (length >= minRun && length <= maxRun) {
                    double onset = halfLevelCrossing(start, k);
                    if (!Double.isNaN(onset)) {
                        onsets.add(onset);
                    }
                }
            }
            return onsets;
        }

        /**
         * A quarter of the beeps' level: they are the loudest 1 kHz sound, so the 99.9th percentile
         * lies on them. Never below 4x the typical (median) level nor -60 dBFS, so a file without
         * beeps yields none.
         */
        private double detectionThreshold() {
            if (points == 0) {
                return Double.POSITIVE_INFINITY;
            }
            float[] sorted = Arrays.copyOf(amplitude, points);
            Arrays.sort(sorted);
            double loud = sorted[(int) Math.min(points - 1, Math.floor(0.999 * points))];
            double typical = sorted[points / 2];
            return Math.max(Math.max(loud / 4, 4 * typical), 1e-3);
        }

        /** Where, before the beep's plateau, the amplitude last rises through half the plateau level. */
        private double halfLevelCrossing(int runStart, int runEnd) {
            int from = runStart + pointsIn(0.010);
            int to = Math.min(runEnd, runStart + pointsIn(0.050));
            if (to <= from) {
                return Double.NaN;
            }
            float[] plateau = Arrays.copyOfRange(amplitude, from, to);
            Arrays.sort(plateau);
            double half = plateau[plateau.length / 2] / 2;
            int limit = Math.max(0, runStart - pointsIn(0.020));
            for (int j = from; j > limit; j--) {
                if (amplitude[j - 1] < half && amplitude[j] >= half) {
                    double fraction = (half - amplitude[j - 1]) / (amplitude[j] - amplitude[j - 1]);
                    return (j - 1 + fraction) * HOP + CENTER;
                }
            }
            return Double.NaN;
        }

        private static int pointsIn(double seconds) {
            return (int) Math.round(seconds * SAMPLE_RATE / HOP);
        }
    }

    /** Maps a position in the decoded sample stream to its time, frame by frame, so gaps in the audio count. */
    private static final class SampleClock {
        private final double[] pts;
        private final long[] firstSample;

        SampleClock(List<Double> framePts, List<Integer> frameSamples) {
            pts = framePts.stream().mapToDouble(Double::doubleValue).toArray();
            firstSample = new long[pts.length];
            long sum = 0;
            for (int i = 0; i < pts.length; i++) {
                firstSample[i] = sum;
                sum += frameSamples.get(i);
            }
        }

        double time(double position) {
            int i = Arrays.binarySearch(firstSample, (long) Math.floor(position));
            if (i < 0) {
                i = -i - 2;
            }
            i = Math.max(0, i);
            return pts[i] + (position - firstSample[i]) / SAMPLE_RATE;
        }
    }

    // ---------------------------------------------------------------- pairing and statistics

    private static List<SyncPair> pair(List<Double> flashes, List<Double> beeps) {
        List<SyncPair> pairs = new ArrayList<>();
        for (int f = 0; f < flashes.size(); f++) {
            int b = nearest(beeps, flashes.get(f));
            if (b < 0 || nearest(flashes, beeps.get(b)) != f) {
                continue;
            }
            double flash = flashes.get(f);
            double beep = beeps.get(b);
            if (Math.abs(beep - flash) <= PAIR_WINDOW_SECONDS) {
                pairs.add(new SyncPair(flash, beep, (beep - flash) * 1000));
            }
        }
        return pairs;
    }

    /** Index of the element of a sorted list nearest to t, or -1 for an empty list. */
    private static int nearest(List<Double> sorted, double t) {
        int lo = 0;
        int hi = sorted.size();
        while (lo < hi) {                       // first element >= t
            int mid = (lo + hi) >>> 1;
            if (sorted.get(mid) < t) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        if (lo == sorted.size()) {
            return lo - 1;
        }
        return lo > 0 && t - sorted.get(lo - 1) <= sorted.get(lo) - t ? lo - 1 : lo;
    }

    /** The offsets of the pairs whose flash lies in [from, to], sorted. */
    static double[] offsetsBetween(List<SyncPair> pairs, double from, double to) {
        return pairs.stream().filter(p -> p.flashSeconds() >= from && p.flashSeconds() <= to)
                .mapToDouble(SyncPair::offsetMs).sorted().toArray();
    }

    private static double median(double[] sorted) {
        return percentile(sorted, 0.5);
    }

    /** Percentile of sorted values, linear between the closest ranks; NaN for none. */
    static double percentile(double[] sorted, double p) {
        if (sorted.length == 0) {
            return Double.NaN;
        }
        double rank = p * (sorted.length - 1);
        int below = (int) Math.floor(rank);
        int above = Math.min(sorted.length - 1, below + 1);
        return sorted[below] + (rank - below) * (sorted[above] - sorted[below]);
    }

    /** Least-squares slope of offset against flash time, in ms per second; NaN for fewer than two pairs. */
    static double slopeMsPerSecond(List<SyncPair> pairs) {
        int n = pairs.size();
        if (n < 2) {
            return Double.NaN;
        }
        double meanT = pairs.stream().mapToDouble(SyncPair::flashSeconds).average().orElseThrow();
        double meanO = pairs.stream().mapToDouble(SyncPair::offsetMs).average().orElseThrow();
        double sxy = 0;
        double sxx = 0;
        for (SyncPair p : pairs) {
            sxy += (p.flashSeconds() - meanT) * (p.offsetMs() - meanO);
            sxx += (p.flashSeconds() - meanT) * (p.flashSeconds() - meanT);
        }
        return sxx == 0 ? Double.NaN : sxy / sxx;
    }

    // ---------------------------------------------------------------- running ffmpeg

    private static final Pattern SHOWINFO = Pattern.compile(
            "\\] n: *\\d+ pts: *(\\S+) pts_time:(\\S+)(?:.* nb_samples:(\\d+))?");

    /** Collects pts_time (and, for audio, nb_samples) from showinfo/ashowinfo lines. */
    private static Consumer<String> showinfoTimes(List<Double> times, List<Integer> samples) {
        return line -> {
            Matcher m = SHOWINFO.matcher(line);
            if (!m.find()) {
                return;
            }
            try {
                times.add(Double.parseDouble(m.group(2)));
            } catch (NumberFormatException e) {
                throw new IllegalStateException("a decoded frame has no timestamp: " + line, e);
            }
            if (samples != null) {
                samples.add(Integer.parseInt(m.group(3)));
            }
        };
    }

    private interface StdoutReader {
        void read(InputStream in) throws IOException;
    }

    /**
     * Runs a decoder, handing its stdout to {@code stdout} on this thread while another thread
     * feeds stderr lines to {@code stderr} (ffmpeg would block if either pipe filled up).
     * Fails when the decoder exits non-zero, with its last stderr lines in the message.
     */
    private static void runDecoder(List<String> cmd, Consumer<String> stderr, StdoutReader stdout)
            throws IOException {
        Process p = new ProcessBuilder(cmd).redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")))
                .start();
        Deque<String> tail = new ArrayDeque<>();
        RuntimeException[] stderrFailure = new RuntimeException[1];
        Thread errors = new Thread(() -> {
            try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getErrorStream(), StandardCharsets.UTF_8))) {
                String line;
                while ((line = r.readLine()) != null) {
                    try {
                        stderr.accept(line);
                    } catch (RuntimeException e) {
                        if (stderrFailure[0] == null) {
                            stderrFailure[0] = e;
                        }
                    }
                    synchronized (tail) {
                        tail.addLast(line);
                        if (tail.size() > 20) {
                            tail.removeFirst();
                        }
                    }
                }
            } catch (IOException e) {
                stderrFailure[0] = new UncheckedIOException(e);
            }
        }, "decoder-stderr");
        errors.setDaemon(true);
        errors.start();
        try (InputStream in = new BufferedInputStream(p.getInputStream(), 1 << 20)) {
            stdout.read(in);
            int exit = p.waitFor();
            errors.join();
            if (exit != 0) {
                synchronized (tail) {
                    throw new IOException(String.join(" ", cmd) + " exited " + exit + ":\n" + String.join("\n", tail));
                }
            }
            if (stderrFailure[0] != null) {
                throw new IOException(String.join(" ", cmd) + ": " + stderrFailure[0].getMessage(), stderrFailure[0]);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while decoding", e);
        } finally {
            p.destroyForcibly();
        }
    }

    private static boolean readFully(InputStream in, byte[] buffer) throws IOException {
        int n = in.readNBytes(buffer, 0, buffer.length);
        if (n != 0 && n != buffer.length) {
            throw new IOException("decoder output ended inside a frame (" + n + " of " + buffer.length + " bytes)");
        }
        return n == buffer.length;
    }

    // ---------------------------------------------------------------- command line

    /**
     * {@code MediaAnalysis FILE [NOMINAL_FPS] [--pairs] [--frames]}: prints the report, and every
     * pair or every frame when asked.
     */
    public static void main(String[] args) throws IOException {
        if (args.length == 0) {
            System.err.println("usage: MediaAnalysis FILE [NOMINAL_FPS] [--pairs] [--frames]");
            System.exit(2);
        }
        Path file = Path.of(args[0]);
        double fps = args.length > 1 && !args[1].startsWith("--") ? Double.parseDouble(args[1]) : 30;
        List<String> flags = Arrays.asList(args);
        VideoInfo video = readVideo(file);
        VideoStats v = videoStats(video, fps);
        SyncStats s = sync(flashOnsets(video.frames()), beepOnsets(file), v.startSeconds(), v.durationSeconds());
        System.out.printf(Locale.ROOT, "video %dx%d: %d frames over %.3f s from %.3f s (%.2f fps), unique %d = %.2f fps,"
                        + " ratio %.3f of %.0f fps%n", v.width(), v.height(), v.frames(), v.durationSeconds(),
                v.startSeconds(), v.decodedFps(), v.uniqueFrames(), v.uniqueFps(), v.uniqueRatio(), v.nominalFps());
        System.out.printf(Locale.ROOT, "sync: %d flashes, %d beeps, %d pairs (unpaired: %d flashes, %d beeps);"
                        + " offset median %.1f ms, p10 %.1f, p90 %.1f; drift %.1f ms (window %.0f s);"
                        + " slope %.1f ms/10 min%n", s.flashes(), s.beeps(), s.paired(), s.unpairedFlashes(),
                s.unpairedBeeps(), s.medianMs(), s.p10Ms(), s.p90Ms(), s.driftMs(), s.driftWindowSeconds(),
                s.slopeMsPer10Min());
        Settling settling = Settling.of(s.pairs(), v.startSeconds(), v.durationSeconds());
        System.out.println(settling.settled()
                ? String.format(Locale.ROOT, "settled after %.0f s: %d pairs, offset median %.1f ms, p10 %.1f, p90 %.1f",
                        settling.afterSeconds(), settling.pairs(), settling.medianMs(), settling.p10Ms(), settling.p90Ms())
                : "not settled: no 10 s window from which the rest stays within 20 ms of its median");
        if (flags.contains("--pairs")) {
            s.pairs().forEach(p -> System.out.printf(Locale.ROOT, "  flash %8.3f s  beep %8.3f s  offset %+7.1f ms%n",
                    p.flashSeconds(), p.beepSeconds(), p.offsetMs()));
        }
        if (flags.contains("--frames")) {
            video.frames().forEach(f -> System.out.printf(Locale.ROOT, "  %8.3f s  luma %5.1f  changed %7d%s%n",
                    f.pts(), f.meanLuma(), f.changedPixels(), f.isNew() ? "  new" : ""));
        }
    }
}
