package live.recbot.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class RequestHeadTest {

    private static Optional<RequestHead> find(String text) {
        byte[] bytes = text.getBytes(StandardCharsets.ISO_8859_1);
        return RequestHead.find(bytes, bytes.length);
    }

    @Test
    void aHeadWithoutItsBlankLineIsNotYetComplete() {
        assertThat(find("GET /healthz HTTP/1.1\r\nHost: x\r\n")).isEmpty();
        assertThat(find("GET /v1/sta")).isEmpty();
    }

    @Test
    void theHeadEndsAtTheBlankLineAndTheBodyFollowsByContentLength() {
        String head = "POST /v1/start HTTP/1.1\r\nHost: x\r\ncontent-LENGTH: 12\r\n\r\n";
        RequestHead h = find(head + "{\"a\"").orElseThrow();
        assertThat(h.length()).isEqualTo(head.length());
        assertThat(h.contentLength()).isEqualTo(12);
        assertThat(h.chunked()).isFalse();
        assertThat(h.awaitedBytes(64)).isEqualTo(head.length() + 12);
    }

    @Test
    void bareLineFeedsEndAHeadToo() {
        String head = "GET / HTTP/1.0\nHost: x\n\n";
        assertThat(find(head + "extra").orElseThrow().length()).isEqualTo(head.length());
    }

    @Test
    void aBodyOverTheLimitIsNotAwaitedSoTheServerCanRefuseItByItsLength() {
        String head = "POST /v1/start HTTP/1.1\r\nContent-Length: 100000\r\n\r\n";
        assertThat(find(head).orElseThrow().awaitedBytes(65536)).isEqualTo(head.length());
    }

    @Test
    void aChunkedBodyIsFlaggedAndAnUnreadableLengthLeftToTheServer() {
        assertThat(find("POST / HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n").orElseThrow().chunked()).isTrue();
        assertThat(find("POST / HTTP/1.1\r\nContent-Length: lots\r\n\r\n").orElseThrow().contentLength()).isZero();
    }

    @Test
    void anExpectContinueLineIsFoundAndLeftOutOfWhatTheServerGets() {
        String request = "POST /v1/start HTTP/1.1\r\nHost: x\r\nEXPECT: 100-Continue\r\nContent-Length: 2\r\n\r\n{}";
        byte[] bytes = request.getBytes(StandardCharsets.ISO_8859_1);
        RequestHead h = RequestHead.find(bytes, bytes.length).orElseThrow();
        assertThat(h.expectsContinue()).isTrue();
        java.nio.ByteBuffer forwarded = h.forwarded(bytes, bytes.length);
        assertThat(new String(forwarded.array(), forwarded.position(), forwarded.remaining(), StandardCharsets.ISO_8859_1))
                .isEqualTo("POST /v1/start HTTP/1.1\r\nHost: x\r\nContent-Length: 2\r\n\r\n{}");
        assertThat(find("POST / HTTP/1.1\r\nExpect: 100-continue\r\n\r\n").orElseThrow().expectsContinue())
                .as("no body to wait for").isFalse();
        assertThat(find("GET / HTTP/1.1\r\nExpect: something\r\nContent-Length: 1\r\n\r\n").orElseThrow().expectsContinue())
                .isFalse();
    }

    @Test
    void aConnectionIsReusableForHttp11WithoutCloseAndNotWithABodyLeftUnread() {
        assertThat(find("GET / HTTP/1.1\r\nHost: x\r\n\r\n").orElseThrow().reusable(10)).isTrue();
        assertThat(find("GET / HTTP/1.1\r\nConnection: Close\r\n\r\n").orElseThrow().reusable(10)).isFalse();
        assertThat(find("GET / HTTP/1.0\r\nConnection: keep-alive\r\n\r\n").orElseThrow().reusable(10)).isFalse();
        assertThat(find("HEAD / HTTP/1.1\r\n\r\n").orElseThrow().reusable(10)).isTrue();
        assertThat(find("HEAD / HTTP/1.1\r\n\r\n").orElseThrow().headOnly()).isTrue();
        assertThat(find("GET /HEAD HTTP/1.1\r\n\r\n").orElseThrow().headOnly()).isFalse();
        assertThat(find("POST / HTTP/1.1\r\nContent-Length: 10\r\n\r\n").orElseThrow().reusable(10)).isTrue();
        assertThat(find("POST / HTTP/1.1\r\nContent-Length: 11\r\n\r\n").orElseThrow().reusable(10)).isFalse();
    }

    @Test
    void onlyAHeadTheServerReadsTheSameWayMayBeFollowedByAnother() {
        assertThat(find("GET / HTTP/1.1\nHost: x\n\n").orElseThrow().keepsAlive()).isFalse();
        assertThat(find("GET / HTTP/1.1\r\nHost: x\n\r\n").orElseThrow().keepsAlive()).isFalse();
        assertThat(find("POST / HTTP/1.1\r\nContent-Length: 1\r\nContent-Length: 1\r\n\r\n").orElseThrow().keepsAlive()).isFalse();
        assertThat(find("POST / HTTP/1.1\r\nContent-Length: +1\r\n\r\n").orElseThrow().keepsAlive()).isFalse();
        assertThat(find("GET / HTTP/1.1\r\nHost : x\r\n\r\n").orElseThrow().keepsAlive()).isFalse();
        assertThat(find("GET / HTTP/1.1\r\nX: a\r\n folded\r\n\r\n").orElseThrow().keepsAlive()).isFalse();
        RequestHead get = find("GET / HTTP/1.1\r\nHost: x\r\nContent-Length: 0\r\n\r\n").orElseThrow();
        assertThat(get.keepsAlive()).isTrue();
        assertThat(get.retryable()).isTrue();
        assertThat(find("POST / HTTP/1.1\r\n\r\n").orElseThrow().retryable()).isFalse();
    }
}
