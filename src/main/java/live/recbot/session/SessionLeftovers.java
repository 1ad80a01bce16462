package live.recbot.session;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.Optional;
import live.recbot.config.RecbotConfig;
import live.recbot.core.Redactor;
import live.recbot.status.StatusReporter;
import live.recbot.upload.Manifest;
import live.recbot.upload.ObjectStore;
import live.recbot.upload.RecordingUploader;
import live.recbot.upload.SessionUpload;
import live.recbot.upload.UploadOutcome;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What an ended session leaves in the output directory, tidied apart from running it: a failed
 * session's empty outputs removed and helper logs kept, a recording uploaded.
 */
final class SessionLeftovers {
    // The session's logger: these are the session's closing lines.
    private static final Logger log = LoggerFactory.getLogger(RecordingSession.class);

    private final RecbotConfig config;
    private final Redactor redactor;
    private final Clock clock;
    private final StatusReporter status;
    private final Optional<Path> recordingFile;
    private final Optional<Path> hlsPlaylist;
    private final String logsName;

    SessionLeftovers(RecbotConfig config, Redactor redactor, Clock clock, StatusReporter status,
                     Optional<Path> recordingFile, Optional<Path> hlsPlaylist, String logsName) {
        this.config = config;
        this.redactor = redactor;
        this.clock = clock;
        this.status = status;
        this.recordingFile = recordingFile;
        this.hlsPlaylist = hlsPlaylist;
        this.logsName = logsName;
    }

    /**
     * After a failure: no empty recording or HLS folder is left, and the helper logs of
     * {@code workDir} are kept under the output directory; where, if they could be.
     */
    Optional<Path> failed(Path workDir) {
        removeEmptyRecording();
        removeEmptyHls();
        return keepLogs(workDir);
    }

    /**
     * Uploads the finalised recording, if an upload is configured and anything was recorded; it
     * comes before the final status, which says where the recording went.
     */
    Optional<UploadOutcome> upload(Ending ending, StopSignal stop, Instant mediaStarted) {
        Optional<Path> file = recordingFile.filter(SessionLeftovers::hasData);
        if (config.upload().isEmpty() || file.isEmpty()) {
            return Optional.empty();
        }
        String reason = (ending instanceof Ending.Failed ? EndReason.FAILED : stop.reason()).label();
        Manifest draft = Manifest.draft(config.recording().meetingUrl(), status.current(), mediaStarted,
                clock.instant(), reason);
        return Optional.of(new SessionUpload(config.upload().get(), status,
                () -> ObjectStore.fromEnvironment(System.getenv()), RecordingUploader.PART_SIZE).run(file.get(), draft));
    }

    private static boolean hasData(Path file) {
        try {
            return Files.size(file) > 0;
        } catch (IOException e) {
            return false;
        }
    }

    /** A session that failed before writing anything leaves no empty file named like a recording. */
    private void removeEmptyRecording() {
        if (recordingFile.isEmpty()) {
            return;
        }
        Path file = recordingFile.get();
        try {
            if (Files.size(file) == 0 && Files.deleteIfExists(file)) {
                status.recordingRemoved();
                log.info("nothing was recorded; the empty recording file {} was removed", file.getFileName());
            }
        } catch (IOException e) {
            log.debug("the recording file was not checked: {}", e.toString());
        }
    }

    /** Likewise an HLS folder with nothing in it. */
    private void removeEmptyHls() {
        hlsPlaylist.map(Path::getParent).ifPresent(dir -> {
            try {
                Files.delete(dir);
                log.info("nothing was recorded; the empty HLS folder {} was removed", dir.getFileName());
            } catch (IOException e) {
                log.debug("the HLS folder was kept: {}", e.toString());
            }
        });
    }

    private Optional<Path> keepLogs(Path workDir) {
        try {
            return Optional.of(new FailedSessionLogs(config.outputDir(), redactor).keep(workDir, logsName));
        } catch (IOException | RuntimeException e) {
            log.warn("logs of the browser, X server and audio server not kept: cannot write them under {}: {}",
                    config.outputDir(), e.toString());
            return Optional.empty();
        }
    }
}
