package live.recbot.doctor;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The checks that look at files and file systems: executables, /dev/shm, the output directory, /proc/sys. */
class HostFileChecksTest {
    @TempDir
    Path dir;

    @Test
    void anExecutablePassesAndAMissingOrPlainFileFailsWithTheGivenFix() throws Exception {
        assertThat(new ExecutableCheck("Xvfb", Path.of("/usr/bin/Xvfb"), "fix").run())
                .isEqualTo(CheckResult.pass("/usr/bin/Xvfb is executable"));
        assertThat(new ExecutableCheck("Xvfb", dir.resolve("Xvfb"), "apt-get install xvfb").run())
                .isEqualTo(CheckResult.fail(dir.resolve("Xvfb") + " is missing", "apt-get install xvfb"));
        Path plain = Files.writeString(dir.resolve("pulseaudio"), "");
        Files.setPosixFilePermissions(plain, PosixFilePermissions.fromString("rw-r--r--"));
        assertThat(new ExecutableCheck("PulseAudio", plain, "fix").run())
                .isEqualTo(CheckResult.fail(plain + " is not an executable file", "fix"));
        assertThat(new ExecutableCheck("PulseAudio", dir, "fix").run())
                .isEqualTo(CheckResult.fail(dir + " is not an executable file", "fix"));
    }

    @Test
    void sessionFilesOnTheRamDiskOrOnDiskPassAndAWorkingDirectoryWithoutRoomFails() throws Exception {
        Path shm = Files.createDirectory(dir.resolve("shm"));
        Path disk = Files.createDirectory(dir.resolve("tmp"));
        CheckResult onShm = new ShmCheck(shm, shm, 0, 0).run();
        assertThat(onShm).isInstanceOf(CheckResult.Pass.class);
        assertThat(onShm.detail()).matches("\\d+(\\.\\d)? [MG]iB free: session files go here");

        // A container's 64 MB /dev/shm: the launcher leaves the files on disk, which works, a little slower.
        CheckResult onDisk = new ShmCheck(shm, disk, Long.MAX_VALUE, 0).run();
        assertThat(onDisk).isInstanceOf(CheckResult.Pass.class);
        assertThat(onDisk.detail()).contains("free, less than").contains("session files go to " + disk)
                .contains("starts about 0.1 s slower");
        assertThat(new ShmCheck(dir.resolve("none"), disk, 0, 0).run().detail()).startsWith("missing or not writable: ");

        CheckResult full = new ShmCheck(shm, disk, Long.MAX_VALUE, Long.MAX_VALUE).run();
        assertThat(full).isInstanceOf(CheckResult.Fail.class);
        assertThat(full.detail()).contains("every start is refused");
        assertThat(((CheckResult.Fail) full).fix()).contains("--shm-size=");

        ShmCheck recbot = ShmCheck.forRecbot();
        assertThat(recbot.preferred()).isEqualTo(128 * Sizes.MIB);
        assertThat(recbot.need()).isEqualTo(32 * Sizes.MIB);
    }

    @Test
    void theOutputDirectoryPassesWhenItOrTheFolderThatWouldHoldItIsWritableWithRoom() {
        CheckResult existing = new DiskSpaceCheck(dir, Sizes.MIB).run();
        assertThat(existing).isInstanceOf(CheckResult.Pass.class);
        assertThat(existing.detail()).startsWith(dir + ": ").endsWith(" free (at least 1 MiB)");

        Path missing = dir.resolve("a/b/recordings");
        assertThat(new DiskSpaceCheck(missing, Sizes.MIB).run().detail()).startsWith(missing + ": ");
        assertThat(missing).doesNotExist();
    }

    @Test
    void theOutputDirectoryFailsWhenFullOrAFile() throws Exception {
        CheckResult full = new DiskSpaceCheck(dir, Long.MAX_VALUE).run();
        assertThat(full).isInstanceOf(CheckResult.Fail.class);
        assertThat(full.detail()).contains(" free, less than ");
        assertThat(((CheckResult.Fail) full).fix()).contains("--output-dir");

        Path file = Files.writeString(dir.resolve("file"), "");
        assertThat(new DiskSpaceCheck(file, 0).run())
                .isEqualTo(CheckResult.fail(file + " is not a directory", "choose another --output-dir"));
    }

