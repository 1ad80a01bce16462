package live.recbot.session;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import live.recbot.core.ComponentState;
import live.recbot.status.StatusDocument;
import live.recbot.status.StatusListener;
import live.recbot.status.StatusReporter;

/**
 * Completes {@link #flowing()} once media flows: the capture runs and every requested output has
 * started or failed, with at least one running. Judged from the session's own component states,
 * on every change the reporter announces.
 */
final class MediaFlow implements StatusListener {
    private final StatusReporter status;
    private final List<String> outputs;
    private final CompletableFuture<Void> flowing = new CompletableFuture<>();
    private final AtomicBoolean settled = new AtomicBoolean();

    /** {@code outputs}: the reporter's component names of the requested outputs. */
    MediaFlow(StatusReporter status, List<String> outputs) {
        this.status = status;
        this.outputs = List.copyOf(outputs);
    }

    CompletableFuture<Void> flowing() {
        return flowing;
    }

    /** Starts following the reporter's changes. */
    void follow() {
        status.addListener(this);
    }

    @Override
    public void onStatus(StatusDocument ignored) {
        // Once settled, outputs may come and go (LiveOutputs): the requested ones are looked at no more.
        if (!settled.get() && mediaFlows() && settled.compareAndSet(false, true)) {
            // Completed through the reporter's queue, after every document already queued, so every
            // listener (the room's status among them) has seen the states that settled it.
            status.addListener(doc -> flowing.complete(null));
        }
    }

    private boolean mediaFlows() {
        ComponentState session = status.state(StatusReporter.SESSION);
        boolean capturing = session.running() || session instanceof ComponentState.Retrying;
        boolean anyRunning = false;
        for (String o : outputs) {
            ComponentState s = status.state(o);
            if (!s.running() && s.error() == null) {
                return false;
            }
            anyRunning |= s.running();
        }
        return capturing && anyRunning;
    }
}
