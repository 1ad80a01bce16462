package live.recbot.session;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import live.recbot.core.ComponentState;
import live.recbot.core.ErrorCode;
import live.recbot.core.RecbotError;
import live.recbot.core.Redactor;
import live.recbot.status.StatusDocument;
import live.recbot.status.StatusReporter;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class MediaFlowTest {
    static final Instant T0 = Instant.parse("2025-03-01T10:00:00Z");
    static final String FILE = StatusReporter.FILE;
    static final String RTMP0 = StatusReporter.rtmpComponent(0);
    static final String SESSION = StatusReporter.SESSION;
    static final RecbotError REFUSED = new RecbotError.OutputError("rtmp://a/***", ErrorCode.RTMP_PUBLISH_REJECTED,
            "refused", false);

    private final StatusReporter status = new StatusReporter(new StatusReporter.Layout("https://meet.example.com/r",
            1280, 720, Optional.of("/rec/a.mp4"), List.of("rtmp://a/***")), Redactor.none(), Clock.fixed(T0, ZoneOffset.UTC));
    private final MediaFlow flow = new MediaFlow(status, List.of(FILE, RTMP0));

    @AfterEach
    void close() {
        status.close();
    }

    /** Waits until every document published so far has reached the listeners. */
    private void drain() throws Exception {
        java.util.concurrent.CompletableFuture<Void> seen = new java.util.concurrent.CompletableFuture<>();
        status.addListener(doc -> seen.complete(null));
        seen.get(5, TimeUnit.SECONDS);
    }

    @Test
    void mediaFlowsOnceTheCaptureRunsAndEveryOutputHasStarted() throws Exception {
        flow.follow();
        status.publish(FILE, new ComponentState.Running(T0));
        status.publish(RTMP0, new ComponentState.Running(T0));
        drain();
        assertThat(flow.flowing()).as("the capture has not started").isNotDone();
        status.publish(SESSION, new ComponentState.Running(T0));
        flow.flowing().get(5, TimeUnit.SECONDS);
    }

    @Test
    void anOutputStillStartingHoldsItBack() throws Exception {
        flow.follow();
        status.publish(SESSION, new ComponentState.Running(T0));
        status.publish(FILE, new ComponentState.Running(T0));
        drain();
        assertThat(flow.flowing()).isNotDone();
        status.publish(RTMP0, new ComponentState.Failed(REFUSED));
        flow.flowing().get(5, TimeUnit.SECONDS);
    }

    @Test
    void everyOutputFailedIsNotMediaFlowing() throws Exception {
        flow.follow();
        status.publish(SESSION, new ComponentState.Running(T0));
        status.publish(FILE, new ComponentState.Failed(REFUSED));
        status.publish(RTMP0, new ComponentState.Failed(REFUSED));
        drain();
        assertThat(flow.flowing()).isNotDone();
    }

    @Test
    void aListenerAddedBeforeHasSeenTheRunningOutputsWhenMediaFlows() throws Exception {
        List<StatusDocument> room = new CopyOnWriteArrayList<>();
        status.addListener(doc -> {
            // A slow listener: the flow must still wait for it.
            LockSupport.parkNanos(Duration.ofMillis(5).toNanos());
            room.add(doc);
        });
        flow.follow();
        List<StatusDocument> seenWhenFlowing = new CopyOnWriteArrayList<>();
        flow.flowing().thenRun(() -> seenWhenFlowing.addAll(room));
        status.publish(SESSION, new ComponentState.Running(T0));
        status.publish(FILE, new ComponentState.Running(T0));
        status.publish(RTMP0, new ComponentState.Running(T0));
        flow.flowing().get(5, TimeUnit.SECONDS);
        assertThat(seenWhenFlowing).isNotEmpty();
        StatusDocument last = seenWhenFlowing.get(seenWhenFlowing.size() - 1);
        assertThat(last.browserRecordingState().running()).isTrue();
        assertThat(last.rtmpStreamingState().outputs()).allMatch(StatusDocument.Output::running);
    }
}
