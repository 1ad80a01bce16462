package live.recbot.api;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.util.Arrays;
import java.util.Optional;

/**
 * What a client has sent that the gate has not yet passed on: the request being read, then what a
 * keep-alive client sent after it. Grows as needed, to at most a head and a body of the API's limits.
 */
final class RequestBuffer {
    private static final int FIRST = 1024;
    private final int most;
    private byte[] bytes = new byte[FIRST];
    private int received;
    private int awaited = Integer.MAX_VALUE;

    RequestBuffer(int maxHeadBytes) {
        this.most = maxHeadBytes + ApiServer.MAX_BODY_BYTES;
    }

    /**
     * Reads what the client sent: the count, 0 when the buffer is full, -1 when the client closed.
     * {@code grow}: false while a request is with the server, so a client that sends ahead while it
     * does not read its answers holds no more than the buffer already has.
     */
    int readFrom(SocketChannel client, boolean grow) throws IOException {
        if (received == bytes.length) {
            if (!grow || bytes.length >= most) {
                return 0;
            }
            bytes = Arrays.copyOf(bytes, Math.min(bytes.length * 2, most));
        }
        int n = client.read(ByteBuffer.wrap(bytes, received, bytes.length - received));
        if (n > 0) {
            received += n;
        }
        return n;
    }

    boolean full() {
        return received == bytes.length;
    }

    int received() {
        return received;
    }

    /** The request's head, once its blank line is here. */
    Optional<RequestHead> findHead() {
        return RequestHead.find(bytes, received);
    }

    /** The request is {@code count} bytes, head and body. */
    void await(int count) {
        awaited = count;
        if (count > bytes.length) {
            bytes = Arrays.copyOf(bytes, count);
        }
    }

    boolean whole() {
        return received >= awaited;
    }

    /** The whole request as the server is to get it; the bytes after it stay for the next. */
    ByteBuffer forwarded(RequestHead head) {
        return head.forwarded(bytes, awaited);
    }

    /** The request was answered: what followed it becomes the start of the next. */
    void next() {
        received -= awaited;
        System.arraycopy(bytes, awaited, bytes, 0, received);
        awaited = Integer.MAX_VALUE;
        if (bytes.length > FIRST && received <= FIRST) {
            bytes = Arrays.copyOf(bytes, FIRST);
        }
    }

    /** Nothing more is read: the memory goes. */
    void release() {
        bytes = new byte[0];
        received = 0;
    }
}
