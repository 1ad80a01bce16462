package live.recbot.upload;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonProcessingException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import live.recbot.core.Redactor;
import live.recbot.status.StatusDocument;
import live.recbot.status.StatusJson;

/**
 * The JSON put beside an uploaded recording, so whoever collects it knows what it is without
 * opening it: the room, the meeting (redacted), when and how long, how it ended, the picture's
 * size, every output with its error, and the recording's size and SHA-256. It is put only after
 * the recording is stored, so a manifest's presence means its recording is complete.
 *
 * @param recording null in a draft, before the recording's upload
 */
@JsonInclude(JsonInclude.Include.ALWAYS)
public record Manifest(String room, String meetingUrl, Instant start, Instant end, Double durationSeconds,
                       String endReason, StatusDocument.Resolution resolution, Recording recording,
                       List<Output> outputs) {

    public record Recording(String file, String url, long bytes, String sha256) {
    }

    /** A recording file ({@code bytes} set) or an RTMP URL, redacted, with the error it ended with. */
    public record Output(String type, String target, Long bytes, StatusDocument.Error error) {
    }

    /**
     * All but the recording's part, from the session's last status. The room is the meeting URL's
     * last path segment (a room code), or its host when the path has none.
     */
    public static Manifest draft(URI meeting, StatusDocument status, Instant start, Instant end, String endReason) {
        List<Output> outputs = new ArrayList<>();
        StatusDocument.BrowserRecordingState file = status.browserRecordingState();
        if (file.file() != null) {
            outputs.add(new Output("file", fileName(file.file()), null, file.error()));
        }
        for (StatusDocument.Output o : status.rtmpStreamingState().outputs()) {
            outputs.add(new Output("rtmp", o.url(), null, o.error()));
        }
        Double seconds = start == null || end == null ? null : Duration.between(start, end).toMillis() / 1000.0;
        return new Manifest(room(meeting), Redactor.meetingUrl(meeting), start, end, seconds, endReason,
                status.resolution(), null, List.copyOf(outputs));
    }

    /** This draft completed with the stored recording, whose size the file output now shows. */
    Manifest with(Recording stored) {
        List<Output> filled = outputs.stream().map(o -> o.type().equals("file") && o.target().equals(stored.file())
                ? new Output(o.type(), o.target(), stored.bytes(), o.error()) : o).toList();
        return new Manifest(room, meetingUrl, start, end, durationSeconds, endReason, resolution, stored, filled);
    }

    byte[] json() {
        try {
            return StatusJson.mapper().writerWithDefaultPrettyPrinter().writeValueAsString(this)
                    .getBytes(StandardCharsets.UTF_8);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("the manifest is not serialisable", e);
        }
    }

    private static String room(URI meeting) {
        String path = meeting.getPath() == null ? "" : meeting.getPath();
        String[] segments = path.split("/");
        for (int i = segments.length - 1; i >= 0; i--) {
            if (!segments[i].isEmpty()) {
                return segments[i];
            }
        }
        return meeting.getHost();
    }

    private static String fileName(String path) {
        return path.substring(path.lastIndexOf('/') + 1);
    }
}
