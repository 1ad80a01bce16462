package live.recbot.doctor;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import live.recbot.session.HostSpace;

/**
 * Where a session's working files go (Chromium's profile, the helpers' logs and sockets), by the
 * rule a session's start applies ({@link HostSpace}): scripts/recbot puts them on the RAM disk
 * {@code shm} when it has {@code preferred} free, else they stay in {@code workDir} (java.io.tmpdir,
 * on disk), where Chromium starts about 0.1 s slower. Either passes; a working directory with less
 * than {@code need} free fails, since every start would be refused.
 */
record ShmCheck(Path shm, Path workDir, long preferred, long need) implements Check {
    static ShmCheck forRecbot() {
        return new ShmCheck(Path.of("/dev/shm"), Path.of(System.getProperty("java.io.tmpdir")), HostSpace.SHM_PREFERRED,
                HostSpace.WORK_DIR_NEED);
    }

    @Override
    public String name() {
        return "/dev/shm";
    }

    @Override
    public CheckResult run() {
        long free;
        try {
            free = HostSpace.FILE_SYSTEMS.of(workDir);
        } catch (IOException e) {
            return CheckResult.fail("cannot read the free space of " + workDir + ": " + e.getMessage(),
                    "set java.io.tmpdir (RECBOT_JAVA_OPTS) to a writable directory");
        }
        if (!Files.isDirectory(workDir) || !Files.isWritable(workDir) || free < need) {
            return CheckResult.fail("session files go to " + workDir + ", which has " + Sizes.format(free)
                    + " free (a session needs " + Sizes.format(need) + ") or cannot be written: every start is refused",
                    "free space there, or mount " + shm + " with at least " + Sizes.format(preferred)
                            + " (docker run --shm-size=" + preferred / Sizes.MIB + "m)");
        }
        if (workDir.normalize().equals(shm.normalize())) {
            return CheckResult.pass(Sizes.format(free) + " free: session files go here");
        }
        String why;
        try {
            long shmFree = Files.isDirectory(shm) && Files.isWritable(shm) ? HostSpace.FILE_SYSTEMS.of(shm) : -1;
            if (shmFree >= preferred) {
                // java.io.tmpdir was set elsewhere on purpose (RECBOT_JAVA_OPTS): nothing to fix.
                return CheckResult.pass(Sizes.format(free) + " free in " + workDir
                        + ", where java.io.tmpdir puts session files");
            }
            why = shmFree < 0 ? "missing or not writable" : Sizes.format(shmFree) + " free, less than "
                    + Sizes.format(preferred);
        } catch (IOException e) {
            why = "unreadable (" + e.getMessage() + ")";
        }
        return CheckResult.pass(why + ": session files go to " + workDir + " (" + Sizes.format(free)
                + " free), where Chromium starts about 0.1 s slower; --shm-size=" + preferred / Sizes.MIB
                + "m would put them here");
    }
}
