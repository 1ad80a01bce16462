package live.recbot.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import live.recbot.config.HMSResolution;
import org.junit.jupiter.api.Test;

class DensityOptionsTest {
    @Test
    void theFullModeTriesThreeSizesFromOneRoom() {
        DensityOptions o = DensityOptions.parse(List.of("--density"));
        assertThat(o.sizes()).containsExactly(new HMSResolution(640, 360), new HMSResolution(1280, 720),
                new HMSResolution(1920, 1080));
        assertThat(o.firstRooms()).isEqualTo(1);
        assertThat(o.maxRooms()).isEqualTo(6);
        assertThat(o.measure()).isEqualTo(Duration.ofSeconds(30));
    }

    @Test
    void theQuickModeIsTwoSmallRoomsOnce() {
        DensityOptions o = DensityOptions.parse(List.of("--density", "--quick"));
        assertThat(o.sizes()).containsExactly(new HMSResolution(320, 180));
        assertThat(o.firstRooms()).isEqualTo(2);
        assertThat(o.maxRooms()).isEqualTo(2);
    }

    @Test
    void optionsAreRead() {
        DensityOptions o = DensityOptions.parse(List.of("--density", "--sizes", "1280x720", "--max-rooms", "4",
                "--seconds", "20", "--warmup", "0"));
        assertThat(o.sizes()).containsExactly(new HMSResolution(1280, 720));
        assertThat(o.maxRooms()).isEqualTo(4);
        assertThat(o.measure()).isEqualTo(Duration.ofSeconds(20));
        assertThat(o.warmup()).isZero();
    }

    @Test
    void badValuesNameTheOption() {
        assertThatThrownBy(() -> DensityOptions.parse(List.of("--density", "--max-rooms", "0")))
                .hasMessage("--max-rooms: must be a whole number of at least 1, not '0'");
        assertThatThrownBy(() -> DensityOptions.parse(List.of("--density", "--sizes", "big")))
                .hasMessageStartingWith("--sizes: ");
        assertThatThrownBy(() -> DensityOptions.parse(List.of("--density", "--reps", "2")))
                .hasMessage("unknown argument '--reps' for --density");
    }
}
