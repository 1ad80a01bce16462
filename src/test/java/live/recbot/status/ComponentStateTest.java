package live.recbot.status;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import live.recbot.status.RecbotError.HostError;
import live.recbot.status.RecbotError.OutputError;
import live.recbot.status.RecbotError.SessionError;
import org.junit.jupiter.api.Test;

class ComponentStateTest {
    private static final OutputError OUTPUT = new OutputError("rtmp-0", "rtmp_io", "Broken pipe", true);

    @Test
    void onlyRunningRuns() {
        assertThat(new ComponentState.Running(Instant.EPOCH).running()).isTrue();
        assertThat(new ComponentState.Starting().running()).isFalse();
        assertThat(new ComponentState.Stopped(null).running()).isFalse();
        assertThat(new ComponentState.Failed(OUTPUT).running()).isFalse();
    }

    @Test
    void errorComesFromFailedOrStoppedAfterAFailure() {
        assertThat(new ComponentState.Failed(OUTPUT).error()).isSameAs(OUTPUT);
        assertThat(new ComponentState.Stopped(OUTPUT).error()).isSameAs(OUTPUT);
        assertThat(new ComponentState.Stopped(null).error()).isNull();
        assertThat(new ComponentState.Running(Instant.EPOCH).error()).isNull();
        assertThat(new ComponentState.Starting().error()).isNull();
    }

    @Test
    void withMessageKeepsEverythingButTheText() {
        assertThat(OUTPUT.withMessage("masked")).isEqualTo(new OutputError("rtmp-0", "rtmp_io", "masked", true));
        assertThat(new SessionError("page", "m", false).withMessage("x")).isEqualTo(new SessionError("page", "x", false));
        assertThat(new HostError("disk", "m", true).withMessage("x")).isEqualTo(new HostError("disk", "x", true));
    }
}
