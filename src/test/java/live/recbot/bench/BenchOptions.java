package live.recbot.bench;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import live.recbot.config.HMSResolution;

/** How one benchmark invocation runs: what is compared, how long and how often. */
record BenchOptions(boolean quick, int repetitions, Duration warmup, Duration measure, List<String> variants,
                    HMSResolution resolution, Path out, boolean keepMedia, int starts) {
    /** recbot-3 while a dashboard fetches /metrics and /v1/preview.jpg every 100 ms ({@link Watcher}). */
    static final String WATCHED = "recbot-3-watched";
    /** The watched variant's two halves apart, to tell which one costs: run only when named. */
    static final String METRICS_WATCHED = "recbot-3-metrics-watched";
    static final String PREVIEW_WATCHED = "recbot-3-preview-watched";
    /** recbot-0 recording the sound alone ({@code --audio-only}): no screen capture, no video encode. */
    static final String AUDIO_ONLY = "recbot-audio-only";
    static final List<String> ALL_VARIANTS = List.of("recbot-3", "ffmpeg-javacv", "ffmpeg-debian", "recbot-0",
            "recbot-1", "recbot-2", WATCHED, AUDIO_ONLY);
    /** recbot-0 with Chromium drawing its own 60 frames a second (its energy saver off). */
    static final String BROWSER_60 = "recbot-0-browser60";
    static final List<String> ON_REQUEST_VARIANTS = List.of(METRICS_WATCHED, PREVIEW_WATCHED, BROWSER_60);
    /** Enough for every figure: the file-only and the file+3 RTMP recbot, and both ffmpeg baselines. */
    static final List<String> QUICK_VARIANTS = List.of("recbot-3", "ffmpeg-debian", "ffmpeg-javacv", "recbot-0");
    /** A variant may name the kind of page it records after an {@code @} ({@link AvPages#KINDS}). */
    static final String AT = "@";
    /** {@code --av}: recbot-3 and the ffmpeg baseline on each kind of A/V page. */
    static final List<String> AV_VARIANTS = AvPages.KINDS.stream()
            .flatMap(k -> java.util.stream.Stream.of("recbot-3" + AT + k.name(), "ffmpeg-debian" + AT + k.name()))
            .toList();

    static final String USAGE = """
            usage: scripts/bench [--quick] [--reps N] [--seconds S] [--warmup S] [--variants a,b,...] [--av]
                                 [--resolution WxH] [--starts N] [--out DIR] [--keep-media]
              --quick       one short repetition of recbot-3, both ffmpeg baselines and recbot-0 (the test suite's mode)
              --reps N      repetitions of every variant, alternating (default 3)
              --seconds S   measured seconds per run, after the warm-up (default 60)
              --warmup S    seconds after the first frame before measuring (default 5)
              --variants    from %s (default all),
                            or on request %s; VARIANT@KIND records a page of
                            that kind (%s) from a static file server instead of the test page
              --av          recbot-3 and ffmpeg-debian on every kind of page: the A/V comparison
              --resolution  picture size (default 1280x720)
              --starts N    then serve's warm and cold (--no-warm) starts, N each, and its idle cost (default 5;
                            --quick: 1, warm only; 0 with --variants or --av, unless given)
              --out DIR     where results.json, results.md and the runs' logs go (default target/bench)
              --keep-media  keep the recordings (deleted after analysis otherwise)
            """.formatted(String.join(",", ALL_VARIANTS), String.join(",", ON_REQUEST_VARIANTS),
            String.join(", ", AvPages.KINDS.stream().map(AvPages.Kind::name).toList()));

    static BenchOptions parse(String[] args) {
        boolean quick = false;
        Integer reps = null;
        Integer seconds = null;
        Integer warmup = null;
        List<String> variants = null;
        HMSResolution resolution = HMSResolution.DEFAULT;
        Path out = Path.of("target/bench");
        boolean keep = false;
        Integer starts = null;
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            switch (a) {
                case "--quick" -> quick = true;
                case "--reps" -> reps = positive(a, value(args, ++i, a));
                case "--seconds" -> seconds = positive(a, value(args, ++i, a));
                case "--warmup" -> warmup = nonNegative(a, value(args, ++i, a));
                case "--variants" -> {
                    variants = List.of(value(args, ++i, a).split(","));
                    for (String v : variants) {
                        if (!ALL_VARIANTS.contains(base(v)) && !ON_REQUEST_VARIANTS.contains(base(v))
                                || kind(v).isEmpty() && v.contains(AT)) {
                            throw new IllegalArgumentException("--variants: unknown variant '" + v + "'; known: "
                                    + String.join(",", ALL_VARIANTS) + ", and on request "
                                    + String.join(",", ON_REQUEST_VARIANTS));
                        }
                    }
                }
                case "--av" -> variants = AV_VARIANTS;
                case "--resolution" -> {
                    try {
                        resolution = HMSResolution.parse("--resolution", value(args, ++i, a));
                    } catch (live.recbot.config.ConfigException e) {
                        throw new IllegalArgumentException("--resolution: " + e.getMessage());
                    }
                }
                case "--out" -> out = Path.of(value(args, ++i, a));
                case "--keep-media" -> keep = true;
                case "--starts" -> starts = nonNegative(a, value(args, ++i, a));
                default -> throw new IllegalArgumentException("unknown argument '" + a + "'");
            }
        }
        out = out.toAbsolutePath().normalize();
        if (starts == null) {
            starts = variants != null ? 0 : quick ? 1 : 5;
        }
        if (quick) {
            return new BenchOptions(true, reps == null ? 1 : reps, Duration.ofSeconds(warmup == null ? 2 : warmup),
                    Duration.ofSeconds(seconds == null ? 6 : seconds), variants == null ? QUICK_VARIANTS : variants,
                    resolution, out, keep, starts);
        }
        return new BenchOptions(false, reps == null ? 3 : reps, Duration.ofSeconds(warmup == null ? 5 : warmup),
                Duration.ofSeconds(seconds == null ? 60 : seconds), variants == null ? ALL_VARIANTS : variants,
                resolution, out, keep, starts);
    }

    private static String value(String[] args, int i, String flag) {
        if (i >= args.length) {
            throw new IllegalArgumentException(flag + ": needs a value");
        }
        return args[i];
    }

    private static int positive(String flag, String v) {
        int n = nonNegative(flag, v);
        if (n == 0) {
            throw new IllegalArgumentException(flag + ": must be at least 1");
        }
        return n;
    }

    private static int nonNegative(String flag, String v) {
        try {
            int n = Integer.parseInt(v);
            if (n < 0) {
                throw new NumberFormatException();
            }
            return n;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(flag + ": must be a whole number, not '" + v + "'");
        }
    }

    /** The variant without its page kind: what runs. */
    static String base(String variant) {
        int at = variant.indexOf(AT);
        return at < 0 ? variant : variant.substring(0, at);
    }

    /** The kind of page a variant records; none for the bundled test page from recbot's own server. */
    static java.util.Optional<AvPages.Kind> kind(String variant) {
        int at = variant.indexOf(AT);
        String name = at < 0 ? "" : variant.substring(at + 1);
        return AvPages.KINDS.stream().filter(k -> k.name().equals(name)).findFirst();
    }

    /** The variants in the order of repetition {@code rep}: rotated so none always runs first. */
    List<String> order(int rep) {
        List<String> o = new ArrayList<>(variants);
        java.util.Collections.rotate(o, -rep);
        return o;
    }
}
