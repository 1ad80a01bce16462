package live.recbot.session;

import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import live.recbot.config.HMSRecordingConfig;
import live.recbot.core.ErrorCode;
import live.recbot.core.RecbotError;

/**
 * Names recordings {@code <prefix>-<UTC time>[-n].mp4}, or {@code .m4a} for the sound alone, and HLS
 * folders the same with {@code -hls}, and
 * claims the name before anything starts.
 */
final class RecordingFiles {
    private static final DateTimeFormatter FILE_TIME = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss")
            .withZone(ZoneOffset.UTC);
    private static final int MAX_SAME_NAME = 1000;

    private RecordingFiles() {
    }

    /** The file's extension, with its dot: {@code .m4a} for the sound alone, else {@code .mp4}. */
    static String extension(HMSRecordingConfig recording) {
        return recording.audioOnly() ? ".m4a" : ".mp4";
    }

    /** A recording's file name without its extension. */
    static String baseName(String fileName) {
        return fileName.replaceFirst("\\.(mp4|m4a)$", "");
    }

    /** Creates an empty file of a name nobody has in {@code dir}, creating {@code dir} if needed. */
    static Path reserve(Path dir, String prefix, String extension, Instant now) throws SessionException {
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw unusable("cannot create the output directory " + dir + ": " + e.getClass().getSimpleName());
        }
        String base = prefix + "-" + FILE_TIME.format(now);
        for (int i = 0; i < MAX_SAME_NAME; i++) {
            Path candidate = dir.resolve(base + (i == 0 ? "" : "-" + i) + extension);
            try {
                // Never overwrite an earlier recording: claim a name nobody has.
                return Files.createFile(candidate);
            } catch (FileAlreadyExistsException e) {
                continue;
            } catch (IOException e) {
                throw unusable("cannot write to the output directory " + dir + ": " + e.getClass().getSimpleName());
            }
        }
        throw unusable("too many recordings named " + base + "* in " + dir);
    }

    /**
     * Creates an empty folder {@code <base>-hls} (or {@code <base>-n-hls}) nobody has in {@code dir} for an HLS
     * rendition and returns its playlist's path, {@code index.m3u8} in it.
     */
    static Path reserveHls(Path dir, String base) throws SessionException {
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw unusable("cannot create the output directory " + dir + ": " + e.getClass().getSimpleName());
        }
        for (int i = 0; i < MAX_SAME_NAME; i++) {
            Path candidate = dir.resolve(base + (i == 0 ? "" : "-" + i) + "-hls");
            try {
                return Files.createDirectory(candidate).resolve("index.m3u8");
            } catch (FileAlreadyExistsException e) {
                continue;
            } catch (IOException e) {
                throw unusable("cannot write to the output directory " + dir + ": " + e.getClass().getSimpleName());
            }
        }
        throw unusable("too many HLS folders named " + base + "* in " + dir);
    }

    private static SessionException unusable(String message) {
        return new SessionException(new RecbotError.HostError(ErrorCode.OUTPUT_DIR_UNUSABLE, message, false));
    }
}
