package live.recbot.browser;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class PageGuardTest {
    @Test
    void aLoggedUrlLosesItsQueryAndUserInfo() {
        assertThat(PageGuard.maskUrl("https://user:pw@meet.example/room/2?token=abcdef#x"))
                .isEqualTo("https://meet.example/room/2?***");
        assertThat(PageGuard.maskUrl("http://127.0.0.1:8080/next.html")).isEqualTo("http://127.0.0.1:8080/next.html");
    }

    @Test
    void aUrlJavaCannotParseStillLosesItsQuery() {
        assertThat(PageGuard.maskUrl("https://meet.example/a b?token=abcdef")).isEqualTo("https://meet.example/a b?***");
        assertThat(PageGuard.maskUrl("about:blank#frag")).isEqualTo("about:blank");
        assertThat(PageGuard.maskUrl("")).isEmpty();
    }
}
