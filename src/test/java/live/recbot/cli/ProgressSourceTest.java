package live.recbot.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import live.recbot.cli.ProgressReading.Output;
import live.recbot.cli.ProgressReading.State;
import live.recbot.metrics.Meters;
import live.recbot.metrics.Metrics;
import live.recbot.status.RoomStatus;
import live.recbot.status.StatusDocument;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The line reads the controlled session's meters from the worker's real registry, and the room's states. */
class ProgressSourceTest {
    private final Metrics metrics = Metrics.start();
    private final RoomStatus room = new RoomStatus(Clock.systemUTC(), null, 0, 0);
    private final ProgressSource source = new ProgressSource(metrics, room);

    @AfterEach
    void close() {
        metrics.close();
        room.close();
    }

    @Test
    void readsTheControlledSessionsMetersAndTheRoomsOutputs() {
        Meters controlled = metrics.session("controlled");
        controlled.counter(ProgressSource.ENCODED, "frames", "Pictures encoded", () -> 90);
        controlled.gauge(ProgressSource.SOUND_DELAY, "seconds", "A/V delay", () -> 0.125);
        controlled.counter(ProgressSource.BYTES, "bytes", "Encoded", () -> 4000);
        metrics.session("archival").counter(ProgressSource.ENCODED, "frames", "Pictures encoded", () -> 7);
        await().atMost(Duration.ofSeconds(10)).until(() -> metrics.registry().isPresent());
        Instant t = Instant.parse("2026-01-01T00:00:00Z");
        room.controlled(new StatusDocument(
                new StatusDocument.RtmpStreamingState(true, null, t, List.of(
                        new StatusDocument.Output("rtmp://a/live/****", true, null, 0),
                        new StatusDocument.Output("rtmp://b/live/****", false,
                                new StatusDocument.Error("rtmp-output-down", "connection refused"), 3))),
                new StatusDocument.BrowserRecordingState(true, null, t, "/out/r.mp4"),
                StatusDocument.ServerRecordingState.IDLE, "http://meet/", null, null, t));

        ProgressReading r = source.read(5, Duration.ofSeconds(2));

        assertThat(r.framesEncoded()).isEqualTo(90);
        assertThat(r.soundDelaySeconds()).isEqualTo(0.125);
        assertThat(r.bytesEncoded()).isEqualTo(4000);
        assertThat(r.outputs()).containsExactly(new Output("file", State.UP), new Output("rtmp-0", State.UP),
                new Output("rtmp-1", State.RECONNECTING));

        // Stopping: the file was finished, the session has not reported its end yet.
        room.controlled(new StatusDocument(new StatusDocument.RtmpStreamingState(false, null, null, List.of(
                        new StatusDocument.Output("rtmp://a/live/****", false, null, 0),
                        new StatusDocument.Output("rtmp://b/live/****", false, null, 0))),
                new StatusDocument.BrowserRecordingState(false, null, null, "/out/r.mp4"),
                StatusDocument.ServerRecordingState.IDLE, "http://meet/", null, null, t));
        assertThat(source.read(6, Duration.ofSeconds(3)).outputs()).containsExactly(new Output("file", State.ENDED),
                new Output("rtmp-0", State.ENDED), new Output("rtmp-1", State.STARTING));
    }

    @Test
    void beforeAnySessionThereIsNothingToShow() {
        ProgressReading r = source.read(5, Duration.ofSeconds(2));

        assertThat(r.framesEncoded()).isNaN();
        assertThat(r.soundDelaySeconds()).isNaN();
        assertThat(r.bytesEncoded()).isNaN();
        assertThat(r.outputs()).isEmpty();
    }
}
