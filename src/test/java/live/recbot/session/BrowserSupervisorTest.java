package live.recbot.session;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import live.recbot.core.ErrorCode;
import live.recbot.core.RecbotError;
import live.recbot.core.Redactor;
import org.junit.jupiter.api.Test;

/** The supervisor's decisions that come before a new browser is launched. */
class BrowserSupervisorTest {
    static final RecbotError LOST = new RecbotError.SessionError(ErrorCode.BROWSER_LOST,
            "the browser stopped answering at https://meet.example.com/room?token=secret", true);
    static final RecbotError DISPLAY_LOST = new RecbotError.SessionError(ErrorCode.DISPLAY_LOST,
            "the X server of the session exited", false);

    private final List<String> published = new ArrayList<>();
    private final BrowserSupervisor.Listener listener = new BrowserSupervisor.Listener() {
        @Override
        public void retrying(RecbotError cause, int attempt) {
            published.add("retrying " + attempt + ": " + cause.message());
        }

        @Override
        public void recovered() {
            published.add("recovered");
        }
    };

    private BrowserSupervisor supervisor(ServerProbe servers, boolean stopped, int maxRecoveries) {
        BrowserSupervisor.Placement placement = new BrowserSupervisor.Placement(Path.of("/nonexistent"), dir -> {
            throw new AssertionError("no browser may be opened here");
        }, java.net.URI.create("https://meet.example.com/room?token=secret"));
        return new BrowserSupervisor(placement, servers, () -> stopped, listener, maxRecoveries,
                Redactor.of(java.net.URI.create("https://meet.example.com/room?token=secret"), List.of()));
    }

    @Test
    void aLostServerIsTheCauseAndNoBrowserIsReplaced() {
        Recovery r = supervisor(() -> Optional.of(DISPLAY_LOST), false, 3).recover(LOST);
        assertThat(r).isEqualTo(new Recovery.Failed(DISPLAY_LOST));
        assertThat(published).isEmpty();
    }

    @Test
    void recoveriesRunOutAfterTheConfiguredNumber() {
        Recovery r = supervisor(Optional::empty, false, 0).recover(LOST);
        assertThat(r).isInstanceOfSatisfying(Recovery.Failed.class, f -> {
            assertThat(f.error().code()).isEqualTo(ErrorCode.BROWSER_RECOVERY_FAILED);
            assertThat(f.error().message()).startsWith("the browser failed 1 times; last: the browser stopped answering")
                    .doesNotContain("secret");
        });
        assertThat(published).isEmpty();
    }

    @Test
    void aStoppedSessionIsNotGivenANewBrowser() {
        Recovery r = supervisor(Optional::empty, true, 3).recover(LOST);
        assertThat(r).isEqualTo(new Recovery.Cancelled());
        assertThat(published).hasSize(1).allMatch(s -> s.startsWith("retrying 1: ") && !s.contains("secret"));
    }
}
