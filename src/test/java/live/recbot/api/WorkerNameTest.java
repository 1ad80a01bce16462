package live.recbot.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import java.util.Optional;
import live.recbot.config.ConfigException;
import org.junit.jupiter.api.Test;

class WorkerNameTest {
    @Test
    void theFlagWinsThenTheVariableThenTheHostName() {
        Map<String, String> env = Map.of(WorkerName.ENV, "10.1.2.3:8080", "HOSTNAME", "recbot-pool-7d9f-abcde");
        assertThat(WorkerName.resolve(Optional.of("w1"), env)).isEqualTo("w1");
        assertThat(WorkerName.resolve(Optional.empty(), env)).isEqualTo("10.1.2.3:8080");
        assertThat(WorkerName.resolve(Optional.empty(), Map.of(WorkerName.ENV, " ", "HOSTNAME", "pod-a"))).isEqualTo("pod-a");
        assertThat(WorkerName.resolve(Optional.empty(), Map.of())).isEqualTo(WorkerName.ofThisHost()).isNotBlank();
    }

    @Test
    void aNameThatCouldSplitAnAnswerIsRefusedInOneLine() {
        for (String bad : new String[] {"a\r\nX-Evil: 1", "two words", "ü", "x".repeat(WorkerName.MAX_LENGTH + 1)}) {
            assertThatThrownBy(() -> WorkerName.resolve(Optional.of(bad), Map.of()))
                    .isInstanceOf(ConfigException.class)
                    .hasMessage("--worker-name: must be 1 to 253 printable ASCII characters without spaces");
        }
        assertThatThrownBy(() -> WorkerName.resolve(Optional.empty(), Map.of(WorkerName.ENV, "a b")))
                .hasMessage(WorkerName.ENV + ": must be 1 to 253 printable ASCII characters without spaces");
    }
}
