package live.recbot.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class ConfigTableTest {
    @Test
    void oneRowPerFieldUnderTheHeader() {
        List<String> lines = ConfigTable.markdown().lines().toList();
        assertThat(lines.get(0)).contains("`maxDuration`: `RECBOT_MAX_DURATION`");
        assertThat(lines.get(2)).isEqualTo("| JSON field | flag | default | rule |");
        assertThat(lines).hasSize(4 + ConfigField.values().length);
        for (ConfigField f : ConfigField.values()) {
            assertThat(lines.get(4 + f.ordinal())).startsWith("| `" + f.json() + "` | `" + f.flag()).endsWith(" |");
            assertThat(f.env()).isEqualTo("RECBOT_" + f.json().replace('.', '_').replaceAll("([A-Z])", "_$1").toUpperCase());
        }
    }

    @Test
    void booleansShowTheirNegationAndDefaultsAreTheOnesApplied() {
        String table = ConfigTable.markdown();
        assertThat(table).contains("| `--record` / `--no-record` | `false` |")
                .contains("| `--max-duration DURATION` | `6h` |")
                .contains("| `--meeting-url URL` | required |")
                .contains("| `--status-file FILE` | none |");
        WorkerSettings defaults = WorkerSettings.defaults();
        assertThat(defaults.maxDuration()).isEqualTo(java.time.Duration.ofHours(6));
        assertThat(defaults.rtmpRetryTimeout()).isEqualTo(java.time.Duration.ofSeconds(60));
        assertThat(defaults.noMediaTimeout()).isEqualTo(java.time.Duration.ofMinutes(10));
        assertThat(defaults.browserRecoveries()).isEqualTo(3);
        assertThat(defaults.statusFile()).isEmpty();
        assertThat(defaults.serverRecording()).isFalse();
    }
}
