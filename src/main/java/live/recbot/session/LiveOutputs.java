package live.recbot.session;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import live.recbot.config.ConfigException;
import live.recbot.config.HMSRecordingConfig;
import live.recbot.config.OutputChange;
import live.recbot.core.ComponentState;
import live.recbot.output.MuxerOutput;
import live.recbot.output.OutputTarget;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A running session's RTMP outputs, changed while it runs ({@code POST /v1/outputs}). Changes are
 * serialised; once the session ends, none is made. A removed output is finished (its trailer
 * written) and leaves the status and the metrics; an added one takes the lowest free index, so it
 * is {@code rtmp-<index>} in the status and {@code output="<index>"} in the metrics, and starts on
 * a keyframe asked of the encoder at once.
 */
final class LiveOutputs {
    private static final Logger log = LoggerFactory.getLogger(LiveOutputs.class);
    /**
     * How long a change waits for its added outputs to connect (or fail) before it answers: a
     * little over FFmpeg's 5 s limit for a connection that makes no progress.
     */
    private static final Duration SETTLE = Duration.ofSeconds(6);
    private static final long SETTLE_POLL_NANOS = TimeUnit.MILLISECONDS.toNanos(10);

    private final MediaPipeline media;
    private final SessionPlan plan;
    private boolean closed;

    LiveOutputs(MediaPipeline media, SessionPlan plan) {
        this.media = media;
        this.plan = plan;
    }

    /**
     * Makes {@code change}; false once the session is ending. A change the session's outputs
     * refuse throws {@link ConfigException} and changes nothing.
     */
    synchronized boolean change(OutputChange change) {
        if (closed) {
            return false;
        }
        SortedMap<Integer, MuxerOutput> rtmp = rtmpOutputs();
        HMSRecordingConfig now = plan.config().recording();
        List<URI> urls = rtmp.values().stream().map(o -> ((OutputTarget.Rtmp) o.target()).uri()).toList();
        change.applyTo(new HMSRecordingConfig(now.meetingUrl(), urls, now.record(), now.resolution(), now.hls(),
                now.audioOnly()));
        List<MuxerOutput> removed = rtmp.values().stream()
                .filter(o -> change.remove().contains(((OutputTarget.Rtmp) o.target()).uri())).toList();
        if (change.add().isEmpty() && media.outputs().stream().filter(o -> !removed.contains(o))
                .allMatch(MuxerOutput::failed)) {
            throw new ConfigException(OutputChange.REMOVE, "would leave nothing running: every other output has failed");
        }
        for (MuxerOutput o : removed) {
            remove(o);
            rtmp.values().remove(o);
        }
        List<MuxerOutput> added = new ArrayList<>();
        for (URI url : change.add()) {
            MuxerOutput o = add(lowestFree(rtmp), url);
            rtmp.put(((OutputTarget.Rtmp) o.target()).index(), o);
            added.add(o);
        }
        awaitSettled(added);
        return true;
    }

    /** Makes no more changes; waits for one under way. */
    synchronized void close() {
        closed = true;
    }

    private SortedMap<Integer, MuxerOutput> rtmpOutputs() {
        SortedMap<Integer, MuxerOutput> rtmp = new TreeMap<>();
        for (MuxerOutput o : media.outputs()) {
            if (o.target() instanceof OutputTarget.Rtmp r) {
                rtmp.put(r.index(), o);
            }
        }
        return rtmp;
    }

    private static int lowestFree(SortedMap<Integer, MuxerOutput> rtmp) {
        int index = 0;
        while (rtmp.containsKey(index)) {
            index++;
        }
        return index;
    }

    private void remove(MuxerOutput o) {
        int index = ((OutputTarget.Rtmp) o.target()).index();
        log.info("removing output {} ({})", o.target().component(), o.target().displayName());
        media.remove(o);
        MediaMeters.unbind(plan.meters(), o);
        plan.status().removeRtmp(index);
    }

    private MuxerOutput add(int index, URI url) {
        // Learnt first: from here on the key may turn up in FFmpeg's log or an error.
        plan.redactor().learnRtmpUrl(url);
        OutputTarget.Rtmp target = new OutputTarget.Rtmp(index, url);
        plan.status().addRtmp(index, target.displayName());
        MuxerOutput o = new MuxerOutput(target, media.streams(), plan.status(), plan.redactor(), plan.clock(),
                plan.retryPolicy());
        MediaMeters.bind(plan.meters(), o);
        media.add(o);
        return o;
    }

    /** Waits until each added output is running or has had its first failure, at most {@link #SETTLE}. */
    private void awaitSettled(List<MuxerOutput> added) {
        long deadline = System.nanoTime() + SETTLE.toNanos();
        for (MuxerOutput o : added) {
            while (starting(o) && System.nanoTime() < deadline) {
                LockSupport.parkNanos(SETTLE_POLL_NANOS);
            }
        }
    }

    private boolean starting(MuxerOutput o) {
        return Optional.ofNullable(plan.status().state(o.target().component()))
                .map(s -> s instanceof ComponentState.Starting).orElse(false);
    }
}
