package live.recbot.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class AnswerFrameTest {
    private final AnswerFrame frame = new AnswerFrame();

    private void relay(String bytes) {
        // Relayed at an offset, as the gate's buffer may already hold bytes for the client.
        ByteBuffer buffer = ByteBuffer.allocate(8192);
        buffer.put(new byte[7]);
        buffer.put(bytes.getBytes(StandardCharsets.ISO_8859_1));
        frame.relayed(buffer, 7, bytes.length());
    }

    @Test
    void anAnswerEndsAfterItsContentLengthWhereverTheReadsSplitIt() {
        assertThat(frame.started()).isFalse();
        relay("HTTP/1.1 200 OK\r\nContent-length: 5\r");
        assertThat(frame.started()).isTrue();
        assertThat(frame.complete()).isFalse();
        relay("\n\r\nhel");
        assertThat(frame.complete()).isFalse();
        assertThat(frame.unframed()).isFalse();
        relay("lo");
        assertThat(frame.complete()).isTrue();
        assertThat(frame.closes()).isFalse();
    }

    @Test
    void anAnswerWithoutABodyEndsWithItsHead() {
        relay("HTTP/1.1 204 No Content\r\nDate: x\r\n\r\n");
        assertThat(frame.complete()).isTrue();
        frame.reset(false);
        relay("HTTP/1.1 404 Not Found\r\nContent-length: 0\r\nConnection: close\r\n\r\n");
        assertThat(frame.complete()).isTrue();
        assertThat(frame.closes()).isTrue();
    }

    @Test
    void theAnswerToAHeadRequestEndsWithItsHeadWhateverItsLengthSays() {
        frame.reset(true);
        relay("HTTP/1.1 200 OK\r\nContent-length: 5000\r\n\r\n");
        assertThat(frame.complete()).isTrue();
    }

    @Test
    void chunkedUnannouncedOverlongAndHttp10AnswersAreUnframed() {
        relay("HTTP/1.1 200 OK\r\nTransfer-encoding: chunked\r\n\r\n3\r\none\r\n");
        assertThat(frame.unframed()).isTrue();
        assertThat(frame.complete()).isFalse();
        frame.reset(false);
        relay("HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\n\r\nuntil close");
        assertThat(frame.unframed()).isTrue();
        frame.reset(false);
        relay("HTTP/1.1 200 OK\r\nContent-length: 2\r\n\r\nabc");
        assertThat(frame.unframed()).isTrue();
        frame.reset(false);
        relay("HTTP/1.0 200 OK\r\nContent-length: 2\r\n\r\nab");
        assertThat(frame.unframed()).isTrue();
    }

    @Test
    void aHeadLongerThanTheLimitIsNotFollowed() {
        relay("HTTP/1.1 200 OK\r\nX-Pad: " + "a".repeat(5000) + "\r\nContent-length: 0\r\n\r\n");
        assertThat(frame.unframed()).isTrue();
        assertThat(frame.complete()).isFalse();
    }
}
