package live.recbot.encode;

/**
 * Which slot of the video's time base (one tick per picture) each captured image takes. The grabs
 * are paced on the capture's schedule, so an image normally lands in the slot after the last one.
 * An image up to a whole slot late still takes that next slot rather than the one its time rounds
 * to: rounded, it would take the slot of the on-time grab after it, which would then have to go
 * one slot later, and every picture after it with it, so that the picture would stay a slot or two
 * behind the sound for the rest of the session. An image more than half a slot too early for the
 * next free slot is left out; slots a stall skipped stay empty, and the first image after one
 * takes the slot its time rounds to. No image is placed more than half a slot before its time
 * twice in a row, nor ever more than half a slot after it, so the schedule cannot drift away from
 * the sound. Confined to the encoder's thread.
 */
final class FrameSlots {
    /** Returned for an image that takes no slot. */
    static final long NONE = -1;
    private final long slotMicros;
    private long last = Long.MIN_VALUE;
    private boolean lastPulledBack;

    /** @param slotMicros one tick of the video's time base */
    FrameSlots(long slotMicros) {
        this.slotMicros = slotMicros;
    }

    /** The slot of an image captured at {@code sessionMicros}, or {@link #NONE} to leave it out. */
    long place(long sessionMicros) {
        long nearest = Math.round((double) sessionMicros / slotMicros);
        if (last == Long.MIN_VALUE) {
            return nearest < 0 ? NONE : take(nearest, sessionMicros);
        }
        long next = last + 1;
        // How much later than its capture the next free slot is.
        long ahead = next * slotMicros - sessionMicros;
        if (ahead > slotMicros / 2) {
            return NONE;
        }
        boolean pulledBackAgain = lastPulledBack && ahead < -slotMicros / 2;
        return ahead >= -slotMicros && !pulledBackAgain ? take(next, sessionMicros) : take(nearest, sessionMicros);
    }

    private long take(long slot, long sessionMicros) {
        lastPulledBack = slot * slotMicros - sessionMicros < -slotMicros / 2;
        last = slot;
        return slot;
    }
}
