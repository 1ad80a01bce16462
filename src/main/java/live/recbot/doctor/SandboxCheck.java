package live.recbot.doctor;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Chromium's sandbox, which needs unprivileged user namespaces; as root recbot starts Chromium
 * with {@code --no-sandbox} instead, since Chromium refuses its sandbox there.
 *
 * @param root    whether recbot runs as root
 * @param procSys where the kernel's settings are read, /proc/sys
 */
record SandboxCheck(boolean root, Path procSys) implements Check {
    static final String CLONE = "kernel/unprivileged_userns_clone";
    static final String MAX = "user/max_user_namespaces";

    @Override
    public String name() {
        return "sandbox";
    }

    @Override
    public CheckResult run() {
        if (root) {
            return CheckResult.pass("runs as root: Chromium runs with --no-sandbox");
        }
        return evaluate(read(CLONE), read(MAX));
    }

    /**
     * The verdict from the two settings, each absent where the kernel has no such file (only
     * Debian's and Ubuntu's kernels have {@code unprivileged_userns_clone}).
     */
    static CheckResult evaluate(Optional<String> cloneSetting, Optional<String> maxNamespaces) {
        if (cloneSetting.isPresent() && !cloneSetting.get().equals("1")) {
            return CheckResult.fail(CLONE + " is " + cloneSetting.get() + ": Chromium's sandbox cannot start",
                    "sysctl -w kernel.unprivileged_userns_clone=1 (or run recbot as root in its container)");
        }
        String max = maxNamespaces.orElse("");
        if (!max.matches("\\d+") || Long.parseLong(max) == 0) {
            return CheckResult.fail(MAX + " is " + (max.isEmpty() ? "missing" : max)
                    + ": Chromium's sandbox cannot start",
                    "sysctl -w user.max_user_namespaces=10000 (or run recbot as root in its container)");
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
