package live.recbot.status;

import live.recbot.core.ErrorCode;import live.recbot.core.ComponentState;
import live.recbot.core.RecbotError;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import live.recbot.core.Redactor;
import live.recbot.core.ComponentState.Failed;
import live.recbot.core.ComponentState.Running;
import live.recbot.status.StatusDocument.BrowserRecordingState;
import live.recbot.status.StatusDocument.Error;
import live.recbot.status.StatusDocument.Output;
import live.recbot.status.StatusDocument.Resolution;
import live.recbot.status.StatusDocument.RtmpStreamingState;
import live.recbot.status.StatusDocument.ServerRecordingState;
import org.junit.jupiter.api.Test;

class StatusJsonTest {
    private static final Instant UPDATED = Instant.parse("2025-03-01T10:00:30Z");
    private static final Instant STARTED = Instant.parse("2025-03-01T10:00:00.250Z");

    private static StatusDocument idle() {
        return new StatusDocument(
                new RtmpStreamingState(false, null, null, List.of(new Output("rtmp://a.example.com/app/***", false, null, 0))),
                new BrowserRecordingState(false, null, null, "/rec/out.mp4"),
                new ServerRecordingState(false, null, null, null),
                "https://meet.example.com/room?***", new Resolution(1280, 720), null, UPDATED);
    }

    private static JsonNode tree(StatusDocument d) throws Exception {
        return StatusJson.mapper().readTree(StatusJson.write(d));
    }

    @Test
    void writesTheSdkFieldNames() throws Exception {
        JsonNode n = tree(idle());
        assertThat(n.isObject()).isTrue();
        assertThat(iterable(n.fieldNames())).containsExactlyInAnyOrder("rtmpStreamingState", "browserRecordingState",
                "serverRecordingState", "hlsRecordingState", "meetingUrl", "resolution", "endReason", "updatedAt");
        assertThat(iterable(n.get("rtmpStreamingState").fieldNames()))
                .containsExactlyInAnyOrder("running", "error", "state", "startedAt", "stoppedAt", "outputs");
        assertThat(iterable(n.get("browserRecordingState").fieldNames()))
                .containsExactlyInAnyOrder("running", "error", "state", "startedAt", "stoppedAt", "file");
        assertThat(iterable(n.get("serverRecordingState").fieldNames()))
                .containsExactlyInAnyOrder("running", "error", "state", "startedAt", "stoppedAt", "file");
        assertThat(iterable(n.get("hlsRecordingState").fieldNames()))
                .containsExactlyInAnyOrder("running", "error", "state", "startedAt", "stoppedAt", "playlist");
        assertThat(iterable(n.get("rtmpStreamingState").get("outputs").get(0).fieldNames()))
                .containsExactlyInAnyOrder("url", "running", "error", "retries");
        assertThat(n.get("resolution").get("width").intValue()).isEqualTo(1280);
        assertThat(n.get("resolution").get("height").intValue()).isEqualTo(720);
        assertThat(n.get("meetingUrl").textValue()).isEqualTo("https://meet.example.com/room?***");
        assertThat(n.get("rtmpStreamingState").get("running").isBoolean()).isTrue();
    }

    @Test
    void absentValuesAreExplicitNulls() throws Exception {
        JsonNode n = tree(idle());
        for (JsonNode shouldBeNull : List.of(n.get("endReason"), n.get("rtmpStreamingState").get("error"),
                n.get("rtmpStreamingState").get("startedAt"), n.get("browserRecordingState").get("error"),
                n.get("browserRecordingState").get("startedAt"), n.get("serverRecordingState").get("error"),
                n.get("rtmpStreamingState").get("outputs").get(0).get("error"))) {
            assertThat(shouldBeNull).isNotNull();
            assertThat(shouldBeNull.isNull()).isTrue();
        }
        assertThat(StatusJson.write(idle())).contains("\"endReason\":null", "\"error\":null", "\"startedAt\":null");
    }

    @Test
    void instantsAreIso8601Strings() throws Exception {
        StatusDocument d = new StatusDocument(
                new RtmpStreamingState(true, null, STARTED, List.of()),
                new BrowserRecordingState(true, null, Instant.parse("2025-03-01T10:00:01.123456789Z"), null),
                new ServerRecordingState(false, null, null, null), "https://m.example.com/r", new Resolution(720, 1280),
                "meeting_ended", UPDATED);
        JsonNode n = tree(d);
        assertThat(n.get("updatedAt").isTextual()).isTrue();
        assertThat(n.get("updatedAt").textValue()).isEqualTo("2025-03-01T10:00:30Z");
        assertThat(n.get("rtmpStreamingState").get("startedAt").textValue()).isEqualTo("2025-03-01T10:00:00.250Z");
        assertThat(n.get("browserRecordingState").get("startedAt").textValue())
                .isEqualTo("2025-03-01T10:00:01.123456789Z");
        assertThat(Instant.parse(n.get("updatedAt").textValue())).isEqualTo(UPDATED);
        assertThat(n.get("endReason").textValue()).isEqualTo("meeting_ended");
        assertThat(n.get("browserRecordingState").get("file").isNull()).isTrue();
    }

