package live.recbot.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import live.recbot.status.RoomStatus;
import live.recbot.status.StatusDocument;
import org.junit.jupiter.api.Test;

/** The room's three SDK states and the worker's busy flag, as a scrape reads them. */
class WorkerMetersTest {
    private static final Instant NOW = Instant.parse("2026-11-24T02:10:31Z");

    @Test
    void eachSdkStateIsRunningAndErrorGaugesReadAtScrapeTime() {
        AtomicBoolean busy = new AtomicBoolean();
        AtomicBoolean warm = new AtomicBoolean();
        try (Metrics metrics = Metrics.start(); RoomStatus room = new RoomStatus(Clock.systemUTC(), null, 0, 0)) {
            WorkerMeters.bind(metrics.worker(), room, busy::get, warm::get);
            String idle = metrics.scrape();
            assertThat(idle).contains("recbot_worker_busy 0.0\n").contains("recbot_worker_warm 0.0\n");
            for (String state : List.of("rtmpStreamingState", "browserRecordingState", "serverRecordingState")) {
                assertThat(idle).contains("recbot_state_running{state=\"" + state + "\"} 0.0\n")
                        .contains("recbot_state_error{state=\"" + state + "\"} 0.0\n");
            }

            busy.set(true);
            warm.set(true);
            room.controlled(document(true, new StatusDocument.Error("recording-write-failed", "disk full")));
            room.archival(document(false, null));
            String text = metrics.scrape();

            assertThat(text).contains("recbot_worker_busy 1.0\n").contains("recbot_worker_warm 1.0\n")
                    .contains("recbot_state_running{state=\"rtmpStreamingState\"} 1.0\n")
                    .contains("recbot_state_error{state=\"rtmpStreamingState\"} 0.0\n")
                    .contains("recbot_state_running{state=\"browserRecordingState\"} 0.0\n")
                    .contains("recbot_state_error{state=\"browserRecordingState\"} 1.0\n")
                    .contains("recbot_state_running{state=\"serverRecordingState\"} 1.0\n")
                    .contains("recbot_state_error{state=\"serverRecordingState\"} 0.0\n");
        }
    }

    /** A session's document: streaming as given; its browser recording failed with {@code fileError}, or runs. */
    private static StatusDocument document(boolean streaming, StatusDocument.Error fileError) {
        return new StatusDocument(new StatusDocument.RtmpStreamingState(streaming, null, streaming ? NOW : null, List.of()),
                new StatusDocument.BrowserRecordingState(fileError == null, fileError, null, "/tmp/r.mp4"),
                StatusDocument.ServerRecordingState.IDLE, "https://meet.example/room?***",
                new StatusDocument.Resolution(320, 180), null, NOW);
    }
}
