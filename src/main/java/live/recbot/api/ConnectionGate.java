package live.recbot.api;

import live.recbot.core.ErrorCode;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.util.ArrayDeque;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The API's public socket: one thread that accepts, caps connections per client address and in all,
 * reads each request whole within a deadline, and only then hands it to the JDK server listening
 * on loopback. A stalled or slow client therefore costs a socket and a small buffer, never a thread.
 */
final class ConnectionGate implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(ConnectionGate.class);
    private static final long SELECT_MILLIS = 250;
    private final ServerSocketChannel listener;
    private final Selector selector;
    private final InetSocketAddress upstream;
    private final ApiLimits limits;
    private final Map<InetAddress, Integer> perClient = new HashMap<>();
    // At most one entry per connection (those in timed): one whose connection has since got a later
    // deadline goes back in for that one when it comes up.
    private final PriorityQueue<Pending> byDeadline = new PriorityQueue<>(Comparator.comparingLong(Pending::deadlineNanos));
    private final Set<GatedConnection> timed = Collections.newSetFromMap(new IdentityHashMap<>());
    // Refusal order is linger-end order, for the same reason.
    private final ArrayDeque<GatedConnection> byLingerEnd = new ArrayDeque<>();
    private final Thread thread;
    private volatile boolean closing;
    private int open;

    private ConnectionGate(ServerSocketChannel listener, Selector selector, InetSocketAddress upstream, ApiLimits limits) {
        this.listener = listener;
        this.selector = selector;
        this.upstream = upstream;
        this.limits = limits;
        this.thread = new Thread(this::run, "recbot-api-gate");
        thread.setDaemon(true);
    }

    /** Listens on {@code bind} and relays whole requests to {@code upstream}. */
    static ConnectionGate start(InetSocketAddress bind, InetSocketAddress upstream, ApiLimits limits) throws IOException {
        ServerSocketChannel listener = ServerSocketChannel.open();
        Selector selector = Selector.open();
        try {
            listener.bind(bind, 128);
            listener.configureBlocking(false);
            listener.register(selector, SelectionKey.OP_ACCEPT);
        } catch (IOException e) {
            listener.close();
            selector.close();
            throw e;
        }
        ConnectionGate gate = new ConnectionGate(listener, selector, upstream, limits);
        gate.thread.start();
        return gate;
    }

    int port() {
        return ((InetSocketAddress) listener.socket().getLocalSocketAddress()).getPort();
    }

    private void run() {
        while (!closing) {
            try {
                selector.select(SELECT_MILLIS);
                for (SelectionKey key : selector.selectedKeys()) {
                    if (key.isValid()) {
                        dispatch(key);
                    }
                }
                selector.selectedKeys().clear();
                expire(System.nanoTime());
            } catch (IOException | RuntimeException e) {
                if (!closing) {
                    log.warn("API gate: {}", e.toString());
                }
            }
        }
    }

    private void dispatch(SelectionKey key) {
        if (key.channel() == listener) {
            acceptAll();
            return;
        }
        GatedConnection c = (GatedConnection) key.attachment();
        boolean wasLingering = c.lingering();
        long deadline = c.deadlineNanos();
        boolean alive;
        try {
            alive = c.onReady(key);
        } catch (IOException | RuntimeException e) {
            log.debug("API connection dropped: {}", e.toString());
            c.close();
            alive = false;
        }
        if (!alive) {
            release(c);
        } else if (c.lingering() && !wasLingering) {
            byLingerEnd.add(c);
        } else if (c.reading() && c.deadlineNanos() != deadline) {
            schedule(c);
        }
    }

    /** Puts the connection's deadline in the queue unless an entry of it is there already. */
    private void schedule(GatedConnection c) {
        if (timed.add(c)) {
            byDeadline.add(new Pending(c, c.deadlineNanos()));
        }
    }

    private void acceptAll() {
        while (true) {
            SocketChannel channel;
            try {
                channel = listener.accept();
            } catch (IOException e) {
                // Out of descriptors or similar: try again on the next select rather than spin.
                log.warn("API accept failed: {}", e.toString());
                return;
            }
            if (channel == null) {
                return;
            }
            admit(channel);
        }
    }

    private void admit(SocketChannel channel) {
        InetAddress address;
        try {
            address = ((InetSocketAddress) channel.getRemoteAddress()).getAddress();
        } catch (IOException | RuntimeException e) {
            QuietClose.close(channel);
            return;
        }
        if (open >= limits.maxConnections()) {
            QuietClose.close(channel);
            return;
        }
        long now = System.nanoTime();
        GatedConnection c;
        try {
            c = new GatedConnection(channel, address, upstream, selector, limits, now);
        } catch (IOException e) {
            QuietClose.close(channel);
            return;
        }
        // Refused connections count too while they linger, so refusing cannot exhaust descriptors.
        int fromClient = perClient.merge(address, 1, Integer::sum);
        open++;
        if (fromClient > limits.perClient()) {
            c.refuse(429, ErrorCode.TOO_MANY_CONNECTIONS, "at most " + limits.perClient()
                    + " open connections per client address", now);
            byLingerEnd.add(c);
        } else {
            schedule(c);
        }
    }

    private void expire(long now) {
        while (!byDeadline.isEmpty() && now - byDeadline.peek().deadlineNanos() >= 0) {
            Pending p = byDeadline.poll();
            GatedConnection c = p.connection();
            boolean current = c.reading() && c.deadlineNanos() == p.deadlineNanos();
            if (!current && c.reading()) {
                byDeadline.add(new Pending(c, c.deadlineNanos()));
                continue;
            }
            timed.remove(c);
            if (current && c.idle()) {
                // A kept-alive connection nobody used again: nothing was asked, so nothing is answered.
                c.close();
                release(c);
            } else if (current) {
                c.refuse(408, ErrorCode.REQUEST_TIMEOUT, "request: headers and body must arrive within "
                        + limits.requestDeadline().toSeconds() + " s", now);
                byLingerEnd.add(c);
            }
        }
        while (!byLingerEnd.isEmpty()) {
            GatedConnection c = byLingerEnd.peek();
            if (c.lingering() && now - c.lingerUntilNanos() < 0) {
                return;
            }
            byLingerEnd.poll();
            c.close();
            release(c);
        }
    }

    private void release(GatedConnection c) {
        if (c.release()) {
            open--;
            perClient.computeIfPresent(c.address(), (a, n) -> n == 1 ? null : n - 1);
        }
    }

    @Override
    public void close() {
        closing = true;
        selector.wakeup();
        try {
            thread.join(TimeUnit.SECONDS.toMillis(2));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        for (SelectionKey key : selector.keys()) {
            if (key.attachment() instanceof GatedConnection c) {
                c.close();
            }
        }
        try {
            selector.close();
            listener.close();
        } catch (IOException e) {
            log.debug("API gate close: {}", e.toString());
        }
    }

    private record Pending(GatedConnection connection, long deadlineNanos) {
    }
}
