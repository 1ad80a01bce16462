package live.recbot.encode;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class FrameSlotsTest {
    /** The capture's interval: one tick of the video's time base. */
    private static final long SLOT = 33_332;

    @Test
    void grabsOnTheScheduleTakeOneSlotEachDespiteJitter() {
        assertThat(place(0, SLOT + 900, 2 * SLOT - 700, 3 * SLOT + 40)).containsExactly(0L, 1L, 2L, 3L);
    }

    @Test
    void aGrabUpToASlotLateTakesTheNextSlotAndTheScheduleStaysWithTheSound() {
        // The third grab is 25 ms late: rounded, it would take slot 3, push the on-time fourth grab
        // to slot 4 and every later picture a slot behind its time, for good.
        assertThat(place(0, SLOT, 2 * SLOT + 25_000, 3 * SLOT, 4 * SLOT, 5 * SLOT))
                .containsExactly(0L, 1L, 2L, 3L, 4L, 5L);
        // Two such grabs (a busy machine) leave no offset either.
        assertThat(place(0, SLOT + 20_000, 2 * SLOT, 3 * SLOT + 30_000, 4 * SLOT, 5 * SLOT))
                .containsExactly(0L, 1L, 2L, 3L, 4L, 5L);
    }

    @Test
    void aStallLeavesAGapAndTheScheduleHoldsAfterIt() {
        assertThat(place(0, SLOT, 3 * SLOT + 1_000, 4 * SLOT)).containsExactly(0L, 1L, 3L, 4L);
        // Due at slot 5, grabbed 0.8 slots late, it rounds to slot 6: the on-time grab due there is
        // left out, not pushed (with every picture after it) a slot later.
        assertThat(place(0, SLOT, 5 * SLOT + SLOT * 8 / 10, 6 * SLOT, 7 * SLOT))
                .containsExactly(0L, 1L, 6L, FrameSlots.NONE, 7L);
    }

    @Test
    void aScheduleThatMovedMostOfASlotLaterIsFollowedAfterOneGap() {
        // The grabs' schedule moved 0.7 slots later (stamped by their run time, not when they were due).
        long shift = SLOT * 7 / 10;
        List<Long> slots = place(0, SLOT, 2 * SLOT + shift, 3 * SLOT + shift, 4 * SLOT + shift, 5 * SLOT + shift);
        // The first late grab takes slot 2; from the next on, each sits within half a slot of its time.
        assertThat(slots).containsExactly(0L, 1L, 2L, 4L, 5L, 6L);
    }

    @Test
    void anImageTooEarlyForTheNextSlotIsLeftOut() {
        assertThat(place(0, SLOT, SLOT + 5, 2 * SLOT)).containsExactly(0L, 1L, FrameSlots.NONE, 2L);
        assertThat(place(-SLOT)).containsExactly(FrameSlots.NONE);
    }

    @Test
    void anEarlierScheduleWithinHalfASlotIsFollowed() {
        // The grab moved back by half a browser frame: a quarter of a slot earlier.
        long back = SLOT / 4;
        assertThat(place(0, SLOT, 2 * SLOT - back, 3 * SLOT - back)).containsExactly(0L, 1L, 2L, 3L);
    }

    private static List<Long> place(long... capturedMicros) {
        FrameSlots slots = new FrameSlots(SLOT);
        List<Long> out = new ArrayList<>();
        for (long micros : capturedMicros) {
            out.add(slots.place(micros));
        }
        return out;
    }
}
