package live.recbot.session;

import java.util.Optional;
import live.recbot.core.ErrorCode;
import live.recbot.output.PauseControl;
import live.recbot.status.StatusReporter;

/**
 * One recording's pause and resume: whether either is allowed now, the file output's pause, and
 * the state published for it. It keeps its own state rather than reading the published status.
 */
final class PauseSwitch {
    /** Why a pause or resume was refused: {@code code} and a message for the caller. */
    record Refusal(ErrorCode code, String message) {
    }

    private final PauseControl control;
    private final StatusReporter status;
    private final boolean soundAlone;
    private boolean paused;

    PauseSwitch(PauseControl control, StatusReporter status, boolean soundAlone) {
        this.control = control;
        this.status = status;
        this.soundAlone = soundAlone;
    }

    /**
     * Pauses the recording file while {@code recording}; the streams go on, showing a still picture
     * and silence until the resume if {@code streams}. Empty once paused, else why not.
     */
    synchronized Optional<Refusal> pause(boolean streams, boolean recording) {
        if (soundAlone) {
            // The file's pause resumes on a video keyframe, which a recording of the sound alone has none of.
            return refused(ErrorCode.INVALID_CONFIG, "audioOnly: a recording of the sound alone cannot be paused");
        }
        if (paused) {
            return refused(ErrorCode.ALREADY_PAUSED, "the recording is paused already");
        }
        if (!recording) {
            return refused(ErrorCode.NOT_RUNNING, "the recording is not running; only a started recording can be paused");
        }
        control.pause(streams);
        paused = true;
        status.paused(true);
        return Optional.empty();
    }

    /** Resumes a paused recording at the next picture, a keyframe. Empty once resumed, else why not. */
    synchronized Optional<Refusal> resume() {
        if (!paused) {
            return refused(ErrorCode.NOT_PAUSED, "the recording is not paused");
        }
        control.resume();
        paused = false;
        status.paused(false);
        return Optional.empty();
    }

    private static Optional<Refusal> refused(ErrorCode code, String message) {
        return Optional.of(new Refusal(code, message));
    }
}
