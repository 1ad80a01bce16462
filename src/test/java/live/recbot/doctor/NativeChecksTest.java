package live.recbot.doctor;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Optional;
import live.recbot.encode.LibyuvConverter;
import org.junit.jupiter.api.Test;

/** The checks that load recbot's native libraries: FFmpeg through JavaCV, and libyuv through recbot's bridge. */
class NativeChecksTest {
    @Test
    void javacvsFFmpegHasTheDevicesAndTheEncoderASessionOpens() {
        CheckResult r = FFmpegCheck.forRecbot().run();
        assertThat(r).isInstanceOf(CheckResult.Pass.class);
        assertThat(r.detail()).matches("FFmpeg \\S+ with x11grab, pulse, libx264");
    }

    @Test
    void aMissingDeviceOrEncoderIsNamed() {
        CheckResult r = new FFmpegCheck(List.of("x11grab", "nosuchdevice"), List.of("nosuchencoder", "libx264")).run();
        assertThat(r).isInstanceOf(CheckResult.Fail.class);
        assertThat(r.detail()).endsWith(" has no input device nosuchdevice, no encoder nosuchencoder");
    }

    @Test
    void libyuvIsUsableOnAMachineSetUpByScriptsSetup() {
        assertThat(new LibyuvCheck(LibyuvConverter::unavailable).run())
                .isEqualTo(CheckResult.pass("libyuv.so.0 loaded through recbot's bridge"));
    }

    @Test
    void libyuvsFixDependsOnWhatIsMissing() {
        CheckResult lib = new LibyuvCheck(() -> Optional.of("libyuv.so.0: cannot open shared object file")).run();
        assertThat(((CheckResult.Fail) lib).fix()).isEqualTo(LibyuvCheck.INSTALL_FIX);
        assertThat(lib.detail()).contains("libyuv.so.0: cannot open shared object file").contains("swscale");
        CheckResult bridge = new LibyuvCheck(() -> Optional.of("librecbot-yuv.so is not in recbot's jar")).run();
        assertThat(((CheckResult.Fail) bridge).fix()).isEqualTo(LibyuvCheck.BUILD_FIX);
    }
}
