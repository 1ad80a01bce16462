package live.recbot.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class BenchOptionsTest {

    @Test
    void fullRunByDefaultQuickOnRequest() {
        BenchOptions full = BenchOptions.parse(new String[0]);
        assertThat(full.repetitions()).isEqualTo(3);
        assertThat(full.measure()).isEqualTo(Duration.ofSeconds(60));
        assertThat(full.variants()).isEqualTo(BenchOptions.ALL_VARIANTS);

        BenchOptions quick = BenchOptions.parse(new String[] {"--quick", "--seconds", "4"});
        assertThat(quick.repetitions()).isEqualTo(1);
        assertThat(quick.measure()).isEqualTo(Duration.ofSeconds(4));
        assertThat(quick.variants()).isEqualTo(BenchOptions.QUICK_VARIANTS);
    }

    @Test
    void serveStartsRunWithTheWholeBenchmarkOnlyUnlessAsked() {
        assertThat(BenchOptions.parse(new String[0]).starts()).isEqualTo(5);
        assertThat(BenchOptions.parse(new String[] {"--quick"}).starts()).isEqualTo(1);
        assertThat(BenchOptions.parse(new String[] {"--av"}).starts()).isZero();
        assertThat(BenchOptions.parse(new String[] {"--variants", "recbot-0"}).starts()).isZero();
        assertThat(BenchOptions.parse(new String[] {"--variants", "recbot-0", "--starts", "3"}).starts()).isEqualTo(3);
        assertThatThrownBy(() -> BenchOptions.parse(new String[] {"--starts", "-1"}))
                .hasMessage("--starts: must be a whole number, not '-1'");
    }

    @Test
    void repetitionsAlternateTheOrder() {
        BenchOptions o = BenchOptions.parse(new String[] {"--variants", "recbot-3,ffmpeg-javacv,recbot-0"});
        assertThat(o.order(0)).containsExactly("recbot-3", "ffmpeg-javacv", "recbot-0");
        assertThat(o.order(1)).containsExactly("ffmpeg-javacv", "recbot-0", "recbot-3");
    }

    @Test
    void aVariantMayNameTheKindOfPageItRecords() {
        BenchOptions o = BenchOptions.parse(new String[] {"--variants", "recbot-3@webrtc-audio,ffmpeg-debian@video,recbot-0"});
        assertThat(o.variants()).extracting(BenchOptions::base).containsExactly("recbot-3", "ffmpeg-debian", "recbot-0");
        assertThat(o.variants()).extracting(v -> BenchOptions.kind(v).map(AvPages.Kind::name).orElse("test page"))
                .containsExactly("webrtc-audio", "video", "test page");
        assertThat(BenchOptions.parse(new String[] {"--av"}).variants()).hasSize(2 * AvPages.KINDS.size())
                .contains("recbot-3@canvas", "ffmpeg-debian@webrtc");
        assertThatThrownBy(() -> BenchOptions.parse(new String[] {"--variants", "recbot-3@zoom"}))
                .hasMessageStartingWith("--variants: unknown variant 'recbot-3@zoom'");
    }

    @Test
    void badArgumentsNameTheFlagAndTheRule() {
        assertThatThrownBy(() -> BenchOptions.parse(new String[] {"--reps", "0"}))
                .hasMessage("--reps: must be at least 1");
        assertThatThrownBy(() -> BenchOptions.parse(new String[] {"--seconds", "x"}))
                .hasMessage("--seconds: must be a whole number, not 'x'");
        assertThatThrownBy(() -> BenchOptions.parse(new String[] {"--variants", "recbot-9"}))
                .hasMessageStartingWith("--variants: unknown variant 'recbot-9'");
        assertThatThrownBy(() -> BenchOptions.parse(new String[] {"--warmup"}))
                .hasMessage("--warmup: needs a value");
        assertThatThrownBy(() -> BenchOptions.parse(new String[] {"--resolution", "1281x720"}))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("--resolution");
        assertThatThrownBy(() -> BenchOptions.parse(new String[] {"--fast"}))
                .hasMessage("unknown argument '--fast'");
    }
}
