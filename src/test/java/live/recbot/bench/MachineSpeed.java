package live.recbot.bench;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.bytedeco.javacpp.Loader;

/**
 * How fast this machine's cores are right now, as one fixed piece of recbot's own kind of work:
 * x264 at recbot's preset coding 150 synthetic 1280x720 pictures on one thread. Machines that
 * report the same CPU, kernel and Chromium have started a session twice as fast as each other, so
 * the absolute figures of two tables compare only beside this one.
 */
final class MachineSpeed {
    static final int PICTURES = 150;
    private static final int TRIES = 3;

    private MachineSpeed() {
    }

    /** The fastest of three runs' wall seconds (the one least disturbed), or empty if ffmpeg failed. */
    static Optional<Double> x264Seconds() throws InterruptedException {
        String ffmpeg = Path.of(Loader.load(org.bytedeco.ffmpeg.ffmpeg.class)).toString();
        List<String> cmd = List.of(ffmpeg, "-hide_banner", "-nostdin", "-loglevel", "error",
                "-f", "lavfi", "-i", "testsrc2=size=1280x720:rate=30", "-frames:v", String.valueOf(PICTURES),
                "-c:v", "libx264", "-preset", "superfast", "-threads", "1", "-f", "null", "-");
        double best = Double.MAX_VALUE;
        for (int i = 0; i < TRIES; i++) {
            long t0 = System.nanoTime();
            try {
                Process p = new ProcessBuilder(cmd).redirectErrorStream(true)
                        .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
                if (!p.waitFor(60, TimeUnit.SECONDS)) {
                    p.destroyForcibly().waitFor();
                    return Optional.empty();
                }
                if (p.exitValue() != 0) {
                    return Optional.empty();
                }
            } catch (IOException e) {
                return Optional.empty();
            }
            best = Math.min(best, (System.nanoTime() - t0) / 1e9);
        }
        return Optional.of(best);
    }

    /** The machine header's line for it. */
    static String describe(Optional<Double> seconds) {
        return seconds.map(s -> String.format(Locale.ROOT,
                "%.2f s for x264 superfast on %d pictures of 1280x720, one thread (fastest of %d)", s, PICTURES, TRIES))
                .orElse("unknown (the x264 run failed)");
    }
}
