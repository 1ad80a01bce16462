package live.recbot.core;

import java.util.Locale;

/**
 * Every error code recbot reports: in the status document, in API answers and on stderr. The wire
 * form is the constant's name in lower case with hyphens ({@code OUTPUT_DIR_UNUSABLE} is
 * {@code output-dir-unusable}); README's faults table lists what each means.
 */
public enum ErrorCode {
    // Configuration and the control API.
    INVALID_CONFIG,
    ALREADY_RUNNING,
    NOT_RUNNING,
    ALREADY_PAUSED,
    NOT_PAUSED,
    SHUTTING_DOWN,
    NOT_FOUND,
    METHOD_NOT_ALLOWED,
    READ_ONLY,
    UNAUTHORIZED,
    TOO_MANY_CONNECTIONS,
    TOO_MANY_CLIENTS,
    REQUEST_TIMEOUT,
    REQUEST_TOO_LARGE,
    LENGTH_REQUIRED,
    START_TIMEOUT,
    STOP_TIMEOUT,
    ENDED,
    INTERNAL,
    INTERRUPTED,
    // The host.
    OUTPUT_DIR_UNUSABLE,
    TMP_UNUSABLE,
    ENCODER_UNAVAILABLE,
    BROWSER_MISSING,
    XVFB_MISSING,
    XVFB_FAILED,
    PULSEAUDIO_MISSING,
    PULSEAUDIO_FAILED,
    // The session.
    BROWSER_START_FAILED,
    BROWSER_LOST,
    BROWSER_RECOVERY_FAILED,
    PAGE_LOAD_TIMEOUT,
    PAGE_UNREACHABLE,
    PAGE_HTTP_ERROR,
    VIDEO_CAPTURE_FAILED,
    AUDIO_CAPTURE_FAILED,
    CAPTURE_START_TIMEOUT,
    DISPLAY_LOST,
    AUDIO_LOST,
    ALL_OUTPUTS_FAILED,
    // One output.
    RECORDING_WRITE_FAILED,
    RECORDING_FILE_REMOVED,
    RTMP_OUTPUT_DOWN,
    RTMP_OUTPUT_GAVE_UP,
    RTMP_PUBLISH_REJECTED,
    // The upload of a finalised recording.
    UPLOAD_FAILED,
    UPLOAD_DENIED,
    UPLOAD_BUCKET_MISSING;

    private final String wire = name().toLowerCase(Locale.ROOT).replace('_', '-');

    /** The code as it is written in JSON and messages. */
    public String wire() {
        return wire;
    }

    @Override
    public String toString() {
        return wire;
    }
}
