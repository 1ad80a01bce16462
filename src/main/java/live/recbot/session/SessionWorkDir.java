package live.recbot.session;

import java.io.IOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A session's working directory under {@code java.io.tmpdir}: the helpers' sockets, temporary
 * files, browser profiles and logs. {@link #close()} always removes it, whatever the session's end,
 * because a warm worker that keeps one per failed session fills a RAM disk.
 */
final class SessionWorkDir implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(SessionWorkDir.class);
    private final Path path;

    private SessionWorkDir(Path path) {
        this.path = path;
    }

    static SessionWorkDir create() throws IOException {
        return new SessionWorkDir(Files.createTempDirectory("recbot-run-"));
    }

    Path path() {
        return path;
    }

    @Override
    public void close() {
        try {
            deleteTree(path);
        } catch (IOException e) {
            log.warn("cannot remove the session's working directory {}: {}", path, e.toString());
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
