package live.recbot.session;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The working directories of sessions whose process died without removing them (SIGKILL, the
 * out-of-memory killer): their browser profiles hold a meeting's cookies and storage, so a worker
 * removes them when it starts. A directory is abandoned when its lock file exists and no process
 * holds its lock; one without the file is left alone, as it may be another worker's being made.
 */
public final class AbandonedWorkDirs {
    private static final Logger log = LoggerFactory.getLogger(AbandonedWorkDirs.class);
    private static final Pattern NAME = Pattern.compile(Pattern.quote(SessionWorkDir.NAME_PREFIX) + "[0-9a-z]{1,8}");

    private AbandonedWorkDirs() {
    }

    /** Removes the abandoned session directories of this user under {@code root}; the ones removed. */
    public static List<Path> remove(Path root) {
        List<Path> removed = new ArrayList<>();
        List<Path> candidates;
        try (Stream<Path> list = Files.list(root)) {
            candidates = list.filter(p -> NAME.matcher(p.getFileName().toString()).matches()).toList();
        } catch (IOException e) {
            log.warn("cannot look for abandoned session directories in {}: {}", root, e.toString());
            return removed;
        }
        for (Path dir : candidates) {
            if (!SessionWorkDir.openHere(dir) && ours(dir) && removeIfUnlocked(dir)) {
                removed.add(dir);
            }
        }
        return removed;
    }

    private static boolean ours(Path dir) {
        try {
            return Files.isDirectory(dir, LinkOption.NOFOLLOW_LINKS)
                    && Files.getOwner(dir, LinkOption.NOFOLLOW_LINKS).getName().equals(System.getProperty("user.name"));
        } catch (IOException e) {
            return false;
        }
    }

    /** Takes the directory's lock; when no one held it, removes the directory while holding it. */
    private static boolean removeIfUnlocked(Path dir) {
        Path lockFile = dir.resolve(SessionWorkDir.LOCK);
        if (!Files.isRegularFile(lockFile, LinkOption.NOFOLLOW_LINKS)) {
            return false;
        }
        try (FileChannel channel = FileChannel.open(lockFile, StandardOpenOption.WRITE, LinkOption.NOFOLLOW_LINKS);
             FileLock lock = channel.tryLock()) {
            if (lock == null) {
                return false;
            }
            SessionWorkDir.remove(dir);
            log.info("removed {}, the working directory of a session whose process ended without removing it", dir);
            return true;
        } catch (OverlappingFileLockException e) {
            return false;
        } catch (IOException e) {
            // Removed meanwhile by its owner or by another worker.
            return false;
        }
    }
}
