package live.recbot.api;

import live.recbot.core.ErrorCode;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;

/** What the gate answers itself, without the JDK server: an interim {@code 100 Continue}, and refusals. */
final class GateAnswers {
    private static final byte[] CONTINUE = "HTTP/1.1 100 Continue\r\n\r\n".getBytes(StandardCharsets.US_ASCII);

    private GateAnswers() {
    }

    /**
     * False when the line could not be written whole: only a client that stopped reading fills its
     * socket's buffer, and half a line would garble the answer.
     */
    static boolean sendContinue(SocketChannel channel) throws IOException {
        return channel.write(ByteBuffer.wrap(CONTINUE)) == CONTINUE.length;
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
}
