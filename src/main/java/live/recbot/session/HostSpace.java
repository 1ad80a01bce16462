package live.recbot.session;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.Optional;
import live.recbot.config.Durations;
import live.recbot.config.HMSResolution;
import live.recbot.config.RecbotConfig;
import live.recbot.core.ErrorCode;
import live.recbot.core.RecbotError;
import live.recbot.encode.EncoderSettings;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The room a session needs on the host, checked before it starts. Its working directory
 * (java.io.tmpdir) holds Chromium's profile and the helpers' logs and sockets: 6 MB measured at
 * 720p and at 1080p (Chromium's shared memory is anonymous memory, not files in /dev/shm), so
 * {@link #WORK_DIR_NEED} is 32 MiB whatever the picture size. A recording needs its bitrate times
 * maxDuration, plus 10%, in the output directory: less than that is a warning (the recording
 * stops when the disk is full); less than 10 minutes' worth, or maxDuration's if shorter, refuses
 * the start, as does a working directory with less than its need.
 */
public final class HostSpace {
    private static final Logger log = LoggerFactory.getLogger(HostSpace.class);
    private static final long MIB = 1L << 20;
    /** A session's working files, with room to grow over a long meeting: 5x the 6 MB measured. */
    public static final long WORK_DIR_NEED = 32 * MIB;
    /** scripts/recbot puts java.io.tmpdir on /dev/shm when it has this much free: four sessions' need. */
    public static final long SHM_PREFERRED = 4 * WORK_DIR_NEED;
    public static final Duration MIN_RECORDING = Duration.ofMinutes(10);
    /** 10% on top of the nominal bitrate: the container, and an encoder above its target for a while. */
    private static final long MARGIN_TENTHS = 11;

    /** How much a file system has free for the given directory (or the folder that would hold it). */
    @FunctionalInterface
    public interface FreeSpace {
        long of(Path dir) throws IOException;
    }

    /** The usable space of the file system holding {@code dir}, or its nearest existing parent. */
    public static final FreeSpace FILE_SYSTEMS = dir -> {
        Path existing = dir.toAbsolutePath().normalize();
        while (!Files.isDirectory(existing) && existing.getParent() != null) {
            existing = existing.getParent();
        }
        return Files.getFileStore(existing).getUsableSpace();
    };

    private HostSpace() {
    }

    /** Bytes a recording of this picture size writes in {@code length}, with the margin, rounded up. */
    public static long recordingNeed(HMSResolution r, Duration length) {
        return need(bitsPerSecond(r, false), length);
    }

    private static long need(long bitsPerSecond, Duration length) {
        long tenths = bitsPerSecond * length.toMillis() * MARGIN_TENTHS;
        return (tenths + 79_999) / 80_000;
    }

    /** The encoders' bitrates: the sound's alone for {@code soundOnly}. */
    private static long bitsPerSecond(HMSResolution r, boolean soundOnly) {
        EncoderSettings e = EncoderSettings.forResolution(r, Duration.ofMillis(16));
        return (soundOnly ? 0 : e.videoBitrate()) + e.audioBitrate();
    }

    /** Below this, a start is refused: a recording of {@link #MIN_RECORDING}, or maxDuration if shorter. */
    public static long recordingFloor(HMSResolution r, Duration maxDuration) {
        return recordingNeed(r, floorLength(maxDuration));
    }

    private static Duration floorLength(Duration maxDuration) {
        return maxDuration.compareTo(MIN_RECORDING) < 0 ? maxDuration : MIN_RECORDING;
    }

    /** Checks the host's file systems for {@code config} and logs a warning, if there is one. */
    static void check(RecbotConfig config) throws SessionException {
        check(config, Path.of(System.getProperty("java.io.tmpdir")), FILE_SYSTEMS).ifPresent(log::warn);
    }

    /**
     * @return the warning, if any: the output directory holds less than maxDuration of recording
     * @throws SessionException when a session cannot start: one line naming the rule
     */
    static Optional<String> check(RecbotConfig config, Path workDir, FreeSpace free) throws SessionException {
        long workFree = freeSpace(free, workDir, ErrorCode.TMP_UNUSABLE, "java.io.tmpdir");
        if (workFree < WORK_DIR_NEED) {
            throw refusal(ErrorCode.TMP_UNUSABLE, "java.io.tmpdir " + workDir + ": " + size(workFree)
                    + " free, less than the " + sizeUp(WORK_DIR_NEED) + " a session's working files need");
        }
        if (!config.recording().record()) {
            return Optional.empty();
        }
        Path out = config.outputDir();
        long outFree = freeSpace(free, out, ErrorCode.OUTPUT_DIR_UNUSABLE, "outputDir");
        HMSResolution r = config.resolution();
        boolean soundOnly = config.recording().audioOnly();
        String what = soundOnly ? "sound" : r.toString();
        long bitsPerSecond = bitsPerSecond(r, soundOnly);
        Duration max = config.maxDuration();
        Duration floorLength = floorLength(max);
        long floor = need(bitsPerSecond, floorLength);
        String bitrate = String.format(Locale.ROOT, "%.2f Mbit/s", bitsPerSecond / 1e6);
        if (outFree < floor) {
            throw refusal(ErrorCode.OUTPUT_DIR_UNUSABLE, "outputDir " + out + ": " + size(outFree) + " free, less than the "
                    + sizeUp(floor) + " that " + Durations.format(floorLength) + " of " + what + " need (" + bitrate
                    + " x duration + 10%)");
        }
        long need = need(bitsPerSecond, max);
        if (outFree < need) {
            return Optional.of("outputDir " + out + ": " + size(outFree) + " free, less than the " + sizeUp(need)
                    + " that maxDuration " + Durations.format(max) + " of " + what + " needs (" + bitrate
                    + " x maxDuration + 10%); the recording stops when the disk is full");
        }
        return Optional.empty();
    }

    private static long freeSpace(FreeSpace free, Path dir, ErrorCode code, String name) throws SessionException {
        try {
            return free.of(dir);
        } catch (IOException e) {
            throw refusal(code, name + " " + dir + ": cannot read its free space: " + e.getMessage());
        }
    }

    private static SessionException refusal(ErrorCode code, String message) {
        return new SessionException(new RecbotError.HostError(code, message, false));
    }

    /** Sizes as people read them: whole MiB below a GiB (rounded down), then GiB with one decimal. */
    static String size(long bytes) {
        return bytes < 1024 * MIB ? bytes / MIB + " MiB"
                : String.format(Locale.ROOT, "%.1f GiB", Math.floor(bytes / (double) (1024 * MIB) * 10) / 10);
    }

    /** A need: rounded up. */
    static String sizeUp(long bytes) {
        return bytes < 1024 * MIB ? (bytes + MIB - 1) / MIB + " MiB"
                : String.format(Locale.ROOT, "%.1f GiB", Math.ceil(bytes / (double) (1024 * MIB) * 10) / 10);
    }
}
