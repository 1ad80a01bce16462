package live.recbot.api;

import live.recbot.core.ErrorCode;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Optional;

/**
 * One client connection through the gate: its request is read without blocking until whole, then
 * sent to the JDK server in one piece, and the answer relayed back as fast as the client takes it.
 * One request per connection: the upstream's input is closed after the request, so it answers and
 * closes; a client that closes first ends both. Every answer ends with a lingering close. Driven only by the gate's selector thread.
 */
final class GatedConnection {
    private enum Phase { READING, CONNECTING, RELAYING, LINGERING, CLOSED }

    private static final int RELAY_BUFFER = 16 * 1024;
    private static final byte[] CONTINUE = "HTTP/1.1 100 Continue\r\n\r\n".getBytes(StandardCharsets.US_ASCII);
    // After an answer, what the client still sends is drained this long so closing sends FIN, not RST.
    private static final long LINGER_NANOS = 2_000_000_000L;
    private final SocketChannel client;
    private final InetAddress address;
    private final long deadlineNanos;
    private final ApiLimits limits;
    private final SelectionKey clientKey;
    private Phase phase = Phase.READING;
    private byte[] request = new byte[1024];
    private int received;
    private int awaited = Integer.MAX_VALUE;
    private RequestHead head;
    private ByteBuffer toUpstream;
    private final ByteBuffer toClient = ByteBuffer.allocate(RELAY_BUFFER);
    private SocketChannel upstream;
    private SelectionKey upstreamKey;
    private boolean upstreamDone;
    private boolean released;
    private long lingerUntilNanos;

    GatedConnection(SocketChannel client, InetAddress address, Selector selector, ApiLimits limits, long nowNanos)
            throws IOException {
        this.client = client;
        this.address = address;
        this.limits = limits;
        this.deadlineNanos = nowNanos + limits.requestDeadline().toNanos();
        client.configureBlocking(false);
        this.clientKey = client.register(selector, SelectionKey.OP_READ, this);
    }

    InetAddress address() {
        return address;
    }

    long deadlineNanos() {
        return deadlineNanos;
    }

    boolean reading() {
        return phase == Phase.READING;
    }

    boolean lingering() {
        return phase == Phase.LINGERING;
    }

    long lingerUntilNanos() {
        return lingerUntilNanos;
    }

    /** Whether the gate has taken this connection off its counts; it does so exactly once. */
    boolean released() {
        return released;
    }

    void markReleased() {
        released = true;
    }

