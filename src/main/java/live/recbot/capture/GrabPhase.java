package live.recbot.capture;

import java.time.Duration;
import java.util.concurrent.locks.LockSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.event.Level;

/**
 * When the screen is grabbed: every interval on the monotonic clock, the browser's frame clock's.
 * Chromium draws a new picture every other tick of that clock, so a grab that falls where its
 * pictures change finds the old one now and then and the next one twice; such grabs move half a
 * browser frame later, halfway between the instants a picture can change on either tick, and back
 * should the browser's timing move there (docs/architecture.md, record 31).
 */
final class GrabPhase {
    private static final Logger log = LoggerFactory.getLogger(GrabPhase.class);
    /** One second of grabs. */
    static final int WINDOW = 30;
    /** This many pictures grabbed twice in a window mean the grab sits where pictures change. */
    static final int REPEATS = 3;
    /**
     * More than this many mean a page that stopped drawing (hung, or not drawing the stamp's
     * frames): no grab's moment would find new pictures, so the grab stays.
     */
    static final int MAX_REPEATS = WINDOW / 2;
    private final long intervalNanos;
    private final long shiftNanos;
    /** The move as the log says it, made once. */
    private final String shiftText;
    private final boolean[] repeated = new boolean[WINDOW];
    private int next;
    private int repeats;
    private int sinceMove;
    private boolean moved;
    private long dueNanos;
    private boolean started;
    private long moves;

    /** {@code browserFrame}: one tick of the browser's clock; the grab moves by half of it. */
    GrabPhase(Duration interval, Duration browserFrame) {
        this.intervalNanos = interval.toNanos();
        this.shiftNanos = browserFrame.toNanos() / 2;
        this.shiftText = String.format("%.1f ms", shiftNanos / 1e6);
    }

    /** Waits until the next grab is due. */
    void awaitNext() {
        long now = System.nanoTime();
        if (!started) {
            started = true;
            dueNanos = now;
            return;
        }
        dueNanos = nextDue(dueNanos, now, intervalNanos);
        for (long wait = dueNanos - now; wait > 0; wait = dueNanos - System.nanoTime()) {
            LockSupport.parkNanos(wait);
        }
    }

    /**
     * The grab after one due at {@code due}: at once when it is late, at the last grab due by
     * now. After a stall, the grabs it missed are left out rather than made in a burst, and the
     * schedule keeps its phase: the one found against the browser's frames, and the one the
     * encoder's picture slots follow.
     */
    static long nextDue(long due, long now, long interval) {
        long next = due + interval;
        return now <= next ? next : next + (now - next) / interval * interval;
    }

    /** When the grab last waited for was due, on the monotonic clock in microseconds. */
    long dueMicros() {
        return dueNanos / 1000;
    }

    /** Counts one grabbed picture, {@code again} when it was the previous grab's picture. */
    void picture(boolean again) {
        if (repeated[next]) {
            repeats--;
        }
        repeated[next] = again;
        if (again) {
            repeats++;
        }
        next = (next + 1) % WINDOW;
        if (++sinceMove >= 2 * WINDOW && repeats >= REPEATS && repeats <= MAX_REPEATS) {
            move();
        }
    }

    private void move() {
        dueNanos += moved ? -shiftNanos : shiftNanos;
        moved = !moved;
        moves++;
        String direction = moved ? "later" : "earlier again";
        // Once at info: a busy machine's late frames can move it every few seconds.
        log.atLevel(moves == 1 ? Level.INFO : Level.DEBUG).log(
                "{} of the last {} grabs found the picture of the grab before; grabbing {} {}", repeats, WINDOW,
                shiftText, direction);
        java.util.Arrays.fill(repeated, false);
        repeats = 0;
        sinceMove = 0;
    }

    /** How often the grab moved. */
    long moves() {
        return moves;
    }
}
