package live.recbot.browser;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class BrowserExceptionTest {
    @Test
    void aLogIsNamedAsTheFailedSessionsKeptLogsNameIt() {
        assertThat(BrowserException.seeLog(Path.of("/dev/shm/recbot-a1/browser-2/chromium.log")))
                .isEqualTo("see browser-2-chromium.log in the session's kept logs");
        assertThat(BrowserException.seeLog(Path.of("/dev/shm/recbot-a1/xvfb.log")))
                .isEqualTo("see xvfb.log in the session's kept logs");
    }
}
