package live.recbot.status;

import live.recbot.testing.MutableClock;
import live.recbot.core.ErrorCode;import live.recbot.core.ComponentState;
import live.recbot.core.RecbotError;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import live.recbot.config.HMSRecordingConfig;
import live.recbot.core.Redactor;
import live.recbot.core.ComponentState.Failed;
import live.recbot.core.ComponentState.Running;
import live.recbot.core.ComponentState.Starting;
import live.recbot.core.ComponentState.Stopped;
import live.recbot.core.RecbotError.HostError;
import live.recbot.core.RecbotError.OutputError;
import live.recbot.core.RecbotError.SessionError;
import live.recbot.status.StatusDocument.Error;
import live.recbot.status.StatusDocument.Output;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class StatusReporterTest {
    static final Instant NOW = Instant.parse("2025-03-01T10:00:30Z");
    static final Instant T0 = Instant.parse("2025-03-01T10:00:00Z");
    static final Instant T1 = T0.plusSeconds(1);
    static final Instant T2 = T0.plusSeconds(2);
    static final Instant T3 = T0.plusSeconds(3);

    static final String MEETING = "https://meet.example.com/room?***";
    static final String FILE_PATH = "/recordings/session-1.mp4";
    static final String OUT0 = "rtmp://a.example.com/app/***";
    static final String OUT1 = "rtmps://b.example.com/live/***";
    static final StatusReporter.Layout LAYOUT =
            new StatusReporter.Layout(MEETING, 1280, 720, Optional.of(FILE_PATH), List.of(OUT0, OUT1));

    static final String RTMP0 = StatusReporter.rtmpComponent(0);
    static final String RTMP1 = StatusReporter.rtmpComponent(1);
    static final String SESSION = StatusReporter.SESSION;
    static final String FILE = StatusReporter.FILE;

    private final List<StatusReporter> reporters = new ArrayList<>();

    private StatusReporter reporter() {
        return reporter(LAYOUT, Redactor.none(), Clock.fixed(NOW, ZoneOffset.UTC));
    }

    private StatusReporter reporter(StatusReporter.Layout layout, Redactor redactor, Clock clock) {
        StatusReporter r = new StatusReporter(layout, redactor, clock);
        reporters.add(r);
        return r;
    }

    @AfterEach
    void closeReporters() {
        reporters.forEach(StatusReporter::close);
    }

    private static OutputError outputError(String output, ErrorCode code, String message) {
        return new OutputError(output, code, message, true);
    }

    private static Error err(RecbotError e) {
        return new Error(e.code().wire(), e.message());
    }

    // ================================================================ aggregation

    @Test
    void initialDocumentShowsTheLayoutAndNothingRunning() {
        StatusDocument d = reporter().current();
        assertThat(d.meetingUrl()).isEqualTo(MEETING);
        assertThat(d.resolution()).isEqualTo(new StatusDocument.Resolution(1280, 720));
        assertThat(d.updatedAt()).isEqualTo(NOW);
        assertThat(d.endReason()).isNull();
        assertThat(d.rtmpStreamingState())
                .isEqualTo(new StatusDocument.RtmpStreamingState(false, null, StreamingState.STARTING, null, null,
                        List.of(new Output(OUT0, false, null, 0), new Output(OUT1, false, null, 0))));
        assertThat(d.browserRecordingState()).isEqualTo(new StatusDocument.BrowserRecordingState(false, null,
                RecordingState.STARTING, null, null, FILE_PATH, null));
        assertThat(d.serverRecordingState()).isEqualTo(new StatusDocument.ServerRecordingState(false, null, null, null));
    }

    @Test
    void theHlsRenditionIsAStateOfItsOwnShapedLikeTheRecording() {
        String playlist = "/recordings/session-1-hls/index.m3u8";
        StatusReporter r = reporter(new StatusReporter.Layout(MEETING, 1280, 720, Optional.of(FILE_PATH), List.of(),
                Optional.of(playlist)), Redactor.none(), Clock.fixed(NOW, ZoneOffset.UTC));
        assertThat(r.current().hlsRecordingState())
                .isEqualTo(new StatusDocument.HlsRecordingState(false, null, RecordingState.STARTING, null, null, playlist));
        r.publish(SESSION, new Running(T1));
        r.publish(StatusReporter.HLS, new Running(T2));
        assertThat(r.current().hlsRecordingState())
                .isEqualTo(new StatusDocument.HlsRecordingState(true, null, RecordingState.STARTED, T2, null, playlist));
        OutputError full = new OutputError(playlist, ErrorCode.RECORDING_WRITE_FAILED, "No space left on device", false);
        r.publish(StatusReporter.HLS, new Failed(full));
        assertThat(r.current().hlsRecordingState())
                .isEqualTo(new StatusDocument.HlsRecordingState(false, err(full), RecordingState.FAILED, T2, NOW,
                        playlist));
        assertThat(r.current().browserRecordingState().error()).as("the file is not the rendition").isNull();
        assertThat(reporter().current().hlsRecordingState()).as("none asked for")
                .isEqualTo(StatusDocument.HlsRecordingState.IDLE);
    }

    @Test
    void everyComponentStartsInStarting() {
        StatusReporter r = reporter();
        for (String c : List.of(SESSION, FILE, RTMP0, RTMP1)) {
            assertThat(r.state(c)).isEqualTo(new Starting());
        }
        assertThat(r.state(StatusReporter.rtmpComponent(2))).isNull();
    }

    @Test
    void componentNamesAreStable() {
        assertThat(SESSION).isEqualTo("session");
        assertThat(FILE).isEqualTo("file");
        assertThat(RTMP0).isEqualTo("rtmp-0");
        assertThat(RTMP1).isEqualTo("rtmp-1");
    }

    @Test
    void stateReturnsWhatWasPublished() {
        StatusReporter r = reporter();
        r.publish(RTMP1, new Running(T1));
        assertThat(r.state(RTMP1)).isEqualTo(new Running(T1));
        assertThat(r.state(RTMP0)).isEqualTo(new Starting());
    }

    @Test
    void fileIsRecordingOnlyWhileBothSessionAndFileRun() {
        StatusReporter r = reporter();
        r.publish(FILE, new Running(T1));
        assertThat(r.current().browserRecordingState().running()).isFalse();
        assertThat(r.current().browserRecordingState().startedAt()).isNull();

        r.publish(SESSION, new Running(T0));
        assertThat(r.current().browserRecordingState())
                .isEqualTo(new StatusDocument.BrowserRecordingState(true, null, T1, FILE_PATH));

        r.publish(SESSION, new Stopped(null));
        assertThat(r.current().browserRecordingState()).as("its times stay once it has stopped")
                .isEqualTo(new StatusDocument.BrowserRecordingState(false, null, RecordingState.STOPPED, T1, NOW,
                        FILE_PATH, null));
    }

    @Test
    void runningSessionAloneRecordsAndStreamsNothing() {
        StatusReporter r = reporter();
        r.publish(SESSION, new Running(T0));
        StatusDocument d = r.current();
        assertThat(d.browserRecordingState().running()).isFalse();
        assertThat(d.browserRecordingState().startedAt()).isNull();
        assertThat(d.rtmpStreamingState().running()).isFalse();
        assertThat(d.rtmpStreamingState().startedAt()).isNull();
        assertThat(d.rtmpStreamingState().outputs()).extracting(Output::running).containsExactly(false, false);
    }

    @Test
    void rtmpOutputRunsOnlyWhileSessionRuns() {
        StatusReporter r = reporter();
        r.publish(RTMP0, new Running(T1));
        assertThat(r.current().rtmpStreamingState().running()).isFalse();
        assertThat(r.current().rtmpStreamingState().outputs().get(0).running()).isFalse();
        r.publish(SESSION, new Running(T0));
        assertThat(r.current().rtmpStreamingState().running()).isTrue();
        assertThat(r.current().rtmpStreamingState().outputs().get(0).running()).isTrue();
    }

    @Test
    void streamingWhenAnyRtmpOutputRuns() {
        StatusReporter r = reporter();
        r.publish(SESSION, new Running(T0));
        r.publish(RTMP1, new Running(T2));
        StatusDocument d = r.current();
        assertThat(d.rtmpStreamingState().running()).isTrue();
        assertThat(d.rtmpStreamingState().startedAt()).isEqualTo(T2);
        assertThat(d.rtmpStreamingState().outputs())
                .containsExactly(new Output(OUT0, false, null, 0), new Output(OUT1, true, null, 0));

        r.publish(RTMP0, new Running(T1));
        d = r.current();
        assertThat(d.rtmpStreamingState().outputs()).extracting(Output::running).containsExactly(true, true);
        assertThat(d.rtmpStreamingState().startedAt()).as("earliest start").isEqualTo(T1);

        r.publish(RTMP1, new Stopped(null));
        assertThat(r.current().rtmpStreamingState().running()).isTrue();

        r.publish(RTMP0, new Stopped(null));
        d = r.current();
        assertThat(d.rtmpStreamingState().running()).isFalse();
        assertThat(d.rtmpStreamingState().state()).as("stopped once the session says so")
                .isEqualTo(StreamingState.STARTED);
        assertThat(d.rtmpStreamingState().startedAt()).isEqualTo(T1);
    }

    @Test
    void statesFollowTheSdksSequenceAndEveryTransitionReachesListeners() {
        MutableClock clock = new MutableClock(T0);
        StatusReporter r = reporter(LAYOUT, Redactor.none(), clock);
        List<StatusDocument> seen = new java.util.concurrent.CopyOnWriteArrayList<>();
        r.addListener(seen::add);
        r.publish(SESSION, new Running(T0));
        r.publish(FILE, new Running(T1));
        r.publish(RTMP0, new Running(T1));
        r.paused(true);
        assertThat(r.current().browserRecordingState().running()).as("running while paused").isTrue();
        r.paused(false);
        r.publish(FILE, new Stopped(null));
        r.publish(RTMP0, new Stopped(null));
        clock.set(T3);
        r.publish(SESSION, new Stopped(null));
        clock.set(NOW);
        r.ended("stopped");

        await().atMost(Duration.ofSeconds(5)).until(() -> seen.size() == 10);
        assertThat(seen.stream().map(d -> d.browserRecordingState().state()).distinct()).containsExactly(
                RecordingState.STARTING, RecordingState.STARTED, RecordingState.PAUSED, RecordingState.RESUMED,
                RecordingState.STOPPED);
        assertThat(seen.stream().map(d -> d.rtmpStreamingState().state()).distinct()).containsExactly(
                StreamingState.STARTING, StreamingState.STARTED, StreamingState.STOPPED);
        StatusDocument last = r.current();
        assertThat(last.browserRecordingState().stoppedAt()).as("when it stopped, not when last built").isEqualTo(T3);
        assertThat(last.rtmpStreamingState().stoppedAt()).isEqualTo(T3);
        assertThat(last.browserRecordingState().startedAt()).isEqualTo(T1);
    }

    @Test
    void outputsStoppingInATeardownDoNotShowAsStoppedBeforeTheSessionFails() {
        StatusReporter r = reporter();
        r.publish(SESSION, new Running(T0));
        r.publish(FILE, new Running(T1));
        r.publish(RTMP0, new Running(T1));
        r.publish(FILE, new Stopped(null));
        r.publish(RTMP0, new Stopped(null));
        assertThat(r.current().browserRecordingState().state()).isEqualTo(RecordingState.STARTED);
        assertThat(r.current().rtmpStreamingState().state()).isEqualTo(StreamingState.STARTED);
        r.publish(SESSION, new Failed(new SessionError(ErrorCode.BROWSER_LOST, "crashed", true)));
        assertThat(r.current().browserRecordingState().state()).isEqualTo(RecordingState.FAILED);
        assertThat(r.current().rtmpStreamingState().state()).isEqualTo(StreamingState.FAILED);
    }

    @Test
    void streamsFailOnceEveryOutputHasFailedAndKeepThatTime() {
        MutableClock clock = new MutableClock(T0);
        StatusReporter r = reporter(LAYOUT, Redactor.none(), clock);
        r.publish(SESSION, new Running(T0));
        r.publish(FILE, new Running(T1));
        OutputError e = new OutputError(RTMP0, ErrorCode.RTMP_PUBLISH_REJECTED, "refused", false);
        r.publish(RTMP0, new Failed(e));
        assertThat(r.current().rtmpStreamingState().state()).as("one of two failed").isEqualTo(StreamingState.STARTING);
        clock.set(T2);
        r.publish(RTMP1, new Failed(e));
        assertThat(r.current().rtmpStreamingState().state()).isEqualTo(StreamingState.FAILED);
        assertThat(r.current().rtmpStreamingState().startedAt()).isNull();
        assertThat(r.current().browserRecordingState().state()).isEqualTo(RecordingState.STARTED);
        clock.set(T3);
        r.publish(SESSION, new Stopped(null));
        assertThat(r.current().rtmpStreamingState().state()).isEqualTo(StreamingState.FAILED);
        assertThat(r.current().rtmpStreamingState().stoppedAt()).isEqualTo(T2);
        assertThat(r.current().browserRecordingState().state()).isEqualTo(RecordingState.STOPPED);
        assertThat(r.current().browserRecordingState().stoppedAt()).isEqualTo(T3);
    }

    @Test
    void anRtmpOutputAddedWhileRunningIsListedByIndexAndARemovedOneIsNot() {
        StatusReporter r = reporter();
        r.publish(SESSION, new Running(T0));
        r.publish(RTMP0, new Running(T1));
        r.publish(RTMP1, new Stopped(null));
        r.removeRtmp(1);
        assertThat(r.state(RTMP1)).isNull();
        assertThat(r.current().rtmpStreamingState().outputs()).containsExactly(new Output(OUT0, true, null, 0));

        String added = "rtmp://c.example.com/live/***";
        r.addRtmp(2, added);
        assertThat(r.state(StatusReporter.rtmpComponent(2))).isEqualTo(new Starting());
        r.publish(StatusReporter.rtmpComponent(2), new Running(T3));
        r.publish(RTMP0, new Stopped(null));
        r.removeRtmp(0);
        r.addRtmp(0, OUT1);
        StatusDocument d = r.current();
        assertThat(d.rtmpStreamingState().outputs()).as("in index order")
                .containsExactly(new Output(OUT1, false, null, 0), new Output(added, true, null, 0));
        assertThat(d.rtmpStreamingState().startedAt()).as("a removed output's start is forgotten").isEqualTo(T3);
        assertThatThrownBy(() -> r.addRtmp(0, OUT1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> r.removeRtmp(1)).isInstanceOf(IllegalArgumentException.class);

        r.removeRtmp(0);
        r.removeRtmp(2);
        d = r.current();
        assertThat(d.rtmpStreamingState().running()).isFalse();
        assertThat(d.rtmpStreamingState().error()).isNull();
        assertThat(d.rtmpStreamingState().outputs()).isEmpty();
    }

    @Test
    void startedAtIsTheFirstStartEvenAfterARestart() {
        StatusReporter r = reporter();
        r.publish(SESSION, new Running(T0));
        r.publish(FILE, new Running(T1));
        r.publish(FILE, new Starting());
        r.publish(FILE, new Running(T3));
        assertThat(r.current().browserRecordingState().startedAt()).isEqualTo(T1);
    }

    @Test
    void failedRtmpOutputShowsOnStreamingStateAndThatOutputOnly() {
        StatusReporter r = reporter();
        r.publish(SESSION, new Running(T0));
        r.publish(FILE, new Running(T1));
        r.publish(RTMP0, new Running(T1));
        OutputError e = outputError(RTMP1, ErrorCode.RTMP_OUTPUT_DOWN, "Connection refused");
        r.publish(RTMP1, new Failed(e));

        StatusDocument d = r.current();
        assertThat(d.rtmpStreamingState().error()).isEqualTo(new Error("rtmp-output-down", "Connection refused"));
        assertThat(d.rtmpStreamingState().running()).as("rtmp-0 still streams").isTrue();
        assertThat(d.rtmpStreamingState().outputs())
                .containsExactly(new Output(OUT0, true, null, 0), new Output(OUT1, false, err(e), 0));
        assertThat(d.browserRecordingState())
                .isEqualTo(new StatusDocument.BrowserRecordingState(true, null, T1, FILE_PATH));
        assertThat(d.serverRecordingState().error()).isNull();
    }

    @Test
    void failedRtmpOutputIsClearedWhenItRunsAgain() {
        StatusReporter r = reporter();
        r.publish(SESSION, new Running(T0));
        r.publish(RTMP0, new Failed(outputError(RTMP0, ErrorCode.RTMP_OUTPUT_DOWN, "Broken pipe")));
        assertThat(r.current().rtmpStreamingState().error()).isNotNull();
        r.publish(RTMP0, new Running(T2));
        assertThat(r.current().rtmpStreamingState().error()).isNull();
        assertThat(r.current().rtmpStreamingState().outputs().get(0).error()).isNull();
    }

    @Test
    void allRtmpOutputsFailedShowsAnErrorAndNotStreaming() {
        StatusReporter r = reporter();
        r.publish(SESSION, new Running(T0));
        OutputError e0 = outputError(RTMP0, ErrorCode.RTMP_OUTPUT_DOWN, "first broke");
        OutputError e1 = outputError(RTMP1, ErrorCode.RTMP_PUBLISH_REJECTED, "second refused");
        r.publish(RTMP1, new Failed(e1));
        r.publish(RTMP0, new Failed(e0));
        StatusDocument d = r.current();
        assertThat(d.rtmpStreamingState().running()).isFalse();
        assertThat(d.rtmpStreamingState().error()).isIn(err(e0), err(e1));
        assertThat(d.rtmpStreamingState().outputs()).extracting(Output::error).containsExactly(err(e0), err(e1));
        assertThat(d.browserRecordingState().error()).isNull();
    }

    @Test
    void rtmpOutputStoppedAfterAnErrorKeepsShowingIt() {
        StatusReporter r = reporter();
        r.publish(SESSION, new Running(T0));
        OutputError e = outputError(RTMP0, ErrorCode.RTMP_OUTPUT_DOWN, "Broken pipe");
        r.publish(RTMP0, new Stopped(e));
        StatusDocument d = r.current();
        assertThat(d.rtmpStreamingState().outputs().get(0)).isEqualTo(new Output(OUT0, false, err(e), 0));
        assertThat(d.rtmpStreamingState().error()).isEqualTo(err(e));
        assertThat(d.browserRecordingState().error()).isNull();
    }

    @Test
    void failedFileShowsOnBrowserRecordingStateOnly() {
        StatusReporter r = reporter();
        r.publish(SESSION, new Running(T0));
        r.publish(RTMP0, new Running(T1));
        r.publish(FILE, new Running(T1));
        OutputError e = new OutputError(FILE, ErrorCode.RECORDING_WRITE_FAILED, "No space left on device", false);
        r.publish(FILE, new Failed(e));

        StatusDocument d = r.current();
        assertThat(d.browserRecordingState()).isEqualTo(new StatusDocument.BrowserRecordingState(false, err(e),
                RecordingState.FAILED, T1, NOW, FILE_PATH, null));
        assertThat(d.rtmpStreamingState().error()).isNull();
        assertThat(d.rtmpStreamingState().running()).isTrue();
        assertThat(d.rtmpStreamingState().outputs()).extracting(Output::error).containsOnlyNulls();
        assertThat(d.serverRecordingState().error()).isNull();
    }

    @Test
    void failedSessionShowsOnBothStates() {
        StatusReporter r = reporter();
        r.publish(SESSION, new Running(T0));
        r.publish(FILE, new Running(T1));
        r.publish(RTMP0, new Running(T1));
        r.publish(RTMP1, new Running(T1));
        SessionError e = new SessionError(ErrorCode.BROWSER_LOST, "The renderer crashed", true);
        r.publish(SESSION, new Failed(e));

        StatusDocument d = r.current();
        assertThat(d.browserRecordingState()).isEqualTo(new StatusDocument.BrowserRecordingState(false, err(e),
                RecordingState.FAILED, T1, NOW, FILE_PATH, null));
        assertThat(d.rtmpStreamingState())
                .isEqualTo(new StatusDocument.RtmpStreamingState(false, err(e), StreamingState.FAILED, T1, NOW,
                        List.of(new Output(OUT0, false, null, 0), new Output(OUT1, false, null, 0))));
        assertThat(d.serverRecordingState()).isEqualTo(new StatusDocument.ServerRecordingState(false, null, null, null));
    }

    @Test
    void failedSessionBeforeAnythingRanShowsOnBothStates() {
        StatusReporter r = reporter();
        HostError e = new HostError(ErrorCode.XVFB_MISSING, "Xvfb is not installed", false);
        r.publish(SESSION, new Failed(e));
        assertThat(r.current().browserRecordingState().error()).isEqualTo(err(e));
        assertThat(r.current().rtmpStreamingState().error()).isEqualTo(err(e));
    }

    @Test
    void sessionErrorTakesPrecedenceOverOutputErrorsOnTheAggregates() {
        StatusReporter r = reporter();
        r.publish(SESSION, new Running(T0));
        OutputError rtmpError = outputError(RTMP0, ErrorCode.RTMP_OUTPUT_DOWN, "Broken pipe");
        OutputError fileError = outputError(FILE, ErrorCode.RECORDING_WRITE_FAILED, "No space");
        r.publish(RTMP0, new Failed(rtmpError));
        r.publish(FILE, new Failed(fileError));
        SessionError sessionError = new SessionError(ErrorCode.VIDEO_CAPTURE_FAILED, "x11grab stopped", false);
        r.publish(SESSION, new Failed(sessionError));

        StatusDocument d = r.current();
        assertThat(d.rtmpStreamingState().error()).isEqualTo(err(sessionError));
        assertThat(d.browserRecordingState().error()).isEqualTo(err(sessionError));
        assertThat(d.rtmpStreamingState().outputs().get(0).error()).as("the output keeps its own error")
                .isEqualTo(err(rtmpError));
        assertThat(d.rtmpStreamingState().outputs().get(1).error()).isNull();
    }

    @Test
    void sessionStoppedAfterAnErrorShowsIt() {
        StatusReporter r = reporter();
        r.publish(SESSION, new Running(T0));
        SessionError e = new SessionError(ErrorCode.BROWSER_LOST, "The meeting tab closed", false);
        r.publish(SESSION, new Stopped(e));
        assertThat(r.current().browserRecordingState().error()).isEqualTo(err(e));
        assertThat(r.current().rtmpStreamingState().error()).isEqualTo(err(e));
    }

    @Test
    void sessionStoppedCleanlyShowsNoError() {
        StatusReporter r = reporter();
        r.publish(SESSION, new Running(T0));
        r.publish(FILE, new Running(T0));
        r.publish(SESSION, new Stopped(null));
        r.publish(FILE, new Stopped(null));
        StatusDocument d = r.current();
        assertThat(d.browserRecordingState().error()).isNull();
        assertThat(d.rtmpStreamingState().error()).isNull();
        assertThat(d.browserRecordingState().running()).isFalse();
    }

    @Test
    void layoutWithoutRtmpShowsNoStreamingError() {
        StatusReporter r = reporter(new StatusReporter.Layout(MEETING, 720, 1280, Optional.of(FILE_PATH), List.of()),
                Redactor.none(), Clock.fixed(NOW, ZoneOffset.UTC));
        SessionError e = new SessionError(ErrorCode.BROWSER_LOST, "crashed", true);
        r.publish(SESSION, new Failed(e));
        StatusDocument d = r.current();
        assertThat(d.rtmpStreamingState()).isEqualTo(new StatusDocument.RtmpStreamingState(false, null, null, List.of()));
        assertThat(d.browserRecordingState().error()).isEqualTo(err(e));
        assertThat(d.resolution()).isEqualTo(new StatusDocument.Resolution(720, 1280));
        assertThatThrownBy(() -> r.publish(RTMP0, new Running(T0))).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void layoutWithoutFileHasNoFileComponent() {
        StatusReporter r = reporter(new StatusReporter.Layout(MEETING, 1280, 720, Optional.empty(), List.of(OUT0)),
                Redactor.none(), Clock.fixed(NOW, ZoneOffset.UTC));
        assertThat(r.state(FILE)).isNull();
        assertThatThrownBy(() -> r.publish(FILE, new Running(T0)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("file");
        r.publish(SESSION, new Running(T0));
        r.publish(RTMP0, new Running(T1));
        StatusDocument d = r.current();
        assertThat(d.browserRecordingState()).isEqualTo(new StatusDocument.BrowserRecordingState(false, null, null, null));
        assertThat(d.rtmpStreamingState().running()).isTrue();
    }

    @Test
    void unknownComponentIsRefusedAndChangesNothing() {
        StatusReporter r = reporter();
        StatusDocument before = r.current();
        assertThatThrownBy(() -> r.publish("rtmp-2", new Running(T0)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("rtmp-2");
        assertThatThrownBy(() -> r.publish("browser", new Running(T0))).isInstanceOf(IllegalArgumentException.class);
        assertThat(r.current()).isSameAs(before);
    }

    @Test
    void endedSetsTheEndReason() {
        StatusReporter r = reporter();
        r.publish(SESSION, new Running(T0));
        r.publish(SESSION, new Stopped(null));
        r.ended("meeting_ended");
        assertThat(r.current().endReason()).isEqualTo("meeting_ended");
        r.publish(FILE, new Stopped(null));
        assertThat(r.current().endReason()).as("kept by later documents").isEqualTo("meeting_ended");
    }

    @Test
    void updatedAtComesFromTheClockAtEachChange() {
        MutableClock clock = new MutableClock(T0);
        StatusReporter r = reporter(LAYOUT, Redactor.none(), clock);
        assertThat(r.current().updatedAt()).isEqualTo(T0);
        clock.set(T2);
        r.publish(SESSION, new Running(T1));
        assertThat(r.current().updatedAt()).isEqualTo(T2);
        clock.set(T3);
        assertThat(r.current().updatedAt()).as("no change, no new document").isEqualTo(T2);
        r.ended("stopped");
        assertThat(r.current().updatedAt()).isEqualTo(T3);
    }

    // ================================================================ secrets

    private static final String KEY = "live_sk_4f9e8d7c";
    private static final String QUERY_TOKEN = "authTok777";
    private static final String MEETING_TOKEN = "mtg-3b2a1f0e9d";
    private static final String RAW_RTMP = "rtmp://a.example.com/app/" + KEY + "?auth=" + QUERY_TOKEN;
    private static final String RAW_MEETING = "https://meet.example.com/room?token=" + MEETING_TOKEN;

    private StatusReporter redactingReporter() {
        HMSRecordingConfig config = new HMSRecordingConfig(URI.create(RAW_MEETING),
                List.of(URI.create(RAW_RTMP), URI.create("rtmps://b.example.com/live/otherKey99")), true, null);
        return reporter(LAYOUT, Redactor.of(config.meetingUrl(), config.rtmpUrls()), Clock.fixed(NOW, ZoneOffset.UTC));
    }

    @Test
    void secretsInOutputErrorsAreScrubbed() {
        StatusReporter r = redactingReporter();
        r.publish(SESSION, new Running(T0));
        r.publish(RTMP0, new Failed(outputError(RTMP0, ErrorCode.RTMP_OUTPUT_DOWN,
                "av_interleaved_write_frame(): Broken pipe on " + RAW_RTMP + " (stream " + KEY + ")")));
        r.publish(RTMP1, new Stopped(outputError(RTMP1, ErrorCode.RTMP_PUBLISH_REJECTED, "publish otherKey99 rejected")));
        r.publish(FILE, new Failed(outputError(FILE, ErrorCode.RECORDING_WRITE_FAILED, "cannot write after reading " + RAW_MEETING)));

        StatusDocument d = r.current();
        String expected0 = "av_interleaved_write_frame(): Broken pipe on rtmp://a.example.com/app/*** (stream ***)";
        assertThat(d.rtmpStreamingState().outputs().get(0).error()).isEqualTo(new Error("rtmp-output-down", expected0));
        assertThat(d.rtmpStreamingState().outputs().get(1).error())
                .isEqualTo(new Error("rtmp-publish-rejected", "publish *** rejected"));
        assertThat(d.rtmpStreamingState().error()).isEqualTo(new Error("rtmp-output-down", expected0));
        assertThat(d.browserRecordingState().error())
                .isEqualTo(new Error("recording-write-failed", "cannot write after reading https://meet.example.com/room?***"));
        assertThat(StatusJson.write(d)).doesNotContain(KEY, QUERY_TOKEN, MEETING_TOKEN, "otherKey99");
    }

    @Test
    void secretsInSessionErrorsAreScrubbed() {
        StatusReporter r = redactingReporter();
        r.publish(SESSION, new Failed(new SessionError(ErrorCode.PAGE_LOAD_TIMEOUT,
                "timed out loading " + RAW_MEETING + " token " + MEETING_TOKEN, true)));
        StatusDocument d = r.current();
        Error expected = new Error("page-load-timeout", "timed out loading https://meet.example.com/room?*** token ***");
        assertThat(d.browserRecordingState().error()).isEqualTo(expected);
        assertThat(d.rtmpStreamingState().error()).isEqualTo(expected);
    }

    @Test
    void listenersOnlyEverSeeScrubbedDocuments() {
        StatusReporter r = redactingReporter();
        RecordingListener listener = new RecordingListener();
        r.addListener(listener);
        r.publish(RTMP0, new Failed(outputError(RTMP0, ErrorCode.RTMP_OUTPUT_DOWN, "lost " + RAW_RTMP)));
        r.publish(SESSION, new Failed(new HostError(ErrorCode.OUTPUT_DIR_UNUSABLE, "key " + KEY, false)));
        await().atMost(Duration.ofSeconds(5)).until(() -> listener.documents.size() == 3);
        for (StatusDocument d : listener.documents) {
            assertThat(StatusJson.write(d)).doesNotContain(KEY, QUERY_TOKEN, MEETING_TOKEN);
        }
        assertThat(listener.last().browserRecordingState().error()).isEqualTo(new Error("output-dir-unusable", "key ***"));
    }

    @Test
    void withoutARedactorMessagesPassThrough() {
        StatusReporter r = reporter();
        r.publish(RTMP0, new Failed(outputError(RTMP0, ErrorCode.RTMP_OUTPUT_DOWN, "lost " + RAW_RTMP)));
        assertThat(r.current().rtmpStreamingState().error().message()).isEqualTo("lost " + RAW_RTMP);
    }

    // ================================================================ listeners

    @Test
    void listenerGetsTheCurrentDocumentThenEveryChangeInOrderOnTheReporterThread() {
        StatusReporter r = reporter();
        r.publish(SESSION, new Running(T0));
        RecordingListener listener = new RecordingListener();
        List<StatusDocument> expected = new ArrayList<>();
        expected.add(r.current());
        r.addListener(listener);

        r.publish(FILE, new Running(T1));
        expected.add(r.current());
        r.publish(RTMP0, new Running(T1));
        expected.add(r.current());
        r.publish(RTMP1, new Failed(outputError(RTMP1, ErrorCode.RTMP_OUTPUT_DOWN, "refused")));
        expected.add(r.current());
        r.publish(SESSION, new Stopped(null));
        expected.add(r.current());
        r.ended("meeting_ended");
        expected.add(r.current());

        await().atMost(Duration.ofSeconds(5)).until(() -> listener.documents.size() >= expected.size());
        assertThat(listener.documents).containsExactlyElementsOf(expected);
        assertThat(listener.threads).hasSize(1).doesNotContain(Thread.currentThread());
        assertThat(listener.threads.iterator().next().getName()).isEqualTo("recbot-status");
        assertThat(listener.last().endReason()).isEqualTo("meeting_ended");
    }

    @Test
    void manyChangesArriveInPublishOrder() {
        StatusReporter r = reporter();
        RecordingListener listener = new RecordingListener();
        r.addListener(listener);
        List<Instant> published = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            Instant since = T0.plusMillis(i);
            published.add(since);
            r.publish(FILE, i % 2 == 0 ? new Running(since) : new Starting());
            r.publish(RTMP0, new Running(since));
        }
        await().atMost(Duration.ofSeconds(5)).until(() -> listener.documents.size() == 401);
        // rtmp-0's "since" is not in the document, but the states are: compare with current() snapshots.
        StatusReporter replay = reporter();
        List<StatusDocument> expected = new ArrayList<>();
        expected.add(replay.current());
        for (int i = 0; i < 200; i++) {
            replay.publish(FILE, i % 2 == 0 ? new Running(published.get(i)) : new Starting());
            expected.add(replay.current());
            replay.publish(RTMP0, new Running(published.get(i)));
            expected.add(replay.current());
        }
        assertThat(listener.documents).containsExactlyElementsOf(expected);
    }

    @Test
    void publishingAnEqualStateNotifiesNobody() {
        StatusReporter r = reporter();
        RecordingListener listener = new RecordingListener();
        r.addListener(listener);
        r.publish(SESSION, new Running(T0));
        StatusDocument afterFirst = r.current();
        r.publish(SESSION, new Running(T0));
        assertThat(r.current()).isSameAs(afterFirst);
        r.publish(FILE, new Running(T1));
        await().atMost(Duration.ofSeconds(5)).until(() -> listener.documents.size() >= 3);
        r.close();
        assertThat(listener.documents).hasSize(3);
        assertThat(listener.documents.get(1)).isSameAs(afterFirst);
    }

    @Test
    void aThrowingListenerDoesNotStopOthers() {
        StatusReporter r = reporter();
        AtomicInteger thrown = new AtomicInteger();
        r.addListener(doc -> {
            thrown.incrementAndGet();
            throw new IllegalStateException("listener bug");
        });
        RecordingListener listener = new RecordingListener();
        r.addListener(listener);
        r.addListener(doc -> {
            throw new RuntimeException("another bug");
        });

        r.publish(SESSION, new Running(T0));
        r.publish(FILE, new Running(T1));
        r.ended("stopped");

        await().atMost(Duration.ofSeconds(5)).until(() -> listener.documents.size() == 4);
        assertThat(listener.last().endReason()).isEqualTo("stopped");
        assertThat(thrown).as("the throwing listener keeps being called").hasValue(4);
    }

    @Test
    void aSlowListenerDoesNotBlockPublishers() throws InterruptedException {
        StatusReporter r = reporter();
        CountDownLatch release = new CountDownLatch(1);
        CountDownLatch entered = new CountDownLatch(1);
        RecordingListener listener = new RecordingListener();
        r.addListener(doc -> {
            entered.countDown();
            try {
                release.await(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        r.addListener(listener);
        assertThat(entered.await(5, TimeUnit.SECONDS)).isTrue();

        assertTimeoutPreemptively(Duration.ofSeconds(5), () -> {
            r.publish(SESSION, new Running(T0));
            r.publish(FILE, new Running(T1));
            r.ended("stopped");
        });
        assertThat(r.current().endReason()).isEqualTo("stopped");
        assertThat(listener.documents).as("queued behind the slow listener").isEmpty();

        release.countDown();
        await().atMost(Duration.ofSeconds(5)).until(() -> listener.documents.size() == 4);
        assertThat(listener.last().endReason()).isEqualTo("stopped");
    }

    @Test
    void closeDeliversWhatIsQueued() {
        StatusReporter r = reporter();
        RecordingListener listener = new RecordingListener();
        r.addListener(listener);
        for (int i = 0; i < 50; i++) {
            r.publish(RTMP0, i % 2 == 0 ? new Running(T0.plusSeconds(i)) : new Starting());
        }
        r.ended("stopped");
        r.close();
        assertThat(listener.documents).hasSize(52);
        assertThat(listener.last().endReason()).isEqualTo("stopped");
    }

    @Test
    void listenersAddedLaterStartFromTheLatestDocument() {
        StatusReporter r = reporter();
        r.publish(SESSION, new Running(T0));
        r.publish(FILE, new Running(T1));
        RecordingListener late = new RecordingListener();
        r.addListener(late);
        await().atMost(Duration.ofSeconds(5)).until(() -> late.documents.size() == 1);
        assertThat(late.documents.get(0).browserRecordingState().running()).isTrue();
    }

    @Test
    void publishersOnManyThreadsAllGetDelivered() {
        StatusReporter r = reporter();
        RecordingListener listener = new RecordingListener();
        r.addListener(listener);
        AtomicReference<Throwable> failure = new AtomicReference<>();
        List<Thread> threads = new ArrayList<>();
        for (String c : List.of(SESSION, FILE, RTMP0, RTMP1)) {
            Thread t = new Thread(() -> {
                for (int i = 0; i < 25; i++) {
                    r.publish(c, new Running(T0.plusSeconds(i)));
                }
            });
            t.setUncaughtExceptionHandler((th, e) -> failure.set(e));
            threads.add(t);
            t.start();
        }
        await().atMost(Duration.ofSeconds(5)).until(() -> threads.stream().noneMatch(Thread::isAlive));
        assertThat(failure.get()).isNull();
        await().atMost(Duration.ofSeconds(5)).until(() -> listener.documents.size() == 101);
        StatusDocument last = r.current();
        assertThat(last.browserRecordingState().running()).isTrue();
        assertThat(last.rtmpStreamingState().outputs()).extracting(Output::running).containsExactly(true, true);
        assertThat(listener.documents).contains(last);
    }
}
