package live.recbot.metrics;

import java.util.function.BooleanSupplier;
import java.util.function.Function;
import live.recbot.status.RoomStatus;
import live.recbot.status.StatusDocument;

/**
 * The worker's own meters: the room's three states under the 100ms SDK's names, read from the
 * room's status document, whether the worker is busy, for a pool's autoscaler, and whether it is
 * warm (its next start only opens the meeting page).
 */
public final class WorkerMeters {
    private WorkerMeters() {
    }

    /** A state of the room: whether it runs, and whether it carries an error. */
    private record State(boolean running, boolean failed) {
    }

    /**
     * @param busy whether a start would find the worker taken: a session that start/stop control is
     *             starting or running (the archival recording does not count)
     * @param warm whether a warm stack is ready for the next start
     */
    public static void bind(Meters meters, RoomStatus room, BooleanSupplier busy, BooleanSupplier warm) {
        meters.gauge("recbot.worker.busy", null, "1 while a started session is starting or running, else 0",
                () -> busy.getAsBoolean() ? 1 : 0);
        meters.gauge("recbot.worker.warm", null, "1 while a warm stack is ready for the next start, else 0",
                () -> warm.getAsBoolean() ? 1 : 0);
        state(meters, room, "rtmpStreamingState", d -> new State(d.rtmpStreamingState().running(),
                d.rtmpStreamingState().error() != null));
        state(meters, room, "browserRecordingState", d -> new State(d.browserRecordingState().running(),
                d.browserRecordingState().error() != null));
        state(meters, room, "serverRecordingState", d -> new State(d.serverRecordingState().running(),
                d.serverRecordingState().error() != null));
    }

    private static void state(Meters meters, RoomStatus room, String name, Function<StatusDocument, State> of) {
        meters.gauge("recbot.state.running", null, "1 while the room's state (the SDK's name) is running, else 0",
                () -> of.apply(room.current()).running() ? 1 : 0, "state", name);
        meters.gauge("recbot.state.error", null, "1 while the room's state (the SDK's name) carries an error, else 0",
                () -> of.apply(room.current()).failed() ? 1 : 0, "state", name);
    }
}
