package live.recbot.api;

import live.recbot.core.ErrorCode;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.util.Optional;

/**
 * One client connection through the gate: each request is read without blocking until whole, then
 * sent to the JDK server in one piece, and the answer relayed back as fast as the client takes it.
 * The connection carries request after request, on one upstream connection of its own, while the
 * client keeps it (HTTP/1.1 keep-alive) and each answer's end can be told from its head
 * ({@link AnswerFrame}); otherwise the upstream's input is closed after the request, so the server
 * answers and closes, and the answer ends with a lingering close. A client that closes ends both.
 * Driven only by the gate's selector thread.
 */
final class GatedConnection {
    private enum Phase { READING, CONNECTING, RELAYING, LINGERING, CLOSED }

    private static final int RELAY_BUFFER = 16 * 1024;
    // After an answer, what the client still sends is drained this long so closing sends FIN, not RST.
    private static final long LINGER_NANOS = 2_000_000_000L;
    private final SocketChannel client;
    private final InetAddress address;
    private final ApiLimits limits;
    private final SelectionKey clientKey;
    private final AnswerFrame frame;
    private long deadlineNanos;
    private Phase phase = Phase.READING;
    private final RequestBuffer request;
    private RequestHead head;
    private boolean reuse;
    private int answered;
    private ByteBuffer toUpstream;
    private final ByteBuffer toClient = ByteBuffer.allocate(RELAY_BUFFER);
    private final UpstreamLink upstream;
    private boolean upstreamDone;
    private boolean released;
    private long lingerUntilNanos;

    GatedConnection(SocketChannel client, InetAddress address, InetSocketAddress upstreamAddress, Selector selector,
                    ApiLimits limits, long nowNanos) throws IOException {
        this.client = client;
        this.address = address;
        this.limits = limits;
        this.frame = new AnswerFrame();
        this.request = new RequestBuffer(limits.maxHeadBytes());
        this.deadlineNanos = nowNanos + limits.requestDeadline().toNanos();
        client.configureBlocking(false);
        // The gate writes each answer as it comes; on a kept connection Nagle's algorithm would delay its last piece.
        client.setOption(StandardSocketOptions.TCP_NODELAY, true);
        this.clientKey = client.register(selector, SelectionKey.OP_READ, this);
        this.upstream = new UpstreamLink(upstreamAddress, selector, this);
    }

    InetAddress address() {
        return address;
    }

    /** When the request being read must be whole; a new one for each request on the connection. */
    long deadlineNanos() {
        return deadlineNanos;
    }

    boolean reading() {
        return phase == Phase.READING;
    }

    /** Kept open after an answer, with nothing of a next request yet: closed without a word at its deadline. */
    boolean idle() {
        return phase == Phase.READING && answered > 0 && request.received() == 0;
    }

    boolean lingering() {
        return phase == Phase.LINGERING;
    }

    long lingerUntilNanos() {
        return lingerUntilNanos;
    }

    /** True the first time only: the gate takes a connection off its counts exactly once. */
    boolean release() {
        boolean first = !released;
        released = true;
        return first;
    }

    /** Whatever the key is ready for; false once this connection is finished. */
    boolean onReady(SelectionKey key) throws IOException {
        if (key == clientKey) {
            if (key.isReadable()) {
                if (phase == Phase.READING && request.readFrom(client, true) < 0) {
                    close();
                } else if (phase == Phase.READING) {
                    takeRequest();
                } else if (reuse && (phase == Phase.CONNECTING || phase == Phase.RELAYING)) {
                    readAhead();
                } else {
                    discardInput();
                }
            }
            if (phase == Phase.RELAYING && key.isValid() && key.isWritable()) {
                flushToClient();
            }
        } else if (phase == Phase.READING) {
            if (key.isReadable() && !upstream.stillIdle()) {
                close();
            }
        } else {
            if (key.isConnectable() && upstream.finishConnect()) {
                phase = Phase.RELAYING;
                upstream.interest(SelectionKey.OP_WRITE);
            }
            if (phase == Phase.RELAYING && key.isValid() && key.isWritable()) {
                writeUpstream();
            }
            if (phase == Phase.RELAYING && key.isValid() && key.isReadable()) {
                readUpstream();
            }
        }
        return phase != Phase.CLOSED;
    }

    private void takeRequest() throws IOException {
        if (head == null) {
            Optional<RequestHead> found = request.findHead();
            // Sent ahead on a kept connection, a whole head can be in a buffer larger than the limit.
            if (found.map(h -> h.length() > limits.maxHeadBytes()).orElse(request.received() >= limits.maxHeadBytes())) {
                refuse(431, ErrorCode.REQUEST_TOO_LARGE, "request headers: must be at most " + limits.maxHeadBytes() + " bytes",
                        System.nanoTime());
                return;
            }
            if (found.isEmpty()) {
                return;
            }
            head = found.get();
            if (head.chunked()) {
                refuse(411, ErrorCode.LENGTH_REQUIRED, "body: must be sent with Content-Length, not chunked", System.nanoTime());
                return;
            }
            request.await(head.awaitedBytes(ApiServer.MAX_BODY_BYTES));
            if (head.expectsContinue() && !request.whole() && !GateAnswers.sendContinue(client)) {
                close();
                return;
            }
        }
        if (request.whole()) {
            sendUpstream();
        }
    }

