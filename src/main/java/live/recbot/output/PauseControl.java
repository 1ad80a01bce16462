package live.recbot.output;

/**
 * Pauses and resumes what one output writes. Asked from any thread; its output's thread reads it
 * for every packet ({@link PausedSpans}). A resume asks the encoder for a keyframe, so the output
 * goes on within a picture rather than at the next scheduled keyframe.
 */
public final class PauseControl {
    private volatile boolean paused;
    /** Pauses asked so far: a pause and resume between two packets is still a pause. */
    private volatile long pauses;
    private volatile Runnable keyframe = () -> {
    };

    /** What a resume runs to get a keyframe soon; set once the encoder exists. */
    public void onResume(Runnable askForKeyframe) {
        keyframe = askForKeyframe;
    }

    /** False, changing nothing, if already paused. */
    public synchronized boolean pause() {
        if (paused) {
            return false;
        }
        pauses++;
        paused = true;
        return true;
    }

    /** False, changing nothing, if not paused. */
    public synchronized boolean resume() {
        if (!paused) {
            return false;
        }
        paused = false;
        keyframe.run();
        return true;
    }

    public boolean paused() {
        return paused;
    }

    long pauses() {
        return pauses;
    }
}
