package live.recbot.capture;

/** How much later than captured the sound is stamped, to meet its picture. */
@FunctionalInterface
public interface SoundDelay {
    /** With no picture to meet, the sound keeps the time it was captured at. */
    SoundDelay NONE = () -> 0;

    long soundDelayMicros();
}
