package live.recbot.capture;

/** How much later than captured the sound is stamped, to meet its picture. */
@FunctionalInterface
public interface SoundDelay {
    /** With no picture to meet, the sound keeps the time it was captured at. */
    SoundDelay NONE = () -> 0;

    long soundDelayMicros();

    /**
     * Counts the changes of the delay that are taken at once: the sound is cut to the new delay
     * rather than steered to it when this moves.
     */
    default long jumps() {
        return 0;
    }
}
