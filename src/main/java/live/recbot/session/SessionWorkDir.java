package live.recbot.session;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;
import live.recbot.proc.HelperTmpDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A session's working directory under {@code java.io.tmpdir}: the helpers' sockets, temporary
 * files, browser profiles and logs. {@link #close()} always removes it, whatever the session's end,
 * because a warm worker that keeps one per failed session fills a RAM disk. While open, it holds a
 * lock on its {@link #LOCK} file, which the kernel drops when the process dies however it dies: a
 * later worker tells by that lock which directories are abandoned ({@link AbandonedWorkDirs}).
 */
final class SessionWorkDir implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(SessionWorkDir.class);
    private static final String SOCKET_LINK = "SingletonSocket";
    static final String NAME_PREFIX = "recbot-";
    /** Held locked by the process that owns the directory. */
    static final String LOCK = "owner.lock";
    /** The directories this JVM holds open: closing any channel on a lock file would drop its lock. */
    private static final Set<Path> OPEN = ConcurrentHashMap.newKeySet();
    /** 36^8: eight base-36 characters. */
    private static final long NAME_RANGE = 2_821_109_907_456L;
    private static final int NAME_ATTEMPTS = 100;
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final FileAttribute<Set<PosixFilePermission>> OWNER_ONLY =
            PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------"));
    /** A browser's profile lies at {@code browser-N/chromium-profile}, its socket link in it. */
    private static final int SOCKET_LINK_DEPTH = 3;
    private final Path path;
    private final FileChannel lock;

    private SessionWorkDir(Path path, FileChannel lock) {
        this.path = path;
        this.lock = lock;
    }

    /**
     * A new directory {@code recbot-XXXXXXXX} under {@code java.io.tmpdir}, readable by its owner
     * only. The name is short because Chromium's socket path below it must fit in 107 bytes.
     */
    static SessionWorkDir create() throws IOException {
        Path root = root();
        for (int attempt = 0; ; attempt++) {
            String name = NAME_PREFIX + Long.toString(Long.remainderUnsigned(RANDOM.nextLong(), NAME_RANGE), 36);
            Path dir;
            try {
                dir = Files.createDirectory(root.resolve(name), OWNER_ONLY);
            } catch (FileAlreadyExistsException e) {
                if (attempt >= NAME_ATTEMPTS) {
                    throw e;
                }
                continue;
            }
            try {
                return new SessionWorkDir(dir, lockOwnership(dir));
            } catch (IOException | RuntimeException e) {
                deleteTree(dir);
                throw e;
            }
        }
    }

    /** Where sessions' directories are made: {@code java.io.tmpdir}. */
    static Path root() {
        return Path.of(System.getProperty("java.io.tmpdir"));
    }

    /**
     * Locks the directory's lock file for this process. The file is locked under another name and
     * then renamed, so that no other worker ever finds it under its own name unlocked.
     */
    private static FileChannel lockOwnership(Path dir) throws IOException {
        Path fresh = dir.resolve(LOCK + ".new");
        FileChannel channel = FileChannel.open(fresh, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
        try {
            channel.lock();
            OPEN.add(dir);
            Files.move(fresh, dir.resolve(LOCK), StandardCopyOption.ATOMIC_MOVE);
            return channel;
        } catch (IOException | RuntimeException e) {
            OPEN.remove(dir);
            channel.close();
            throw e;
        }
    }

    /** True when this JVM holds {@code dir} open. */
    static boolean openHere(Path dir) {
        return OPEN.contains(dir);
    }

    Path path() {
        return path;
    }

    @Override
    public void close() {
        remove(path);
        // Released last: until the directory is gone, no other worker may take it for abandoned.
        try {
            lock.close();
        } catch (IOException e) {
            log.warn("cannot release the lock of {}: {}", path, e.toString());
        }
        OPEN.remove(path);
    }

    /** Removes the session directory {@code path} and what its helpers made outside it; logs what it cannot. */
    static void remove(Path path) {
        removeLinkedSocketDirs(path);
        Path helperTmp = HelperTmpDir.of(path);
        if (!helperTmp.startsWith(path)) {
            try {
                deleteTree(helperTmp);
            } catch (IOException e) {
                log.warn("cannot remove the helpers' temporary folder {}: {}", helperTmp, e.toString());
            }
        }
        try {
            deleteTree(path);
        } catch (IOException e) {
            log.warn("cannot remove the session's working directory {}: {}", path, e.toString());
        }
    }

    /**
     * Removes the folders outside this directory that Chromium's singleton-socket links point to:
     * Chromium makes one in the shared TMPDIR when its helpers' own could not be made (see
     * HelperTmpDir), and a browser that is killed never removes it.
     */
    private static void removeLinkedSocketDirs(Path path) {
        try (Stream<Path> walk = Files.walk(path, SOCKET_LINK_DEPTH)) {
            List<Path> links = walk.filter(p -> p.getFileName().toString().equals(SOCKET_LINK))
                    .filter(Files::isSymbolicLink).toList();
            for (Path link : links) {
                Path dir = Files.readSymbolicLink(link).getParent();
                if (dir != null && dir.isAbsolute() && !dir.normalize().startsWith(path)
                        && dir.getFileName().toString().startsWith("org.chromium.")) {
                    deleteTree(dir);
                }
            }
        } catch (IOException | UncheckedIOException e) {
            log.warn("cannot remove Chromium's socket folder of {}: {}", path, e.toString());
        }
    }

    /** Deletes {@code dir} and everything in it; entries that vanish meanwhile are no error. */
    static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        Files.walkFileTree(dir, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                Files.deleteIfExists(file);
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFileFailed(Path file, IOException e) throws IOException {
                if (e instanceof NoSuchFileException) {
                    return FileVisitResult.CONTINUE;
                }
                throw e;
            }

            @Override
            public FileVisitResult postVisitDirectory(Path d, IOException e) throws IOException {
                if (e != null && !(e instanceof NoSuchFileException)) {
                    throw e;
                }
                Files.deleteIfExists(d);
                return FileVisitResult.CONTINUE;
            }
        });
    }
}