    /** A keep-alive client's next request, read while this one's answer is relayed, up to what the buffer holds. */
    private void readAhead() throws IOException {
        int n = request.readFrom(client, false);
        if (n < 0) {
            close();
        } else if (request.full()) {
            clientKey.interestOps(clientKey.interestOps() & ~SelectionKey.OP_READ);
        }
    }

    /** Input after the request, or after a refusal, is not for anyone; its end means the client left. */
    private void discardInput() throws IOException {
        if (client.read(ByteBuffer.allocate(512)) < 0) {
            close();
        }
    }

    private void sendUpstream() throws IOException {
        reuse = head.reusable(ApiServer.MAX_BODY_BYTES);
        toUpstream = request.forwarded(head);
        frame.reset(head.headOnly());
        phase = upstream.open() ? Phase.RELAYING : Phase.CONNECTING;
    }

    private void writeUpstream() throws IOException {
        try {
            upstream.write(toUpstream);
        } catch (IOException e) {
            if (!resentOnFreshLink()) {
                throw e;
            }
            return;
        }
        if (!toUpstream.hasRemaining()) {
            if (!reuse) {
                upstream.endRequests();
            }
            upstream.interest(SelectionKey.OP_READ);
        }
    }

    /**
     * The server closed a kept link just as the gate sent on it, before answering anything: a GET or
     * HEAD goes again on a new one, once, as clients retry them; any other request may have been
     * acted on, so its client sees the close.
     */
    private boolean resentOnFreshLink() throws IOException {
        if (!upstream.reused() || frame.started() || !head.retryable()) {
            return false;
        }
        upstream.close();
        toUpstream.rewind();
        phase = upstream.open() ? Phase.RELAYING : Phase.CONNECTING;
        return true;
    }

    private void readUpstream() throws IOException {
        int from = toClient.position();
        int n = upstream.read(toClient);
        if (n < 0 && resentOnFreshLink()) {
            return;
        }
        if (n < 0) {
            upstreamDone = true;
            upstream.interest(0);
        } else if (n > 0) {
            frame.relayed(toClient, from, n);
            if (frame.unframed() && reuse) {
                // It ends when the server closes, which it does once its input ends.
                reuse = false;
                if (!toUpstream.hasRemaining()) {
                    upstream.endRequests();
                }
            }
        }
        flushToClient();
    }

    private void flushToClient() throws IOException {
        toClient.flip();
        client.write(toClient);
        boolean drained = !toClient.hasRemaining();
        toClient.compact();
        if (drained && (upstreamDone || reuse && frame.complete())) {
            answerDone();
            return;
        }
        int read = clientKey.interestOps() & SelectionKey.OP_READ;
        clientKey.interestOps(drained ? read : read | SelectionKey.OP_WRITE);
        if (!upstreamDone) {
            upstream.interest(toClient.hasRemaining() ? SelectionKey.OP_READ : 0);
        }
    }

    /** The answer has reached the client: the connection waits for the next request, or ends. */
    private void answerDone() throws IOException {
        if (!reuse || !frame.complete() || frame.closes() || upstreamDone || toUpstream.hasRemaining()) {
            linger(System.nanoTime());
            return;
        }
        answered++;
        request.next();
        head = null;
        toUpstream = null;
        deadlineNanos = System.nanoTime() + limits.requestDeadline().toNanos();
        phase = Phase.READING;
        upstream.interest(SelectionKey.OP_READ);
        clientKey.interestOps(SelectionKey.OP_READ);
        if (request.received() > 0) {
            takeRequest();
        }
    }

    /** Answers without the JDK server, for requests refused at the gate, then lingers until the client closes. */
    void refuse(int code, ErrorCode errorCode, String message, long nowNanos) {
        GateAnswers.refuse(client, code, errorCode, message);
        linger(nowNanos);
    }

    /** The answer is complete: FIN now, and close once the client has closed too or the linger ends. */
    private void linger(long nowNanos) {
        try {
            client.shutdownOutput();
            clientKey.interestOps(SelectionKey.OP_READ);
            phase = Phase.LINGERING;
            lingerUntilNanos = nowNanos + LINGER_NANOS;
            upstream.close();
            request.release();
        } catch (IOException | RuntimeException e) {
            close();
        }
    }

    void close() {
        if (phase == Phase.CLOSED) {
            return;
        }
        phase = Phase.CLOSED;
        QuietClose.close(client);
        upstream.close();
    }
}
