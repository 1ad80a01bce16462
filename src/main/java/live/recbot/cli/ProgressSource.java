package live.recbot.cli;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import live.recbot.metrics.Metrics;
import live.recbot.status.RoomStatus;
import live.recbot.status.StatusDocument;
import live.recbot.status.StatusReporter;

/**
 * Reads the progress line's figures from the meters {@code /metrics} serves and the states from
 * the room's status, once a second: the media path keeps its own counters and does nothing more
 * for the line.
 */
final class ProgressSource {
    /** The names and labels the session registers its meters under (session.MediaMeters, Worker). */
    static final String ENCODED = "recbot.video.encoded";
    static final String SOUND_DELAY = "recbot.sound.delay";
    static final String SENT = "recbot.output.sent";
    static final String CONTROLLED = "controlled";

    private final Metrics metrics;
    private final RoomStatus room;

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
        Map<String, Double> sent = new HashMap<>();
        registry.ifPresent(r -> r.find(SENT).tag(Metrics.SESSION, CONTROLLED).functionCounters().forEach(c ->
                sent.put("file".equals(c.getId().getTag("kind")) ? StatusReporter.FILE
                        : StatusReporter.rtmpComponent(Integer.parseInt(c.getId().getTag("output"))), c.count())));
        return new ProgressReading(nanos, elapsed, frames, sent, delay, outputs(room.current()));
    }

    /** The session's outputs as the room shows them; none before the session reports. */
    static List<ProgressReading.Output> outputs(StatusDocument doc) {
        boolean ended = doc.endReason() != null;
        List<ProgressReading.Output> outputs = new ArrayList<>();
        StatusDocument.BrowserRecordingState file = doc.browserRecordingState();
        if (file.file() != null) {
            outputs.add(new ProgressReading.Output(StatusReporter.FILE,
                    ProgressReading.State.of(file.running(), file.error() != null, 0, ended)));
        }
        List<StatusDocument.Output> rtmp = doc.rtmpStreamingState().outputs();
        for (int i = 0; i < rtmp.size(); i++) {
            StatusDocument.Output o = rtmp.get(i);
            outputs.add(new ProgressReading.Output(StatusReporter.rtmpComponent(i),
                    ProgressReading.State.of(o.running(), o.error() != null, o.retries(), ended)));
        }
        return outputs;
    }
}
