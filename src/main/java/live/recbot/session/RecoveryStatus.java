package live.recbot.session;

import java.time.Instant;
import java.util.concurrent.atomic.AtomicReference;
import live.recbot.core.ComponentState;
import live.recbot.core.RecbotError;
import live.recbot.status.StatusReporter;

/** Publishes the session's state while its browser is replaced: retrying, then running again. */
final class RecoveryStatus implements BrowserSupervisor.Listener {
    private final StatusReporter status;
    private final AtomicReference<Instant> recordingSince = new AtomicReference<>(Instant.EPOCH);

    RecoveryStatus(StatusReporter status) {
        this.status = status;
    }

    /** The recording's start, which a recovered session reports as running since. */
    void recordingSince(Instant since) {
        recordingSince.set(since);
    }

    @Override
    public void retrying(RecbotError cause, int attempt) {
        status.publish(StatusReporter.SESSION, new ComponentState.Retrying(cause, attempt));
    }

    @Override
    public void recovered() {
        status.publish(StatusReporter.SESSION, new ComponentState.Running(recordingSince.get()));
    }
}