    @Test
    void errorsAreObjectsWithCodeAndMessage() throws Exception {
        StatusDocument d = new StatusDocument(
                new RtmpStreamingState(false, new Error("rtmp_io", "Broken \"pipe\"\n"), null,
                        List.of(new Output("rtmp://a/app/***", false, new Error("rtmp_io", "Broken \"pipe\"\n"), 0))),
                new BrowserRecordingState(false, null, null, "/rec/out.mp4"),
                new ServerRecordingState(false, null, null, null), "https://m.example.com/r", new Resolution(1280, 720), null, UPDATED);
        JsonNode err = tree(d).get("rtmpStreamingState").get("error");
        assertThat(err.get("code").textValue()).isEqualTo("rtmp_io");
        assertThat(err.get("message").textValue()).isEqualTo("Broken \"pipe\"\n");
        assertThat(tree(d).get("rtmpStreamingState").get("outputs").get(0).get("error")).isEqualTo(err);
    }

    @Test
    void aDocumentRoundTrips() throws Exception {
        StatusDocument d = new StatusDocument(
                new RtmpStreamingState(true, new Error("rtmp_io", "x"), STARTED,
                        List.of(new Output("rtmp://a/app/***", true, null, 0), new Output("rtmp://b/app/***", false,
                                new Error("rtmp_io", "x"), 0))),
                new BrowserRecordingState(true, null, STARTED, "/rec/out.mp4"),
                new ServerRecordingState(false, null, null, null), "https://m.example.com/r?***", new Resolution(1280, 720),
                null, UPDATED);
        assertThat(StatusJson.mapper().readValue(StatusJson.write(d), StatusDocument.class)).isEqualTo(d);
    }

    @Test
    void writesTheReportersDocuments() throws Exception {
        try (StatusReporter r = new StatusReporter(new StatusReporter.Layout("https://m.example.com/r", 1280, 720,
                Optional.of("/rec/out.mp4"), List.of("rtmp://a/app/***")), Redactor.none(),
                Clock.fixed(UPDATED, ZoneOffset.UTC))) {
            r.publish(StatusReporter.SESSION, new Running(STARTED));
            r.publish(StatusReporter.FILE, new Running(STARTED));
            r.publish(StatusReporter.rtmpComponent(0),
                    new Failed(new RecbotError.OutputError("rtmp-0", ErrorCode.RTMP_OUTPUT_DOWN, "gone", true)));
            JsonNode n = tree(r.current());
            assertThat(n.get("browserRecordingState").get("running").booleanValue()).isTrue();
            assertThat(n.get("browserRecordingState").get("startedAt").textValue()).isEqualTo("2025-03-01T10:00:00.250Z");
            assertThat(n.get("rtmpStreamingState").get("error").get("code").textValue()).isEqualTo("rtmp-output-down");
            assertThat(n.get("updatedAt").textValue()).isEqualTo("2025-03-01T10:00:30Z");
        }
    }

    @Test
    void statesAreTheSdksLowerCaseNames() throws Exception {
        StatusDocument d = new StatusDocument(
                new RtmpStreamingState(false, null, StreamingState.STOPPED, STARTED, UPDATED, List.of()),
                new BrowserRecordingState(true, null, RecordingState.PAUSED, STARTED, null, "/rec/out.mp4", null),
                new ServerRecordingState(false, null, null, null), "https://m.example.com/r", new Resolution(1280, 720),
                null, UPDATED);
        JsonNode n = tree(d);
        assertThat(n.at("/rtmpStreamingState/state").textValue()).isEqualTo("stopped");
        assertThat(n.at("/rtmpStreamingState/stoppedAt").textValue()).isEqualTo("2025-03-01T10:00:30Z");
        assertThat(n.at("/browserRecordingState/state").textValue()).isEqualTo("paused");
        assertThat(n.at("/browserRecordingState/stoppedAt").isNull()).isTrue();
        assertThat(n.at("/serverRecordingState/state").textValue()).isEqualTo("none");
        assertThat(StatusJson.mapper().readValue(StatusJson.write(d), StatusDocument.class)).isEqualTo(d);
        assertThat(java.util.Arrays.stream(RecordingState.values()).map(RecordingState::wire))
                .containsExactly("none", "starting", "started", "paused", "resumed", "stopped", "failed");
        assertThat(java.util.Arrays.stream(StreamingState.values()).map(StreamingState::wire))
                .containsExactly("none", "starting", "started", "stopped", "failed");
    }

    @Test
    void writeIsSingleLine() {
        assertThat(StatusJson.write(idle())).doesNotContain("\n").startsWith("{").endsWith("}");
    }

    private static List<String> iterable(java.util.Iterator<String> it) {
        List<String> out = new java.util.ArrayList<>();
        it.forEachRemaining(out::add);
        return out;
    }
}
