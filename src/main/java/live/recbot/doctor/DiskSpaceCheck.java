package live.recbot.doctor;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import live.recbot.config.HMSResolution;
import live.recbot.config.WorkerSettings;
import live.recbot.session.HostSpace;

/**
 * The output directory can be written, or created, and its file system has room for recordings:
 * at least {@code minFree}, by default what a start at the default picture size needs
 * ({@link HostSpace#recordingFloor}: 10 minutes of 720p, 206 MiB).
 */
record DiskSpaceCheck(Path outputDir, long minFree) implements Check {
    static final long DEFAULT_MIN_FREE = HostSpace.recordingFloor(HMSResolution.DEFAULT, WorkerSettings.DEFAULT_MAX_DURATION);

    @Override
    public String name() {
        return "output dir";
    }

    @Override
    public CheckResult run() {
        Path dir = outputDir.toAbsolutePath().normalize();
        String otherDir = "choose another --output-dir";
        if (Files.exists(dir) && !Files.isDirectory(dir)) {
            return CheckResult.fail(dir + " is not a directory", otherDir);
        }
        // recbot creates a missing output directory: the nearest folder that exists must let it.
        Path existing = dir;
        while (!Files.isDirectory(existing)) {
            existing = existing.getParent();
        }
        if (!Files.isWritable(existing)) {
            String what = existing.equals(dir) ? dir + " is not writable" : dir + " cannot be created: "
                    + existing + " is not writable";
            return CheckResult.fail(what, "give recbot's user write access, or " + otherDir);
        }
        long free;
        try {
            free = Files.getFileStore(existing).getUsableSpace();
        } catch (IOException e) {
            return CheckResult.fail("cannot read the free space of " + existing + ": " + e.getMessage(), otherDir);
        }
        if (free < minFree) {
            return CheckResult.fail(dir + ": " + Sizes.format(free) + " free, less than " + Sizes.format(minFree),
                    "free space on that file system, or " + otherDir);
        }
        return CheckResult.pass(dir + ": " + Sizes.format(free) + " free (at least " + Sizes.format(minFree) + ")");
    }
}
