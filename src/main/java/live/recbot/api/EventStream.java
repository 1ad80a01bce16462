package live.recbot.api;

import live.recbot.core.ErrorCode;
import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import live.recbot.status.RoomStatus;
import live.recbot.status.StatusJson;

/**
 * GET /v1/events: Server-Sent Events, one per status change, in order, each with its sequence
 * number as the event id. Every client has its own bounded queue; a client too slow to keep up is
 * disconnected rather than allowed to hold back the others. Streams run on their own bounded pool,
 * so listeners never take the threads that answer requests and probes.
 */
final class EventStream implements AutoCloseable {
    private static final int CLIENT_QUEUE = 256;
    private static final long KEEPALIVE_SECONDS = 15;
    private final RoomStatus room;
    private final int maxClients;
    private final AtomicInteger clients = new AtomicInteger();
    private final AtomicBoolean closed = new AtomicBoolean();
    private final Executor streams;

    /** {@code streams} must run {@code maxClients} tasks at once. */
    EventStream(RoomStatus room, int maxClients, Executor streams) {
        this.room = room;
        this.maxClients = maxClients;
        this.streams = streams;
    }

    /**
     * Hands this client to a stream thread, which closes the exchange when the client goes away or
     * the server closes; false, after answering 503, when there are too many clients already.
     */
    boolean serve(HttpExchange ex) throws IOException {
        if (clients.incrementAndGet() > maxClients) {
            clients.decrementAndGet();
            Replies.sendJson(ex, 503, "{\"error\":{\"code\":\"" + ErrorCode.TOO_MANY_CLIENTS.wire() + "\",\"message\":\"too many event clients\"}}");
            return false;
        }
        try {
            streams.execute(() -> {
                try (ex) {
                    stream(ex);
                } catch (IOException e) {
                    // The client went away: its stream simply ends.
                } finally {
                    clients.decrementAndGet();
                }
            });
        } catch (RejectedExecutionException e) {
            clients.decrementAndGet();
            throw e;
        }
        return true;
    }

    private void stream(HttpExchange ex) throws IOException {
        BlockingQueue<RoomStatus.Change> queue = new ArrayBlockingQueue<>(CLIENT_QUEUE);
        AtomicBoolean overflow = new AtomicBoolean();
        RoomStatus.ChangeListener listener = change -> {
            if (!queue.offer(change)) {
                overflow.set(true);
            }
        };
        ex.getResponseHeaders().set("Content-Type", "text/event-stream");
        ex.getResponseHeaders().set("Cache-Control", "no-store");
        // The stream ends only with its connection; said, so that no client sends another request on it.
        ex.getResponseHeaders().set("Connection", "close");
        ex.sendResponseHeaders(200, 0);
        room.addChangeListener(listener);
        try (OutputStream out = ex.getResponseBody()) {
            out.write(": recbot status events\n\n".getBytes(StandardCharsets.UTF_8));
            out.flush();
            while (!closed.get() && !overflow.get()) {
                RoomStatus.Change c = queue.poll(KEEPALIVE_SECONDS, TimeUnit.SECONDS);
                String frame = c == null ? ": keepalive\n\n"
                        : "id: " + c.sequence() + "\nevent: status\ndata: " + StatusJson.write(c.status()) + "\n\n";
                out.write(frame.getBytes(StandardCharsets.UTF_8));
                out.flush();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            room.removeChangeListener(listener);
        }
    }

    @Override
    public void close() {
        closed.set(true);
    }
}
