package live.recbot.status;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import live.recbot.core.ErrorCode;
import live.recbot.core.RecbotError;
import live.recbot.core.Redactor;
import org.junit.jupiter.api.Test;

/** The upload's place in the status: under the recording it belongs to, and absent without one. */
class UploadStatusTest {
    private static final String FILE = "/rec/recbot-1.mp4";

    private static StatusReporter reporter() {
        return new StatusReporter(new StatusReporter.Layout("https://meet.example.com/r?***", 1280, 720,
                Optional.of(FILE), List.of()), Redactor.none(), Clock.systemUTC());
    }

    @Test
    void aRecordingWithoutAnUploadShowsNone() throws Exception {
        StatusReporter status = reporter();
        try {
            JsonNode n = StatusJson.mapper().readTree(StatusJson.write(status.current()));
            assertThat(n.path("browserRecordingState").has("upload")).isFalse();
            assertThat(n.path("serverRecordingState").has("upload")).isFalse();
        } finally {
            status.close();
        }
    }

    @Test
    void theUploadShowsWhereTheRecordingWentOrWhyNot() throws Exception {
        StatusReporter status = reporter();
        try {
            status.upload(StatusDocument.Upload.UPLOADING, "s3://b/p/recbot-1.mp4", null, null);
            status.upload(StatusDocument.Upload.FAILED, "s3://b/p/recbot-1.mp4", null, new RecbotError.OutputError(
                    "upload", ErrorCode.UPLOAD_DENIED, "the storage refused the credentials (403)", false));
            JsonNode u = StatusJson.mapper().readTree(StatusJson.write(status.current())).at("/browserRecordingState/upload");
            assertThat(u.path("state").asText()).isEqualTo("failed");
            assertThat(u.path("url").asText()).isEqualTo("s3://b/p/recbot-1.mp4");
            assertThat(u.path("manifest").isNull()).isTrue();
            assertThat(u.at("/error/code").asText()).isEqualTo("upload-denied");
            assertThat(status.current().browserRecordingState().file()).isEqualTo(FILE);
        } finally {
            status.close();
        }
    }

    @Test
    void theArchivalRecordingsUploadShowsUnderServerRecording() {
        StatusDocument.Upload uploaded = new StatusDocument.Upload("uploaded", "s3://b/recbot-archive-1.mp4",
                "s3://b/recbot-archive-1.json", null);
        StatusDocument archival = new StatusDocument(
                new StatusDocument.RtmpStreamingState(false, null, null, List.of()),
                new StatusDocument.BrowserRecordingState(false, null, null, "/rec/recbot-archive-1.mp4", uploaded),
                StatusDocument.ServerRecordingState.IDLE, "https://meet.example.com/r?***",
                new StatusDocument.Resolution(1280, 720), "stopped", Instant.now());
        RoomStatus room = new RoomStatus(Clock.systemUTC(), "https://meet.example.com/r?***", 1280, 720);
        try {
            room.archival(archival);
            assertThat(room.current().serverRecordingState().upload()).isEqualTo(uploaded);
            assertThat(room.current().browserRecordingState().upload()).isNull();
        } finally {
            room.close();
        }
    }
}
