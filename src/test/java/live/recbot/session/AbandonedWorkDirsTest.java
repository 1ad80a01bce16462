package live.recbot.session;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import live.recbot.proc.HelperTmpDir;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A worker removes the session directories of processes that died holding them, and nothing else. */
class AbandonedWorkDirsTest {
    @TempDir
    Path parent;

    /** A java.io.tmpdir so deep that the helpers' folder is a short one under /tmp, as in the tests' workers. */
    private Path deepRoot() throws IOException {
        return Files.createDirectories(parent.resolve("d".repeat(80)));
    }

    @Test
    void theDirectoryOfAKilledProcessGoesWithItsHelpersFolder() throws Exception {
        Path root = deepRoot();
        Process holder = javaProcess(List.of("-Djava.io.tmpdir=" + root), WorkDirHolder.class).start();
        try {
            Path dir;
            try (BufferedReader out = new BufferedReader(new InputStreamReader(holder.getInputStream(), StandardCharsets.UTF_8))) {
                dir = Path.of(out.readLine());
                Path helperTmp = HelperTmpDir.of(dir);
                assertThat(helperTmp.startsWith(dir)).as("the helpers' folder is outside").isFalse();

                assertThat(AbandonedWorkDirs.remove(root)).as("removed while its process lives").isEmpty();
                assertThat(dir.resolve("xvfb.log")).exists();

                holder.destroyForcibly();
                assertThat(holder.waitFor(30, TimeUnit.SECONDS)).isTrue();
                assertThat(dir.resolve("xvfb.log")).as("a killed process removes nothing").exists();

                assertThat(AbandonedWorkDirs.remove(root)).containsExactly(dir);
                assertThat(dir).doesNotExist();
                assertThat(helperTmp).doesNotExist();
            }
        } finally {
            holder.destroyForcibly();
        }
    }

    /** Also after this process looked, for another: closing a channel on a lock file drops the process's lock. */
    @Test
    void aLiveDirectoryOfThisProcessStays() throws Exception {
        Path root = deepRoot();
        SessionWorkDir work = withTmpDir(root);
        try {
            assertThat(AbandonedWorkDirs.remove(root)).isEmpty();
            Process other = javaProcess(List.of(), WorkDirSweeper.class, root.toString()).start();
            assertThat(other.waitFor(60, TimeUnit.SECONDS)).isTrue();
            assertThat(new String(other.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim())
                    .as("removed by another process").isEqualTo("0");
            assertThat(work.path().resolve(SessionWorkDir.LOCK)).exists();
        } finally {
            work.close();
        }
        assertThat(work.path()).doesNotExist();
    }

    @Test
    void aDirectoryWithoutItsLockFileOrOfAnotherNameStays() throws IOException {
        Path root = deepRoot();
        Path beingMade = Files.createDirectories(root.resolve("recbot-abc123"));
        Path other = Files.createDirectories(root.resolve("recbot-tmp-0123456789abcdef"));
        Files.writeString(other.resolve(SessionWorkDir.LOCK), "");
        Path file = Files.writeString(root.resolve("recbot-file1"), "");
        assertThat(AbandonedWorkDirs.remove(root)).isEmpty();
        assertThat(List.of(beingMade, other, file)).allMatch(Files::exists);
    }

    /** A JVM with {@code options} running {@code main}'s class from the tests' class path, with {@code args}. */
    private static ProcessBuilder javaProcess(List<String> options, Class<?> main, String... args) {
        String java = ProcessHandle.current().info().command().orElseThrow();
        List<String> cmd = new java.util.ArrayList<>(List.of(java, "-cp", System.getProperty("java.class.path")));
        cmd.addAll(options);
        cmd.add(main.getName());
        cmd.addAll(List.of(args));
        return new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.INHERIT);
    }

    private static SessionWorkDir withTmpDir(Path root) throws IOException {
        String before = System.getProperty("java.io.tmpdir");
        System.setProperty("java.io.tmpdir", root.toString());
        try {
            return SessionWorkDir.create();
        } finally {
            System.setProperty("java.io.tmpdir", before);
        }
    }
}
