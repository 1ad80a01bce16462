package live.recbot.doctor;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The RAM disk that scripts/recbot puts each session's working files on (Chromium's profile, the
 * helpers' logs and sockets) when it is writable with {@code minFree} free: elsewhere Chromium
 * starts slower, since it creates and syncs its new profile's databases while it starts.
 */
record ShmCheck(Path dir, long minFree) implements Check {
    /** scripts/recbot's own threshold: 1048576 kB. */
    static final long RECBOT_MIN_FREE = Sizes.GIB;

    @Override
    public String name() {
        return "/dev/shm";
    }

    @Override
    public CheckResult run() {
        String fix = "mount " + dir + " with at least " + Sizes.format(minFree) + " free (docker run --shm-size=1g)";
        if (!Files.isDirectory(dir) || !Files.isWritable(dir)) {
            return CheckResult.fail(dir + " is missing or not writable: session files go to the disk, "
                    + "Chromium starts slower", fix);
        }
        long free;
        try {
            free = Files.getFileStore(dir).getUsableSpace();
        } catch (IOException e) {
            return CheckResult.fail("cannot read " + dir + "'s free space: " + e.getMessage(), fix);
        }
        if (free < minFree) {
            return CheckResult.fail(Sizes.format(free) + " free, less than " + Sizes.format(minFree)
                    + ": session files go to the disk, Chromium starts slower", fix);
        }
        return CheckResult.pass(Sizes.format(free) + " free: session files go here");
    }
}
