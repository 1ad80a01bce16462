package live.recbot.session;

import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import live.recbot.browser.ChromiumBrowser;
import live.recbot.capture.PreviewTap;
import live.recbot.config.HMSRecordingConfig;
import live.recbot.config.HMSResolution;
import live.recbot.config.RecbotConfig;
import live.recbot.config.WorkerSettings;
import live.recbot.core.Redactor;
import live.recbot.encode.EncoderSettings;
import live.recbot.metrics.Meters;
import live.recbot.output.OutputTarget;
import live.recbot.output.PauseControl;
import live.recbot.output.RetryPolicy;
import live.recbot.status.StatusReporter;

/**
 * What one run of a session is made of: its configuration, working directory, outputs, status,
 * meters, the tap the API's preview asks for pictures and what pauses the recording file.
 */
record SessionPlan(RecbotConfig config, Path runDir, Optional<Path> recordingFile, Optional<Path> hlsPlaylist,
                   StatusReporter status, Redactor redactor, Clock clock, Meters meters, PreviewTap preview,
                   PauseControl pause) {
    /** Whether the picture is captured and encoded; false for the sound alone. */
    boolean video() {
        return !config.recording().audioOnly();
    }

    List<OutputTarget> targets() {
        return targets(config, recordingFile, hlsPlaylist, pause);
    }

    /** The recording file first, then the HLS rendition, then the RTMP outputs in the configured order. */
    static List<OutputTarget> targets(RecbotConfig config, Optional<Path> recordingFile, Optional<Path> hlsPlaylist) {
        return targets(config, recordingFile, hlsPlaylist, new PauseControl());
    }

    private static List<OutputTarget> targets(RecbotConfig config, Optional<Path> recordingFile,
                                              Optional<Path> hlsPlaylist, PauseControl pause) {
        HMSRecordingConfig rec = config.recording();
        List<OutputTarget> targets = new ArrayList<>();
        recordingFile.ifPresent(f -> targets.add(new OutputTarget.RecordingFile(f, pause)));
        hlsPlaylist.ifPresent(p -> targets.add(new OutputTarget.Hls(p, rec.hls().orElseThrow().segment())));
        for (int i = 0; i < rec.rtmpUrls().size(); i++) {
            targets.add(new OutputTarget.Rtmp(i, rec.rtmpUrls().get(i)));
        }
        return targets;
    }

    EncoderSettings encoderSettings() {
        return EncoderSettings.forResolution(config.recording().resolution(), ChromiumBrowser.FRAME_INTERVAL);
    }

    RetryPolicy retryPolicy() {
        return RetryPolicy.giveUpAfter(config.rtmpRetryTimeout());
    }

    /** The spec of a browser living in {@code dir}, on the session's display and sound server. */
    ChromiumBrowser.Spec browserSpec(Devices devices, Path dir) {
        return browserSpec(config.settings(), config.resolution(), devices, dir);
    }

    /** The spec of a browser for a session of {@code size} on a worker with {@code settings}. */
    static ChromiumBrowser.Spec browserSpec(WorkerSettings settings, HMSResolution size, Devices devices, Path dir) {
        return new ChromiumBrowser.Spec(size, devices.display(), devices.audio(), dir, settings.endCondition(),
                settings.pageLoadTimeout(), settings.allowedHosts().meeting(), settings.sandbox());
    }
}
