package live.recbot.api;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;

/**
 * A gated connection's own connection to the JDK server: opened for its first request, kept for
 * the next while both ends keep theirs, and opened anew once the server has closed it.
 */
final class UpstreamLink {
    private final InetSocketAddress address;
    private final Selector selector;
    private final Object attachment;
    private SocketChannel channel;
    private SelectionKey key;
    private boolean reused;

    UpstreamLink(InetSocketAddress address, Selector selector, Object attachment) {
        this.address = address;
        this.selector = selector;
        this.attachment = attachment;
    }

    /** Ready to carry a request: true when it may be written to at once, false while it connects. */
    boolean open() throws IOException {
        if (channel != null) {
            reused = true;
            key.interestOps(SelectionKey.OP_WRITE);
            return true;
        }
        reused = false;
        channel = SocketChannel.open();
        channel.configureBlocking(false);
        channel.setOption(StandardSocketOptions.TCP_NODELAY, true);
        boolean connected = channel.connect(address);
        key = channel.register(selector, connected ? SelectionKey.OP_WRITE : SelectionKey.OP_CONNECT, attachment);
        return connected;
    }

    /** It had carried an earlier request: the server may have closed it meanwhile. */
    boolean reused() {
        return reused;
    }

    boolean finishConnect() throws IOException {
        return channel.finishConnect();
    }

    void write(ByteBuffer bytes) throws IOException {
        channel.write(bytes);
    }

    /** What the server sent; -1 once it closed, or reset, the link. */
    int read(ByteBuffer into) {
        try {
            return channel.read(into);
        } catch (IOException e) {
            return -1;
        }
    }

    /** The server answers this request, then closes. */
    void endRequests() throws IOException {
        channel.shutdownOutput();
    }

    void interest(int ops) {
        if (key != null && key.isValid()) {
            key.interestOps(ops);
        }
    }

    /** Between requests: false when the server sent something unasked; its close just drops the link. */
    boolean stillIdle() throws IOException {
        if (channel.read(ByteBuffer.allocate(64)) < 0) {
            close();
            return true;
        }
        return false;
    }

    void close() {
        if (channel != null) {
            QuietClose.close(channel);
            channel = null;
            key = null;
        }
    }
}
