package live.recbot.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.UserPrincipalLookupService;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import live.recbot.browser.ChromiumBrowser;
import live.recbot.testpage.TestPageServer;
import org.junit.jupiter.api.Test;

/**
 * A session run by an ordinary user, as the image runs recbot: Chromium starts in its sandbox (no
 * {@code --no-sandbox}; its renderers in a user namespace of their own), and the recording decodes.
 * Run as root, the test makes the system user {@value #USER} (once; it is kept) and runs recbot as
 * it with setpriv, from a copy of the launcher and the jar in a directory that user owns.
 */
class NonRootIT {
    static final String USER = "recbot-it";

    /** A Chromium process of the session: its command line, owner and user namespace. */
    record BrowserProcess(long pid, String cmdline, int uid, String userNamespace) {
        boolean isBrowser() {
            return !cmdline.contains("--type=");
        }

        boolean isRenderer() {
            return cmdline.contains("--type=renderer");
        }
    }

    @Test
    void anOrdinaryUsersSessionRecordsWithChromiumInItsSandbox() throws Exception {
        Path home = Files.createTempDirectory("recbot-nonroot");
        try (TestPageServer page = TestPageServer.start(0)) {
            boolean root = ChromiumBrowser.runningAsRoot();
            Path recbot = Path.of(System.getProperty("recbot.root", "."));
            List<String> prefix = List.of();
            int uid = (int) new com.sun.security.auth.module.UnixSystem().getUid();
            Path dir = Files.createDirectories(home.resolve("run/tmp")).getParent();
            if (root) {
                ensureUser();
                uid = Integer.parseInt(command("id", "-u", USER));
                recbot = copyLauncher(home.resolve("recbot"));
                UserPrincipalLookupService users = home.getFileSystem().getUserPrincipalLookupService();
                for (Path p : List.of(home, dir, dir.resolve("tmp"))) {
                    Files.setOwner(p, users.lookupPrincipalByName(USER));
                }
                prefix = List.of("/usr/bin/setpriv", "--reuid=" + USER, "--regid=" + USER, "--clear-groups", "--");
            }
            Path out = dir.resolve("out");
            Path status = dir.resolve("status.json");
            try (RecbotRun run = RecbotRun.startFrom(recbot, dir, Map.of("HOME", dir.toString()), prefix,
                    "run", "--meeting-url", page.url().toString(), "--record", "--resolution", "320x180",
                    "--output-dir", out.toString(), "--status-file", status.toString(), "--max-duration", "4s")) {
                RecbotRun.awaitStatus(status, Duration.ofSeconds(60),
                        s -> s.at("/browserRecordingState/running").asBoolean());
                assertThat(uidOf(run.pid())).as("recbot's uid").isEqualTo(uid);
                List<BrowserProcess> chromium = chromiumOf(run);
                BrowserProcess browser = chromium.stream().filter(BrowserProcess::isBrowser).findFirst()
                        .orElseThrow(() -> new AssertionError("no Chromium browser process: " + chromium));
                assertThat(chromium).as("Chromium's processes").allSatisfy(p -> {
                    assertThat(p.cmdline()).doesNotContain("--no-sandbox");
                    assertThat(p.uid()).isEqualTo(browser.uid());
                });
                assertThat(browser.uid()).isEqualTo(uid);
                assertThat(chromium).as("renderers in the sandbox's own user namespace")
                        .anySatisfy(p -> {
                            assertThat(p.isRenderer()).isTrue();
                            assertThat(p.userNamespace()).isNotEqualTo(browser.userNamespace());
                        });

                assertThat(run.waitForExit(Duration.ofSeconds(60))).as(run.stderr()).isZero();
                JsonNode last = RecbotRun.json(status);
                assertThat(last.at("/endReason").asText()).isEqualTo("max-duration");
                Path file;
                try (Stream<Path> files = Files.list(out)) {
                    file = files.filter(f -> f.toString().endsWith(".mp4")).findFirst().orElseThrow();
                }
                MediaProbe probe = MediaProbe.of(file);
                assertThat(probe.decodeErrors()).isEmpty();
                assertThat(probe.video()).hasValueSatisfying(v -> assertThat(v.width()).isEqualTo(320));
                assertThat(probe.audio()).isPresent();
                assertThat(probe.durationSeconds()).isGreaterThan(2.5);
                run.assertNothingLeftRunning();
            }
        } finally {
            try (Stream<Path> all = Files.walk(home)) {
                for (Path p : all.sorted(Comparator.reverseOrder()).toList()) {
                    Files.deleteIfExists(p);
                }
            }
        }
    }

    /** The system user the test runs recbot as, made once on this machine. */
    private static void ensureUser() throws IOException, InterruptedException {
        if (new ProcessBuilder("id", "-u", USER).start().waitFor() != 0) {
            command("useradd", "--system", "--user-group", "--no-create-home", "--shell", "/usr/sbin/nologin", USER);
        }
    }

    /**
     * The launcher, its scripts, the jar and its class data archive, in {@code root}: the user may
     * not be able to read the checkout (a clone under /root, say). Copied with their times, so that
     * the launcher sees a built jar with its archive and starts it as it is.
     */
    private static Path copyLauncher(Path root) throws IOException {
        Path from = Path.of(System.getProperty("recbot.root", "."));
        for (String f : List.of("scripts/recbot", "scripts/jvm-options", "scripts/cds-archive", "target/recbot.jar",
                "target/recbot.jsa")) {
            if (Files.exists(from.resolve(f))) {
                Path to = Files.createDirectories(root.resolve(f).getParent()).resolve(Path.of(f).getFileName());
                Files.copy(from.resolve(f), to, StandardCopyOption.COPY_ATTRIBUTES);
            }
        }
        return root;
    }

    /** The session's Chromium processes while it runs, read from /proc. */
    private static List<BrowserProcess> chromiumOf(RecbotRun run) throws IOException {
        List<BrowserProcess> found = new ArrayList<>();
        for (String line : run.leftoverProcesses()) {
            long pid = Long.parseLong(line.substring(0, line.indexOf(' ')));
            Path proc = Path.of("/proc", Long.toString(pid));
            try {
                String cmd = new String(Files.readAllBytes(proc.resolve("cmdline")), StandardCharsets.UTF_8)
                        .replace('\0', ' ');
                if (cmd.startsWith(ChromiumBrowser.CHROMIUM + " ")) {
                    found.add(new BrowserProcess(pid, cmd, uidOf(pid),
                            Files.readSymbolicLink(proc.resolve("ns/user")).toString()));
                }
            } catch (IOException e) {
                // The process ended while being looked at.
            }
        }
        return found;
    }

    private static int uidOf(long pid) throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"))) {
            if (line.startsWith("Uid:")) {
                return Integer.parseInt(line.split("\\s+")[1]);
            }
        }
        throw new AssertionError("no Uid line for " + pid);
    }

    private static String command(String... argv) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(argv).redirectErrorStream(true).start();
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
        if (!p.waitFor(30, TimeUnit.SECONDS) || p.exitValue() != 0) {
            throw new AssertionError(String.join(" ", argv) + " failed: " + output);
        }
        return output;
    }
}
