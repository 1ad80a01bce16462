package live.recbot.status;
import live.recbot.core.ComponentState;
import live.recbot.core.RecbotError;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import live.recbot.core.Redactor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one place where component states become the room's states. Components publish from their
 * own threads; listeners run on this reporter's single thread, in publish order, so a slow
 * listener never blocks a publisher and never sees states out of order. {@link RoomStateRules}
 * holds how each SDK state follows from the components'.
 */
public final class StatusReporter implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(StatusReporter.class);

    /** What the room looks like: which outputs exist and under which redacted names. */
    public record Layout(String meetingUrl, int width, int height, Optional<String> recordingFile,
                         List<String> rtmpOutputs, Optional<String> hlsPlaylist) {
        /** Without an HLS rendition. */
        public Layout(String meetingUrl, int width, int height, Optional<String> recordingFile,
                      List<String> rtmpOutputs) {
            this(meetingUrl, width, height, recordingFile, rtmpOutputs, Optional.empty());
        }
    }

    public static final String SESSION = "session";
    public static final String FILE = "file";
    /** The key under which the streams' end is kept: they end together, not one by one. */
    static final String RTMP = "rtmp";
    public static final String HLS = "hls";

    public static String rtmpComponent(int index) {
        return "rtmp-" + index;
    }

    private final Redactor redactor;
    private final RoomStateRules rules;
    private final Map<String, ComponentState> states = new LinkedHashMap<>();
    private final Map<String, Instant> startedAt = new LinkedHashMap<>();
    /** The RTMP outputs' redacted names by index, in index order; outputs come and go while running. */
    private final SortedMap<Integer, String> rtmpOutputs = new TreeMap<>();
    private final List<StatusListener> listeners = new CopyOnWriteArrayList<>();
    private final ExecutorService dispatcher;
    private String endReason;
    private String logs;
    private boolean recordingRemoved;
    private StatusDocument.Upload upload;
    /** {@code PAUSED} or {@code RESUMED} once the recording has been paused, else null. */
    private RecordingState pause;
    private StatusDocument current;

    public StatusReporter(Layout layout, Redactor redactor, Clock clock) {
        this.redactor = redactor;
        this.rules = new RoomStateRules(layout, redactor, clock);
        this.dispatcher = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "recbot-status");
            t.setDaemon(true);
            return t;
        });
        states.put(SESSION, new ComponentState.Starting());
        layout.recordingFile().ifPresent(f -> states.put(FILE, new ComponentState.Starting()));
        layout.hlsPlaylist().ifPresent(f -> states.put(HLS, new ComponentState.Starting()));
        for (int i = 0; i < layout.rtmpOutputs().size(); i++) {
            states.put(rtmpComponent(i), new ComponentState.Starting());
            rtmpOutputs.put(i, layout.rtmpOutputs().get(i));
        }
        current = build();
    }

    public synchronized void addListener(StatusListener listener) {
        listeners.add(listener);
        StatusDocument snapshot = current;
        dispatcher.execute(() -> deliver(listener, snapshot));
    }

    public synchronized StatusDocument current() {
        return current;
    }

    public synchronized ComponentState state(String component) {
        return states.get(component);
    }

    public void publish(String component, ComponentState state) {
        synchronized (this) {
            if (!states.containsKey(component)) {
                throw new IllegalArgumentException("unknown component " + component);
            }
            if (state.equals(states.get(component))) {
                return;
            }
            states.put(component, state);
            if (state instanceof ComponentState.Running r) {
                startedAt.putIfAbsent(component, r.since());
            }
            current = build();
            // Queued under the lock, so listeners get documents in the order they were built.
            dispatch(current);
        }
        log.info("{}: {}", component, describe(state));
    }

    /** An RTMP output added while running, starting, as component {@code rtmp-<index>}; {@code name} is redacted. */
    public void addRtmp(int index, String name) {
        String component = rtmpComponent(index);
        synchronized (this) {
            if (states.containsKey(component)) {
                throw new IllegalArgumentException(component + " exists");
            }
            states.put(component, new ComponentState.Starting());
            rtmpOutputs.put(index, name);
            current = build();
            dispatch(current);
        }
        log.info("{}: added ({})", component, name);
    }

    /** An RTMP output removed while running, after it finished: the status no longer lists it. */
    public void removeRtmp(int index) {
        String component = rtmpComponent(index);
        synchronized (this) {
            if (states.remove(component) == null) {
                throw new IllegalArgumentException("unknown component " + component);
            }
            rtmpOutputs.remove(index);
            startedAt.remove(component);
            current = build();
            dispatch(current);
        }
        log.info("{}: removed", component);
    }

    /**
     * The recording was paused ({@code true}) or resumed: while it runs, its state says so. Each
     * call is one transition listeners see.
     */
    public void paused(boolean paused) {
        synchronized (this) {
            pause = paused ? RecordingState.PAUSED : RecordingState.RESUMED;
            current = build();
            dispatch(current);
        }
        log.info("{}: {}", FILE, paused ? "paused" : "resumed");
    }

    /** Completes once every document published so far has reached the listeners. */
    public CompletableFuture<Void> delivered() {
        try {
            return CompletableFuture.runAsync(() -> {
            }, dispatcher);
        } catch (RejectedExecutionException e) {
            // Closed: what was published has been delivered or dropped already.
            return CompletableFuture.completedFuture(null);
        }
    }

    /** The reserved recording file was removed, nothing having been written to it; the status names none. */
    public synchronized void recordingRemoved() {
        recordingRemoved = true;
    }

    /** The recording's upload as it stands; messages are scrubbed like every other. */
    public synchronized void upload(String state, String url, String manifest, RecbotError error) {
        upload = new StatusDocument.Upload(state, url, manifest, rules.error(error));
        current = build();
        dispatch(current);
        log.info("upload: {} {}{}", state, url, error == null ? "" : ": " + error.code() + ": "
                + redactor.scrub(error.message()));
    }

    /** Records why the session ended; the final status carries it. */
    public synchronized void ended(String reason) {
        ended(reason, Optional.empty());
    }

    /** Records why the session ended and where its helper logs were kept; the final status carries both. */
    public synchronized void ended(String reason, Optional<Path> keptLogs) {
        endReason = reason;
        logs = keptLogs.map(Path::toString).orElse(null);
        current = build();
        dispatch(current);
    }

    private void dispatch(StatusDocument doc) {
        for (StatusListener l : listeners) {
            dispatcher.execute(() -> deliver(l, doc));
        }
    }

    private static void deliver(StatusListener l, StatusDocument doc) {
        try {
            l.onStatus(doc);
        } catch (RuntimeException e) {
            log.warn("status listener {} failed: {}", l.getClass().getSimpleName(), e.toString());
        }
    }

    private String describe(ComponentState s) {
        if (s instanceof ComponentState.Failed f) {
            return "failed: " + f.error().code() + ": " + redactor.scrub(f.error().message());
        }
        if (s instanceof ComponentState.Stopped st && st.lastError() != null) {
            return "stopped after error " + st.lastError().code();
        }
        if (s instanceof ComponentState.Retrying r) {
            return "down (retry " + r.retries() + "): " + r.error().code() + ": " + redactor.scrub(r.error().message());
        }
        return s.running() ? "running" : s instanceof ComponentState.Starting ? "starting" : "stopped";
    }

    private StatusDocument build() {
        return rules.build(states, startedAt, rtmpOutputs,
                new RoomStateRules.Extras(pause, upload, recordingRemoved, endReason, logs));
    }

    /** Delivers what is queued, then stops the dispatcher thread. */
    @Override
    public void close() {
        dispatcher.shutdown();
        try {
            if (!dispatcher.awaitTermination(5, TimeUnit.SECONDS)) {
                log.warn("status listeners did not finish within 5 s");
                dispatcher.shutdownNow();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            dispatcher.shutdownNow();
        }
    }
}
