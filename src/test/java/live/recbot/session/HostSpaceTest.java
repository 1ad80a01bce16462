package live.recbot.session;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import live.recbot.config.ConfigLoader;
import live.recbot.config.ConfigOverrides;
import live.recbot.config.HMSRecordingConfig;
import live.recbot.config.HMSResolution;
import live.recbot.config.RecbotConfig;
import live.recbot.config.WorkerSettings;
import live.recbot.core.ErrorCode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HostSpaceTest {
    private static final long MIB = 1L << 20;
    private static final HMSResolution HD = new HMSResolution(1280, 720);
    private static final Path WORK = Path.of("/dev/shm");
    private static final Path OUT = Path.of("/recordings");

    @TempDir
    Path dir;

    private static RecbotConfig config(boolean record, HMSResolution r, String maxDuration) {
        WorkerSettings settings = ConfigLoader.settings(ConfigOverrides.NONE
                .with(live.recbot.config.ConfigField.OUTPUT_DIR, OUT.toString())
                .with(live.recbot.config.ConfigField.MAX_DURATION, maxDuration));
        List<URI> rtmp = record ? List.of() : List.of(URI.create("rtmp://127.0.0.1/live/x"));
        return new RecbotConfig(settings, new HMSRecordingConfig(URI.create("http://127.0.0.1/"), rtmp, record, r));
    }

    private static HostSpace.FreeSpace free(long work, long out) {
        return d -> Map.of(WORK, work, OUT, out).get(d);
    }

    @Test
    void aRecordingNeedsItsBitrateTimesItsDurationPlusTenPercent() {
        // 720p: 2.49 Mbit/s of video and 128 kbit/s of sound, 327 kB/s: 1.3 GB an hour with the margin.
        assertThat(HostSpace.recordingNeed(HD, Duration.ofHours(1))).isEqualTo(1_295_078_400L);
        assertThat(HostSpace.recordingFloor(HD, Duration.ofHours(6))).isEqualTo(HostSpace.recordingNeed(HD, Duration.ofMinutes(10)));
        assertThat(HostSpace.recordingFloor(HD, Duration.ofMinutes(2))).isEqualTo(HostSpace.recordingNeed(HD, Duration.ofMinutes(2)));
        assertThat(HostSpace.recordingNeed(new HMSResolution(1920, 1080), Duration.ofHours(1)))
                .isGreaterThan(2 * HostSpace.recordingNeed(HD, Duration.ofHours(1)));
    }

    @Test
    void enoughRoomPassesSilentlyAndLessThanMaxDurationWarns() throws Exception {
        long hour = HostSpace.recordingNeed(HD, Duration.ofHours(1));
        assertThat(HostSpace.check(config(true, HD, "1h"), WORK, free(64 * MIB, hour))).isEmpty();
        assertThat(HostSpace.check(config(true, HD, "6h"), WORK, free(64 * MIB, hour))).hasValue(
                "outputDir /recordings: 1.2 GiB free, less than the 7.3 GiB that maxDuration 6h of 1280x720 needs "
                        + "(2.62 Mbit/s x maxDuration + 10%); the recording stops when the disk is full");
        // Streaming only writes no file.
        assertThat(HostSpace.check(config(false, HD, "6h"), WORK, free(64 * MIB, 0))).isEmpty();
    }

    @Test
    void theSoundAloneNeedsOnlyItsOwnBitrate() throws Exception {
        WorkerSettings settings = ConfigLoader.settings(ConfigOverrides.NONE
                .with(live.recbot.config.ConfigField.OUTPUT_DIR, OUT.toString())
                .with(live.recbot.config.ConfigField.MAX_DURATION, "6h"));
        RecbotConfig sound = new RecbotConfig(settings, new HMSRecordingConfig(URI.create("http://127.0.0.1/"),
                List.of(), true, HD, true));
        // 128 kbit/s: 6 h are 380 MB with the margin, far below what 10 minutes of 720p need.
        assertThat(HostSpace.check(sound, WORK, free(64 * MIB, 400 * MIB))).isEmpty();
        assertThat(HostSpace.check(sound, WORK, free(64 * MIB, 300 * MIB))).hasValue(
                "outputDir /recordings: 300 MiB free, less than the 363 MiB that maxDuration 6h of sound needs "
                        + "(0.13 Mbit/s x maxDuration + 10%); the recording stops when the disk is full");
    }

    @Test
    void tooLittleRoomRefusesTheStartInOneLineNamingTheRule() {
        long tenMinutes = HostSpace.recordingNeed(HD, Duration.ofMinutes(10));
        assertThatThrownBy(() -> HostSpace.check(config(true, HD, "6h"), WORK, free(64 * MIB, tenMinutes - 1)))
                .isInstanceOfSatisfying(SessionException.class, e -> {
                    assertThat(e.error().code()).isEqualTo(ErrorCode.OUTPUT_DIR_UNUSABLE);
                    assertThat(e.getMessage()).isEqualTo("outputDir /recordings: 205 MiB free, less than the 206 MiB "
                            + "that 10m of 1280x720 need (2.62 Mbit/s x duration + 10%)");
                });
        assertThatThrownBy(() -> HostSpace.check(config(false, HD, "6h"), WORK, free(HostSpace.WORK_DIR_NEED - 1, 0)))
                .isInstanceOfSatisfying(SessionException.class, e -> {
                    assertThat(e.error().code()).isEqualTo(ErrorCode.TMP_UNUSABLE);
                    assertThat(e.getMessage()).isEqualTo(
                            "java.io.tmpdir /dev/shm: 31 MiB free, less than the 32 MiB a session's working files need");
                });
        assertThatThrownBy(() -> HostSpace.check(config(true, HD, "6h"), WORK, d -> {
            throw new IOException("No such device");
        })).hasMessage("java.io.tmpdir /dev/shm: cannot read its free space: No such device");
    }

    @Test
    void thisHostsFileSystemsAreRead() throws Exception {
        Path missing = dir.resolve("a/b");
        // Other work on this machine writes meanwhile: the same file system within 64 MiB.
        assertThat(HostSpace.FILE_SYSTEMS.of(missing))
                .isCloseTo(Files.getFileStore(dir).getUsableSpace(), org.assertj.core.data.Offset.offset(64L << 20));
        assertThat(HostSpace.check(config(true, new HMSResolution(320, 180), "90s"), dir, HostSpace.FILE_SYSTEMS)).isEmpty();
    }

    @Test
    void theLauncherPutsSessionFilesOnDevShmAtTheRulesThreshold() throws IOException {
        String launcher = Files.readString(Path.of(System.getProperty("recbot.root", ".")).resolve("scripts/recbot"),
                StandardCharsets.UTF_8);
        assertThat(launcher).contains("-ge " + HostSpace.SHM_PREFERRED / 1024 + " ]");
    }
}
