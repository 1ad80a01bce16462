package live.recbot.bench;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import live.recbot.config.ConfigException;
import live.recbot.config.HMSResolution;

/** How {@code scripts/bench --density} runs: which sizes, from and up to how many rooms, how long. */
record DensityOptions(List<HMSResolution> sizes, int firstRooms, int maxRooms, Duration warmup, Duration measure,
                      Path out, boolean keepMedia, boolean compareBrowser60) {
    static final String USAGE = """
            usage: scripts/bench --density [--quick] [--sizes WxH,...] [--max-rooms N] [--seconds S] [--warmup S]
                                           [--out DIR] [--keep-media] [--compare-browser60]
              --density     rooms recorded at once (file only, the bundled page), one more each step until a room
                            keeps fewer than 98% new pictures, shows a decode error or misses an A/V target
              --quick       two 320x180 rooms for a few seconds: that every figure is produced (the test suite's mode)
              --sizes       picture sizes to try (default 640x360,1280x720,1920x1080)
              --max-rooms N stop adding rooms at N (default 6)
              --seconds S   measured seconds per step, after the warm-up (default 30)
              --warmup S    seconds after every room records before measuring (default 10)
              --out DIR     where density.json, density.md and the rooms' logs go (default target/bench)
              --keep-media  keep the recordings (deleted after analysis otherwise)
              --compare-browser60  each step also with Chromium drawing its own 60 frames a second, right after
            """;

    static DensityOptions parse(List<String> args) {
        boolean quick = false;
        List<HMSResolution> sizes = null;
        Integer maxRooms = null;
        Integer seconds = null;
        Integer warmup = null;
        Path out = Path.of("target/bench");
        boolean keep = false;
        boolean compare = false;
        for (int i = 0; i < args.size(); i++) {
            String a = args.get(i);
            switch (a) {
                case "--density" -> {
                    // The mode itself.
                }
                case "--quick" -> quick = true;
                case "--sizes" -> sizes = sizes(value(args, ++i, a));
                case "--max-rooms" -> maxRooms = number(a, value(args, ++i, a), 1);
                case "--seconds" -> seconds = number(a, value(args, ++i, a), 1);
                case "--warmup" -> warmup = number(a, value(args, ++i, a), 0);
                case "--out" -> out = Path.of(value(args, ++i, a));
                case "--keep-media" -> keep = true;
                case "--compare-browser60" -> compare = true;
                default -> throw new IllegalArgumentException("unknown argument '" + a + "' for --density");
            }
        }
        out = out.toAbsolutePath().normalize();
        if (quick) {
            return new DensityOptions(sizes == null ? List.of(new HMSResolution(320, 180)) : sizes, 2,
                    maxRooms == null ? 2 : maxRooms, Duration.ofSeconds(warmup == null ? 2 : warmup),
                    Duration.ofSeconds(seconds == null ? 5 : seconds), out, keep, compare);
        }
        return new DensityOptions(sizes == null ? List.of(new HMSResolution(640, 360), new HMSResolution(1280, 720),
                new HMSResolution(1920, 1080)) : sizes, 1, maxRooms == null ? 6 : maxRooms,
                Duration.ofSeconds(warmup == null ? 10 : warmup), Duration.ofSeconds(seconds == null ? 30 : seconds),
                out, keep, compare);
    }

    private static List<HMSResolution> sizes(String list) {
        List<HMSResolution> sizes = new ArrayList<>();
        for (String s : list.split(",")) {
            try {
                sizes.add(HMSResolution.parse("--sizes", s));
            } catch (ConfigException e) {
                throw new IllegalArgumentException(e.getMessage());
            }
        }
        return sizes;
    }

    private static String value(List<String> args, int i, String flag) {
        if (i >= args.size()) {
            throw new IllegalArgumentException(flag + ": needs a value");
        }
        return args.get(i);
    }

    private static int number(String flag, String v, int min) {
        try {
            int n = Integer.parseInt(v);
            if (n >= min) {
                return n;
            }
        } catch (NumberFormatException e) {
            // Answered below.
        }
        throw new IllegalArgumentException(flag + ": must be a whole number of at least " + min + ", not '" + v + "'");
    }
}