    /** Whatever the key is ready for; false once this connection is finished. */
    boolean onReady(SelectionKey key, InetSocketAddress upstreamAddress) throws IOException {
        if (key == clientKey) {
            if (key.isReadable() && phase == Phase.READING) {
                readRequest(key.selector(), upstreamAddress);
            } else if (key.isReadable()) {
                discardInput();
            }
            if (phase == Phase.RELAYING && key.isValid() && key.isWritable()) {
                flushToClient();
            }
        } else {
            if (key.isConnectable() && upstream.finishConnect()) {
                phase = Phase.RELAYING;
                upstreamKey.interestOps(SelectionKey.OP_WRITE);
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

    private void readRequest(Selector selector, InetSocketAddress upstreamAddress) throws IOException {
        if (received == request.length) {
            request = Arrays.copyOf(request, Math.min(request.length * 2, limits.maxHeadBytes() + ApiServer.MAX_BODY_BYTES));
        }
        int n = client.read(ByteBuffer.wrap(request, received, request.length - received));
        if (n < 0) {
            close();
            return;
        }
        received += n;
        if (awaited == Integer.MAX_VALUE) {
            Optional<RequestHead> found = RequestHead.find(request, received);
            if (found.isEmpty()) {
                if (received >= limits.maxHeadBytes()) {
                    refuse(431, ErrorCode.REQUEST_TOO_LARGE, "request headers: must be at most " + limits.maxHeadBytes() + " bytes",
                            System.nanoTime());
                }
                return;
            }
            head = found.get();
            if (head.chunked()) {
                refuse(411, ErrorCode.LENGTH_REQUIRED, "body: must be sent with Content-Length, not chunked", System.nanoTime());
                return;
            }
            awaited = head.awaitedBytes(ApiServer.MAX_BODY_BYTES);
            if (awaited > request.length) {
                request = Arrays.copyOf(request, awaited);
            }
            if (head.expectsContinue() && received < awaited) {
                // A fresh connection's send buffer takes these 25 bytes whole.
                client.write(ByteBuffer.wrap(CONTINUE));
            }
        }
        if (received >= awaited) {
            connectUpstream(selector, upstreamAddress);
        }
    }

    /** Input after the request, or after a refusal, is not for anyone; its end means the client left. */
    private void discardInput() throws IOException {
        if (client.read(ByteBuffer.allocate(512)) < 0) {
            close();
        }
    }

    private void connectUpstream(Selector selector, InetSocketAddress upstreamAddress) throws IOException {
        toUpstream = head.forwarded(request, awaited);
        upstream = SocketChannel.open();
        upstream.configureBlocking(false);
        boolean connected = upstream.connect(upstreamAddress);
        phase = connected ? Phase.RELAYING : Phase.CONNECTING;
        upstreamKey = upstream.register(selector, connected ? SelectionKey.OP_WRITE : SelectionKey.OP_CONNECT, this);
    }

    private void writeUpstream() throws IOException {
        upstream.write(toUpstream);
        if (!toUpstream.hasRemaining()) {
            upstream.shutdownOutput();
            request = null;
            upstreamKey.interestOps(SelectionKey.OP_READ);
        }
    }

    private void readUpstream() throws IOException {
        if (upstream.read(toClient) < 0) {
            upstreamDone = true;
            upstreamKey.interestOps(0);
        }
        flushToClient();
    }

    private void flushToClient() throws IOException {
        toClient.flip();
        client.write(toClient);
        boolean drained = !toClient.hasRemaining();
        toClient.compact();
        if (drained && upstreamDone) {
            closeQuietly(upstream);
            linger(System.nanoTime());
            return;
        }
        clientKey.interestOps(drained ? SelectionKey.OP_READ : SelectionKey.OP_READ | SelectionKey.OP_WRITE);
        if (!upstreamDone) {
            upstreamKey.interestOps(toClient.hasRemaining() ? SelectionKey.OP_READ : 0);
        }
    }

    /** Answers without the JDK server, for requests refused at the gate, then lingers until the client closes. */
    void refuse(int code, ErrorCode errorCode, String message, long nowNanos) {
        refuse(client, code, errorCode, message);
        linger(nowNanos);
    }

    /** The answer is complete: FIN now, and close once the client has closed too or the linger ends. */
    private void linger(long nowNanos) {
        try {
            client.shutdownOutput();
            clientKey.interestOps(SelectionKey.OP_READ);
            phase = Phase.LINGERING;
            lingerUntilNanos = nowNanos + LINGER_NANOS;
            request = null;
        } catch (IOException | RuntimeException e) {
            close();
        }
    }

    /** A best-effort single write: a refused client gets no more of the gate's time than this. */
    static void refuse(SocketChannel channel, int code, ErrorCode errorCode, String message) {
        String body = "{\"error\":{\"code\":\"" + errorCode.wire() + "\",\"message\":\"" + message + "\"}}";
        String response = "HTTP/1.1 " + code + " " + reason(code) + "\r\nContent-Type: application/json\r\n"
                + "Cache-Control: no-store\r\nConnection: close\r\nContent-Length: " + body.length() + "\r\n\r\n" + body;
        try {
            channel.configureBlocking(false);
            channel.write(ByteBuffer.wrap(response.getBytes(StandardCharsets.US_ASCII)));
        } catch (IOException e) {
            // The client is gone; closing is all that is left.
        }
    }

    private static String reason(int code) {
        return switch (code) {
            case 408 -> "Request Timeout";
            case 411 -> "Length Required";
            case 429 -> "Too Many Requests";
            case 431 -> "Request Header Fields Too Large";
            default -> "Error";
        };
    }

    void close() {
        if (phase == Phase.CLOSED) {
            return;
        }
        phase = Phase.CLOSED;
        closeQuietly(client);
        if (upstream != null) {
            closeQuietly(upstream);
        }
    }

    private static void closeQuietly(SocketChannel channel) {
        try {
            channel.close();
        } catch (IOException e) {
            // Closing a socket that failed: nothing to do.
        }
    }
}
