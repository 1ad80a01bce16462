package live.recbot.cli;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import live.recbot.metrics.Metrics;
import live.recbot.status.RoomStatus;
import live.recbot.status.StatusDocument;
import live.recbot.status.StatusReporter;

/**
 * Reads the progress line's figures from the meters {@code /metrics} serves and the states from
 * the room's status, once a second: nothing on the media path runs for the line.
 */
final class ProgressSource {
    /** The names and labels the session registers its meters under (session.MediaMeters, Worker). */
    static final String ENCODED = "recbot.video.encoded";
    static final String SOUND_DELAY = "recbot.sound.delay";
    static final String BYTES = "recbot.encoded";
    static final String CONTROLLED = "controlled";

    private final Metrics metrics;
    private final RoomStatus room;
    /** Outputs seen up: one down without an error since has ended, not yet to start. Read on one thread only. */
    private final Set<String> wereUp = new HashSet<>();

    ProgressSource(Metrics metrics, RoomStatus room) {
        this.metrics = metrics;
        this.room = room;
    }

    ProgressReading read(long nanos, Duration elapsed) {
        Optional<MeterRegistry> registry = metrics.registry();
        double frames = registry.map(r -> r.find(ENCODED).tag(Metrics.SESSION, CONTROLLED).functionCounter())
                .map(FunctionCounter::count).orElse(Double.NaN);
        double delay = registry.map(r -> r.find(SOUND_DELAY).tag(Metrics.SESSION, CONTROLLED).gauge())
                .map(Gauge::value).orElse(Double.NaN);
        double bytes = registry.map(r -> r.find(BYTES).tag(Metrics.SESSION, CONTROLLED).functionCounter())
                .map(FunctionCounter::count).orElse(Double.NaN);
        return new ProgressReading(nanos, elapsed, frames, bytes, delay, outputs(room.current()));
    }

    /** The session's outputs as the room shows them; none before the session reports. */
    private List<ProgressReading.Output> outputs(StatusDocument doc) {
        boolean ended = doc.endReason() != null;
        List<ProgressReading.Output> outputs = new ArrayList<>();
        StatusDocument.BrowserRecordingState file = doc.browserRecordingState();
        if (file.file() != null) {
            outputs.add(output(StatusReporter.FILE, file.running(), file.error() != null, 0, ended));
        }
        List<StatusDocument.Output> rtmp = doc.rtmpStreamingState().outputs();
        for (int i = 0; i < rtmp.size(); i++) {
            StatusDocument.Output o = rtmp.get(i);
            outputs.add(output(StatusReporter.rtmpComponent(i), o.running(), o.error() != null, o.retries(), ended));
        }
        return outputs;
    }

    private ProgressReading.Output output(String name, boolean running, boolean hasError, int retries, boolean ended) {
        if (running) {
            wereUp.add(name);
        }
        return new ProgressReading.Output(name,
                ProgressReading.State.of(running, hasError, retries, ended || wereUp.contains(name)));
    }
}
