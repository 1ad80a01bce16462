package live.recbot.status;

import java.time.Clock;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The room's three states for a worker that may run two sessions: the one start/stop controls
 * (streaming and browser recording) and the archival one (server recording). Each session's
 * reporter feeds its latest document here; this is the document the status file, the API, the
 * event stream and webhooks see. Listeners run on this object's own thread, in order, and only
 * when something other than the time stamp changed.
 */
public final class RoomStatus implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(RoomStatus.class);
    private final Clock clock;
    private final ExecutorService dispatcher;
    private StatusDocument controlled;
    private StatusDocument archival;
    private StatusDocument current;
    private long sequence;

    /** Before any session: nothing runs, nothing failed. */
    public RoomStatus(Clock clock, String meetingUrl, int width, int height) {
        this.clock = clock;
        this.dispatcher = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "recbot-room-status");
            t.setDaemon(true);
            return t;
        });
        this.controlled = new StatusDocument(
                new StatusDocument.RtmpStreamingState(false, null, null, List.of()),
                new StatusDocument.BrowserRecordingState(false, null, null, null),
                StatusDocument.ServerRecordingState.IDLE, meetingUrl,
                width > 0 ? new StatusDocument.Resolution(width, height) : null, null, clock.instant());
        this.current = controlled;
    }

    /** A status document with its place in the sequence of changes (1, 2, ...). */
    public record Change(long sequence, StatusDocument status) {
    }

    @FunctionalInterface
    public interface ChangeListener {
        void onChange(Change change);
    }

    private final List<ChangeListener> changeListeners = new CopyOnWriteArrayList<>();

    /** Adds a listener; the current state is delivered to it first. */
    public synchronized void addChangeListener(ChangeListener listener) {
        changeListeners.add(listener);
        Change snapshot = new Change(sequence, current);
        dispatcher.execute(() -> deliver(() -> listener.onChange(snapshot)));
    }

    public void removeChangeListener(ChangeListener listener) {
        changeListeners.remove(listener);
    }

    public synchronized StatusDocument current() {
        return current;
    }

    /** The latest document of the session that start/stop control. */
    public synchronized void controlled(StatusDocument doc) {
        controlled = doc;
        update();
    }

    /** The latest document of the archival session. */
    public synchronized void archival(StatusDocument doc) {
        archival = doc;
        update();
    }

    private void update() {
        StatusDocument.ServerRecordingState server = StatusDocument.ServerRecordingState.IDLE;
        if (archival != null) {
            server = StatusDocument.ServerRecordingState.of(archival.browserRecordingState());
        }
        StatusDocument c = controlled;
        boolean idle = c.meetingUrl() == null && archival != null;
        StatusDocument next = new StatusDocument(c.rtmpStreamingState(), c.browserRecordingState(), server,
                c.hlsRecordingState(), idle ? archival.meetingUrl() : c.meetingUrl(), idle ? archival.resolution() : c.resolution(),
                c.endReason(), clock.instant(), c.logs());
        if (sameApartFromTime(next, current)) {
            return;
        }
        current = next;
        Change change = new Change(++sequence, next);
        // Queued under the lock, so every listener sees the changes in order.
        for (ChangeListener l : changeListeners) {
            dispatcher.execute(() -> deliver(() -> l.onChange(change)));
        }
    }

    private static boolean sameApartFromTime(StatusDocument a, StatusDocument b) {
        return Objects.equals(a.rtmpStreamingState(), b.rtmpStreamingState())
                && Objects.equals(a.browserRecordingState(), b.browserRecordingState())
                && Objects.equals(a.serverRecordingState(), b.serverRecordingState())
                && Objects.equals(a.hlsRecordingState(), b.hlsRecordingState())
                && Objects.equals(a.meetingUrl(), b.meetingUrl())
                && Objects.equals(a.resolution(), b.resolution())
                && Objects.equals(a.endReason(), b.endReason())
                && Objects.equals(a.logs(), b.logs());
    }

    private static void deliver(Runnable r) {
        try {
            r.run();
        } catch (RuntimeException e) {
            log.warn("status listener failed: {}", e.toString());
        }
    }

    /** Delivers what is queued (bounded), then stops the dispatcher thread. */
    @Override
    public void close() {
        dispatcher.shutdown();
        try {
            if (!dispatcher.awaitTermination(5, TimeUnit.SECONDS)) {
                dispatcher.shutdownNow();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            dispatcher.shutdownNow();
        }
    }
}
