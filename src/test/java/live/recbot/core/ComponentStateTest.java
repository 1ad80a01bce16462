package live.recbot.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import live.recbot.core.RecbotError.HostError;
import live.recbot.core.RecbotError.OutputError;
import live.recbot.core.RecbotError.SessionError;
import org.junit.jupiter.api.Test;

class ComponentStateTest {
    private static final OutputError OUTPUT = new OutputError("rtmp-0", ErrorCode.RTMP_OUTPUT_DOWN, "Broken pipe", true);

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
        assertThat(OUTPUT.withMessage("masked")).isEqualTo(new OutputError("rtmp-0", ErrorCode.RTMP_OUTPUT_DOWN, "masked", true));
        assertThat(new SessionError(ErrorCode.BROWSER_LOST, "m", false).withMessage("x")).isEqualTo(new SessionError(ErrorCode.BROWSER_LOST, "x", false));
        assertThat(new HostError(ErrorCode.OUTPUT_DIR_UNUSABLE, "m", true).withMessage("x")).isEqualTo(new HostError(ErrorCode.OUTPUT_DIR_UNUSABLE, "x", true));
    }
}
