package live.recbot.output;

import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import live.recbot.core.ComponentState;
import live.recbot.core.ErrorCode;
import live.recbot.core.RecbotError;
import live.recbot.core.Redactor;
import live.recbot.encode.EncodedStream;
import live.recbot.encode.FFmpegException;
import live.recbot.encode.FFmpegLog;
import live.recbot.status.StatusReporter;
import org.bytedeco.ffmpeg.avcodec.AVPacket;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One output, supervised on its own thread with its own queue and muxer, so its failure is its
 * own: it connects, reconnects with backoff while the policy says a failure may heal, gives up
 * once an outage outlasts the retry policy, and publishes its state as it goes.
 */
public final class MuxerOutput implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(MuxerOutput.class);
    /** About 10 s of 30 fps video plus AAC at 48 kHz. */
    static final int QUEUE_PACKETS = 800;
    /** How long an aborted output gets to notice before finishing stops waiting for it. */
    private static final Duration ABORT_GRACE = MuxerConnection.IO_TIMEOUT.multipliedBy(2);

    private final OutputTarget target;
    private final MuxedStreams streams;
    private final MuxerPolicy policy;
    private final OutputLabels labels;
    private final StatusReporter status;
    private final Redactor redactor;
    private final Clock clock;
    private final RetryPolicy retry;
    private final Thread thread;
    private final PacketQueue queue;
    private final StallWatchdog watchdog = new StallWatchdog();
    private final AtomicBoolean threadStarted = new AtomicBoolean();
    private final AtomicBoolean failed = new AtomicBoolean();
    private final AtomicLong written = new AtomicLong();
    private final AtomicLong sent = new AtomicLong();
    private final AtomicLong reconnects = new AtomicLong();
    private final CountDownLatch endRequested = new CountDownLatch(1);
    private final CountDownLatch finished = new CountDownLatch(1);

    public MuxerOutput(OutputTarget target, List<EncodedStream> streams, StatusReporter status, Redactor redactor,
                       Clock clock, RetryPolicy retry) {
        this.target = target;
        this.streams = new MuxedStreams(streams);
        this.policy = target.newMuxer();
        this.labels = OutputLabels.of(target);
        this.status = status;
        this.redactor = redactor;
        this.clock = clock;
        this.retry = retry;
        this.thread = new Thread(this::run, labels.threadName());
        this.queue = new PacketQueue(QUEUE_PACKETS, thread, labels.name(), this.streams);
    }

    /**
     * Opens the file or connection on this output's own thread; packets offered from now on are
     * written once it is open. Only the first call has an effect.
     */
    public void start() {
        if (threadStarted.compareAndSet(false, true)) {
            thread.start();
        }
    }

    /** Whether {@link #start()} was called: only then is there anything to {@link #finish}. */
    public boolean started() {
        return threadStarted.get();
    }

    public OutputTarget target() {
        return target;
    }

    public long packetsWritten() {
        return written.get();
    }

    public long packetsDropped() {
        return queue.dropped();
    }

    /** Bytes handed to the file or the connection, container included. */
    public long bytesSent() {
        return sent.get();
    }

    /** Reconnects tried after the output went down. */
    public long reconnects() {
        return reconnects.get();
    }

    /** Packets waiting to be written. */
    public int queueDepth() {
        return queue.size();
    }

    /** Whether the output is writing: connected (or open) and past its first packet, not down. */
    public boolean up() {
        return status.state(labels.component()).running();
    }

    public boolean failed() {
        return failed.get();
    }

    /** Takes a reference to {@code packet} for this output, or drops it. Called from the encoder threads; never blocks. */
    public void offer(AVPacket packet) {
        queue.offer(packet);
    }

    private boolean ending() {
        return endRequested.getCount() == 0;
    }

    private void run() {
        Outage outage = new Outage(retry);
        try {
            while (!ending() || !queue.isEmpty()) {
                if (connectOnce(outage)) {
                    if (failed()) {
                        salvage();
                    }
                    return;
                }
                // What piled up while down is stale; the next connection starts at a fresh keyframe.
                queue.restartAtKeyframe();
                if (endRequested.await(outage.backoff().toMillis(), TimeUnit.MILLISECONDS)) {
                    break;
                }
                outage.backOff();
            }
            stopped(outage.lastError());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            fail(new RecbotError.OutputError(labels.name(), ErrorCode.INTERRUPTED, "interrupted", true));
        } catch (RuntimeException e) {
            fail(new RecbotError.OutputError(labels.name(), ErrorCode.INTERNAL, e.toString(), false));
        } finally {
            queue.close();
            finished.countDown();
        }
    }

    /**
     * One connection, from opening to its trailer or its failure; a failure is judged before the
     * connection is closed, while FFmpeg's last words are still its own. True once this output is
     * done for good, finished or failed.
     */
    private boolean connectOnce(Outage outage) throws InterruptedException {
        try (MuxerConnection connection = MuxerConnection.open(policy, streams, watchdog, labels, sent)) {
            long openedAt = System.nanoTime();
            log.debug("output {} open", labels.name());
            boolean reconnect = outage.ongoing();
            int retriesBefore = outage.retries();
            outage.recovered();
            try {
                // Running once media flows, not merely once connected: a stream may connect
                // while the meeting page is still loading.
                connection.pump(queue, this::ending, () -> running(reconnect, retriesBefore), written);
                connection.finish();
            } catch (FFmpegException e) {
                return failedForGood(e, true, Duration.ofNanos(System.nanoTime() - openedAt), outage);
            }
            stopped(null);
            log.info("output {} finished: {} packets written, {} dropped", labels.name(), written.get(),
                    queue.dropped());
            return true;
        } catch (FFmpegException e) {
            return failedForGood(e, false, Duration.ZERO, outage);
        }
    }

    private void salvage() {
        try {
            long cut = policy.afterFailure();
            if (cut > 0) {
                log.warn("output {} ended inside an unfinished fragment; cut its last {} bytes so it plays up to"
                        + " there", labels.name(), cut);
            }
        } catch (IOException e) {
            log.warn("output {}: could not cut its unfinished last fragment: {}", labels.name(),
                    redactor.scrub(String.valueOf(e.getMessage())));
        }
    }

    private void running(boolean reconnect, int retriesBefore) {
        status.publish(labels.component(), new ComponentState.Running(clock.instant()));
        if (reconnect) {
            log.info("output {} reconnected after {} retries", labels.name(), retriesBefore);
        } else {
            log.info("output {} started", labels.name());
        }
    }

    /** Publishes a failed attempt: retrying, or failed for good (then true). */
    private boolean failedForGood(FFmpegException e, boolean connected, Duration connectedFor, Outage outage) {
        String detail = redactor.scrub(e.getMessage())
                + FFmpegLog.lastError().map(l -> " (" + redactor.scrub(l) + ")").orElse("");
        RecbotError error = policy.failure(e.code(), detail, connected, connectedFor);
        if (!error.retryable()) {
            fail(error);
            return true;
        }
        if (outage.failedAt(clock.instant(), error)) {
            fail(new RecbotError.OutputError(labels.name(), ErrorCode.RTMP_OUTPUT_GAVE_UP, "gave up after "
                    + retry.giveUpAfter().toSeconds() + " s of failed reconnects: " + error.message(), false));
            return true;
        }
        int retries = outage.retrying();
        reconnects.incrementAndGet();
        log.warn("output {} is down ({}); retry {} in {} ms", labels.name(), error.message(), retries,
                outage.backoff().toMillis());
        status.publish(labels.component(), new ComponentState.Retrying(error, retries));
        return false;
    }

    /** A failed output keeps its failure as its final state, even if its trailer was written after. */
    private void stopped(RecbotError lastError) {
        if (!failed()) {
            status.publish(labels.component(), new ComponentState.Stopped(lastError));
        }
    }

    /** The first failure is the one reported; what follows from it (an aborted write) is not. */
    private void fail(RecbotError error) {
        if (!failed.compareAndSet(false, true)) {
            return;
        }
        queue.refuse();
        log.error("output {} failed: {}: {}", labels.name(), error.code(), error.message());
        status.publish(labels.component(), new ComponentState.Failed(error));
    }

    /**
     * Fails this output from outside, for a fault its own writes cannot see (its file was
     * deleted: writes to the unlinked file would still succeed). Its thread stops writing.
     */
    public void abandon(RecbotError error) {
        fail(error);
        watchdog.abort();
    }

    /**
     * Stops taking packets, writes what is queued and finalises the output. Waits at most
     * {@code timeout}; an output stuck on the network is then aborted.
     */
    public void finish(Duration timeout) {
        queue.refuse();
        endRequested.countDown();
        queue.wake();
        try {
            if (!finished.await(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                log.warn("output {} did not finish within {} s; aborting it", labels.name(), timeout.toSeconds());
                watchdog.abort();
                finished.await(ABORT_GRACE.toMillis(), TimeUnit.MILLISECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            watchdog.abort();
        }
    }

    @Override
    public void close() {
        finish(Duration.ofSeconds(10));
        watchdog.close();
    }
}
