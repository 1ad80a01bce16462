package live.recbot.proc;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Optional;

/**
 * The TMPDIR of a session's helpers, where Chromium and the others put their sockets and scratch
 * files: {@code tmp} inside the session's directory, or, when that is too deep for a socket's path,
 * a short folder of the session's own under {@code /tmp}. Either way the session removes it with
 * its directory, since a killed helper removes nothing.
 */
public final class HelperTmpDir {
    /** The folder inside the session's directory. */
    static final String INSIDE = "tmp";
    /** The longest path a unix socket can have (sun_path holds 108 bytes with the final NUL). */
    private static final int MAX_SOCKET_PATH = 107;
    /** What a helper adds to TMPDIR for a socket: Chromium's "/org.chromium.Chromium.XXXXXX/SingletonSocket". */
    private static final int SOCKET_NAME_ROOM = 48;
    private static final Path SHORT_ROOT = Path.of("/tmp");
    private static final String SHORT_PREFIX = "recbot-tmp-";

    private HelperTmpDir() {
    }

    /** The helpers' TMPDIR for the session directory {@code session}; a pure function of its path. */
    public static Path of(Path session) {
        Path inside = session.resolve(INSIDE);
        if (fitsSocket(inside)) {
            return inside;
        }
        return SHORT_ROOT.resolve(SHORT_PREFIX + digest(session.toAbsolutePath().normalize().toString()));
    }

    /**
     * Creates the helpers' TMPDIR, readable by its owner only; empty when it cannot be made safely
     * (a short folder that exists but is not this user's own directory), and the helpers then keep
     * the TMPDIR they inherit.
     */
    static Optional<Path> create(Path session) throws IOException {
        Path dir = of(session);
        if (!fitsSocket(dir)) {
            return Optional.empty();
        }
        if (dir.startsWith(session)) {
            return Optional.of(Files.createDirectories(dir));
        }
        try {
            Files.createDirectory(dir, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        } catch (FileAlreadyExistsException e) {
            // Made by another helper of the same session, or by someone else: only the first is used.
            boolean ours = Files.isDirectory(dir, LinkOption.NOFOLLOW_LINKS)
                    && Files.getOwner(dir, LinkOption.NOFOLLOW_LINKS).getName().equals(System.getProperty("user.name"));
            if (!ours) {
                return Optional.empty();
            }
        } catch (IOException e) {
            return Optional.empty();
        }
        return Optional.of(dir);
    }

    private static boolean fitsSocket(Path dir) {
        return dir.toString().length() + SOCKET_NAME_ROOM <= MAX_SOCKET_PATH;
    }

    private static String digest(String path) {
        try {
            byte[] hash = MessageDigest.getInstance("SHA-256").digest(path.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(hash, 0, 8);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }
}
