package live.recbot.session;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;
import live.recbot.core.Redactor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps the helpers' logs of a failed session (X server, sound server, chromedriver, Chromium) in
 * {@code <outputDir>/logs/<session>/}, where a user finds them once the working directory is gone.
 * They are bounded: at most {@link #MAX_BYTES} per session, the tail of each log, and only the
 * latest {@link #KEEP} sessions' folders, so a worker that fails a thousand times uses little disk.
 */
final class FailedSessionLogs {
    private static final Logger log = LoggerFactory.getLogger(FailedSessionLogs.class);
    static final long MAX_BYTES = 1024 * 1024;
    static final int KEEP = 10;
    /** The helpers' logs lie in the working directory or in a browser's folder there; deeper is a profile. */
    private static final int LOG_DEPTH = 2;
    private static final int MAX_SAME_NAME = 1000;

    private final Path root;
    private final Redactor redactor;

    FailedSessionLogs(Path outputDir, Redactor redactor) {
        this.root = outputDir.resolve("logs");
        this.redactor = redactor;
    }

    /**
     * Copies the logs found in {@code workDir} to a new folder named {@code name} (or {@code name-n}
     * if taken), removes all but the latest {@link #KEEP} folders, and returns the new folder.
     */
    Path keep(Path workDir, String name) throws IOException {
        Path folder = claim(name);
        List<Path> logs = logsIn(workDir);
        long left = MAX_BYTES;
        for (int i = 0; i < logs.size(); i++) {
            Path source = logs.get(i);
            // Smallest first, each taking an equal share of what is left: small logs stay whole.
            long share = left / (logs.size() - i);
            String target = workDir.relativize(source).toString().replace('/', '-');
            byte[] tail = redactedTail(source, share);
            Files.write(folder.resolve(target), tail);
            left -= tail.length;
        }
        prune();
        return folder;
    }

    private Path claim(String name) throws IOException {
        Files.createDirectories(root);
        for (int i = 0; i < MAX_SAME_NAME; i++) {
            Path candidate = root.resolve(name + (i == 0 ? "" : "-" + i));
            try {
                return Files.createDirectory(candidate);
            } catch (java.nio.file.FileAlreadyExistsException e) {
                continue;
            }
        }
        throw new IOException("too many log folders named " + name + "* in " + root);
    }

    private static List<Path> logsIn(Path workDir) throws IOException {
        try (Stream<Path> walk = Files.walk(workDir, LOG_DEPTH)) {
            List<Path> logs = new ArrayList<>(walk.filter(p -> p.getFileName().toString().endsWith(".log"))
                    .filter(Files::isRegularFile).toList());
            logs.sort(Comparator.comparingLong(FailedSessionLogs::size).thenComparing(Path::toString));
            return logs;
        }
    }

    /**
     * The last {@code limit} bytes of {@code log}, from its first whole line, with secrets masked:
     * a helper may have logged the meeting URL with its token.
     */
    private byte[] redactedTail(Path log, long limit) throws IOException {
        byte[] bytes = tail(log, limit);
        String text = redactor.scrub(new String(bytes, StandardCharsets.UTF_8));
        byte[] out = text.getBytes(StandardCharsets.UTF_8);
        if (out.length <= limit) {
            return out;
        }
        byte[] cut = new byte[(int) limit];
        System.arraycopy(out, out.length - cut.length, cut, 0, cut.length);
        return cut;
    }

    private static byte[] tail(Path log, long limit) throws IOException {
        try (RandomAccessFile f = new RandomAccessFile(log.toFile(), "r")) {
            long length = f.length();
            long from = Math.max(0, length - limit);
            byte[] bytes = new byte[(int) (length - from)];
            f.seek(from);
            f.readFully(bytes);
            if (from == 0) {
                return bytes;
            }
            int start = 0;
            while (start < bytes.length && bytes[start] != '\n') {
                start++;
            }
            return java.util.Arrays.copyOfRange(bytes, Math.min(bytes.length, start + 1), bytes.length);
        }
    }

    /** Removes every log folder but the {@link #KEEP} written last. */
    private void prune() throws IOException {
        List<Path> folders;
        try (Stream<Path> list = Files.list(root)) {
            folders = new ArrayList<>(list.filter(Files::isDirectory).toList());
        }
        folders.sort(Comparator.comparing(FailedSessionLogs::modified).thenComparing(Path::toString).reversed());
        for (Path old : folders.subList(Math.min(KEEP, folders.size()), folders.size())) {
            try {
                SessionWorkDir.deleteTree(old);
            } catch (IOException e) {
                log.warn("cannot remove old session logs {}: {}", old, e.toString());
            }
        }
    }

    private static FileTime modified(Path p) {
        try {
            return Files.getLastModifiedTime(p);
        } catch (IOException e) {
            return FileTime.fromMillis(0);
        }
    }

    private static long size(Path p) {
        try {
            return Files.size(p);
        } catch (IOException e) {
            return 0;
        }
    }
}
