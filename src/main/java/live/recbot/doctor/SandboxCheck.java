package live.recbot.doctor;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Chromium's sandbox, which needs unprivileged user namespaces; as root recbot starts Chromium
 * with {@code --no-sandbox} instead, since Chromium refuses its sandbox there, and so it does
 * for any user who turned the sandbox off.
 *
 * @param root    whether recbot runs as root
 * @param sandbox the {@code sandbox} setting: false asks for {@code --no-sandbox}
 * @param procSys where the kernel's settings are read, /proc/sys
 * @param probe   a command that makes the namespaces Chromium's sandbox makes and chroots in them:
 *                the kernel may allow them while a container's seccomp profile refuses them (Docker's
 *                default), or its capability bounding set lacks CAP_SYS_CHROOT (a dropped ALL)
 */
record SandboxCheck(boolean root, boolean sandbox, Path procSys, List<String> probe) implements Check {
    static final String CLONE = "kernel/unprivileged_userns_clone";
    static final String MAX = "user/max_user_namespaces";
    static final List<String> UNSHARE = List.of("unshare", "--user", "--map-root-user", "--pid", "--net", "--fork",
            "chroot", "/", "true");
    private static final Duration TIMEOUT = Duration.ofSeconds(10);

    static SandboxCheck forRecbot(boolean root, boolean sandbox) {
        return new SandboxCheck(root, sandbox, Path.of("/proc/sys"), UNSHARE);
    }

    @Override
    public String name() {
        return "sandbox";
    }

    @Override
    public CheckResult run() {
        if (root) {
            return CheckResult.pass("runs as root: Chromium runs with --no-sandbox");
        }
        if (!sandbox) {
            return CheckResult.pass("sandbox is false: Chromium runs with --no-sandbox");
        }
        CheckResult settings = evaluate(read(CLONE), read(MAX));
        if (settings instanceof CheckResult.Fail) {
            return settings;
        }
        ShortCommand.Outcome outcome = ShortCommand.run(probe, Map.of(), TIMEOUT);
        if (outcome instanceof ShortCommand.Outcome.Exited e && e.code() == 0) {
            return settings;
        }
        String why = outcome instanceof ShortCommand.Outcome.Exited e ? e.output().strip().lines().findFirst()
                .orElse("exit " + e.code()) : ((ShortCommand.Outcome.NotRun) outcome).why();
        return CheckResult.fail("no sandbox can be made here (" + String.join(" ", probe) + ": " + why
                        + "): Chromium's sandbox cannot start",
                "allow user namespaces in the container's seccomp profile and keep CAP_SYS_CHROOT in its capabilities "
                        + "(docs/deployment.md), or turn the sandbox off: --no-sandbox");
    }

    /**
     * The verdict from the two settings, each absent where the kernel has no such file (only
     * Debian's and Ubuntu's kernels have {@code unprivileged_userns_clone}).
     */
    static CheckResult evaluate(Optional<String> cloneSetting, Optional<String> maxNamespaces) {
        if (cloneSetting.isPresent() && !cloneSetting.get().equals("1")) {
            return CheckResult.fail(CLONE + " is " + cloneSetting.get() + ": Chromium's sandbox cannot start",
                    "sysctl -w kernel.unprivileged_userns_clone=1 (or turn the sandbox off: --no-sandbox)");
        }
        String max = maxNamespaces.orElse("");
        if (!max.matches("\\d+") || Long.parseLong(max) == 0) {
            return CheckResult.fail(MAX + " is " + (max.isEmpty() ? "missing" : max)
                    + ": Chromium's sandbox cannot start",
                    "sysctl -w user.max_user_namespaces=10000 (or turn the sandbox off: --no-sandbox)");
        }
        return CheckResult.pass("unprivileged user namespaces available (" + MAX + " = " + max + ")");
    }

    private Optional<String> read(String setting) {
        Path f = procSys.resolve(setting);
        try {
            return Files.exists(f) ? Optional.of(Files.readString(f).strip()) : Optional.empty();
        } catch (IOException e) {
            return Optional.of("unreadable");
        }
    }
}
