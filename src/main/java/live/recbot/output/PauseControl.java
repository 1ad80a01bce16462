package live.recbot.output;

/**
 * Pauses and resumes what one output writes. Asked from any thread; its output's thread reads it
 * for every packet ({@link PausedSpans}). A resume asks the encoder for a keyframe, so the output
 * goes on within a picture rather than at the next scheduled keyframe. A pause may also hold the
 * streams: the encode then shows a still picture and silence until the resume.
 */
public final class PauseControl {
    /** What a pause needs of the one encode. */
    public interface Encode {
        void askForKeyframe();

        /** Encodes the still picture and silence instead of what is captured, or stops doing so. */
        void standIn(boolean on);

        /** Session time in microseconds of the last still picture encoded; MIN_VALUE if none. */
        long standInUntilMicros();
    }

    private static final Encode NONE = new Encode() {
        @Override
        public void askForKeyframe() {
        }

        @Override
        public void standIn(boolean on) {
        }

        @Override
        public long standInUntilMicros() {
            return Long.MIN_VALUE;
        }
    };

    private volatile boolean paused;
    private boolean holdingStreams;
    /** Pauses asked so far: a pause and resume between two packets is still a pause. */
    private volatile long pauses;
    private volatile Encode encode = NONE;

    /** Set once the encoders exist. */
    public void attach(Encode encode) {
        this.encode = encode;
    }

    /** False, changing nothing, if already paused; {@code streams} holds the streams too. */
    public synchronized boolean pause(boolean streams) {
        if (paused) {
            return false;
        }
        pauses++;
        paused = true;
        // After the pause, so no still picture reaches this output.
        if (streams) {
            holdingStreams = true;
            encode.standIn(true);
        }
        return true;
    }

    /** False, changing nothing, if not paused. */
    public synchronized boolean resume() {
        if (!paused) {
            return false;
        }
        if (holdingStreams) {
            holdingStreams = false;
            encode.standIn(false);
        }
        paused = false;
        encode.askForKeyframe();
        return true;
    }

    public boolean paused() {
        return paused;
    }

    long pauses() {
        return pauses;
    }

    /** Session time of the last still picture: a keyframe up to then is not the meeting's. */
    long standInUntilMicros() {
        return encode.standInUntilMicros();
    }
}