    @Test
    void sizesReadAsPeopleReadThem() {
        assertThat(Sizes.format(64 * Sizes.MIB)).isEqualTo("64 MiB");
        assertThat(Sizes.format(Sizes.GIB)).isEqualTo("1 GiB");
        assertThat(Sizes.format(Sizes.GIB + Sizes.MIB)).isEqualTo("1.0 GiB");
        assertThat(Sizes.format(24 * Sizes.GIB + Sizes.GIB / 2)).isEqualTo("24.5 GiB");
    }

    @Test
    void asRootTheSandboxCheckPassesWithTheNoSandboxNote() {
        assertThat(new SandboxCheck(true, true, dir, List.of("false")).run())
                .isEqualTo(CheckResult.pass("runs as root: Chromium runs with --no-sandbox"));
    }

    @Test
    void aSandboxTurnedOffNeedsNoUserNamespaces() throws Exception {
        Files.createDirectories(dir.resolve("user"));
        Files.writeString(dir.resolve(SandboxCheck.MAX), "0\n");
        assertThat(new SandboxCheck(false, false, dir, List.of("false")).run())
                .isEqualTo(CheckResult.pass("sandbox is false: Chromium runs with --no-sandbox"));
    }

    @Test
    void asAUserTheSandboxNeedsUnprivilegedUserNamespaces() throws Exception {
        Files.createDirectories(dir.resolve("kernel"));
        Files.createDirectories(dir.resolve("user"));
        Files.writeString(dir.resolve(SandboxCheck.MAX), "15000\n");
        assertThat(new SandboxCheck(false, true, dir, List.of("true")).run())
                .isEqualTo(CheckResult.pass("unprivileged user namespaces available (user/max_user_namespaces = 15000)"));

        Files.writeString(dir.resolve(SandboxCheck.CLONE), "0\n");
        CheckResult off = new SandboxCheck(false, true, dir, List.of("true")).run();
        assertThat(off).isInstanceOf(CheckResult.Fail.class);
        assertThat(((CheckResult.Fail) off).fix()).startsWith("sysctl -w kernel.unprivileged_userns_clone=1");

        Files.writeString(dir.resolve(SandboxCheck.CLONE), "1\n");
        Files.writeString(dir.resolve(SandboxCheck.MAX), "0\n");
        CheckResult none = new SandboxCheck(false, true, dir, List.of("true")).run();
        assertThat(none.detail()).isEqualTo("user/max_user_namespaces is 0: Chromium's sandbox cannot start");
        assertThat(((CheckResult.Fail) none).fix()).startsWith("sysctl -w user.max_user_namespaces=");
    }

    /** Docker's default seccomp profile refuses user namespaces the kernel would allow; a dropped ALL, the chroot in them. */
    @Test
    void aUserNamespaceThatCannotBeMadeFailsTheSandboxWithTheCause() throws Exception {
        Files.createDirectories(dir.resolve("user"));
        Files.writeString(dir.resolve(SandboxCheck.MAX), "15000\n");
        CheckResult refused = new SandboxCheck(false, true, dir,
                List.of("sh", "-c", "echo 'unshare failed: Operation not permitted' >&2; exit 1")).run();
        assertThat(refused).isInstanceOf(CheckResult.Fail.class);
        assertThat(refused.detail()).contains("unshare failed: Operation not permitted")
                .endsWith("Chromium's sandbox cannot start");
        assertThat(((CheckResult.Fail) refused).fix()).contains("seccomp").contains("CAP_SYS_CHROOT").contains("--no-sandbox");
        CheckResult missing = new SandboxCheck(false, true, dir, List.of("/nonexistent/unshare")).run();
        assertThat(missing.detail()).contains("not found");
    }

    /** The real probe, as this machine's user (root or not) runs it. */
    @Test
    void thisHostCanMakeTheSandboxsNamespaces() {
        assertThat(new SandboxCheck(false, true, Path.of("/proc/sys"), SandboxCheck.UNSHARE).run())
                .isInstanceOf(CheckResult.Pass.class);
    }

    @Test
    void aKernelWithoutTheNamespaceLimitFailsTheSandbox() {
        assertThat(SandboxCheck.evaluate(Optional.empty(), Optional.empty()))
                .isInstanceOf(CheckResult.Fail.class);
        assertThat(SandboxCheck.evaluate(Optional.of("1"), Optional.of("96369")))
                .isInstanceOf(CheckResult.Pass.class);
    }
}
