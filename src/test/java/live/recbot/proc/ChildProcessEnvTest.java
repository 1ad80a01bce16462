package live.recbot.proc;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ChildProcessEnvTest {
    @TempDir
    Path session;

    @Test
    void aSessionsHelperGetsATmpDirInsideTheSessionDirectory() throws IOException {
        Map<String, String> env = ChildProcess.withTmpDir(Map.of(ChildProcess.SESSION_ENV, session.toString()));
        assertThat(env).containsEntry("TMPDIR", session.resolve("tmp").toString());
        assertThat(session.resolve("tmp")).isDirectory();
    }

    @Test
    void aTmpDirGivenIsKeptAndNoSessionMeansNoChange() throws IOException {
        assertThat(ChildProcess.withTmpDir(Map.of(ChildProcess.SESSION_ENV, session.toString(), "TMPDIR", "/x")))
                .containsEntry("TMPDIR", "/x");
        assertThat(ChildProcess.withTmpDir(Map.of("A", "b"))).isEqualTo(Map.of("A", "b"));
    }

    @Test
    void theHelperSeesIt() throws Exception {
        Path log = session.resolve("env.log");
        ChildProcess p = ChildProcess.start("env", java.util.List.of("/usr/bin/env"),
                Map.of(ChildProcess.SESSION_ENV, session.toString()), log, null);
        assertThat(p.process().waitFor(10, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
        assertThat(java.nio.file.Files.readString(log)).contains("TMPDIR=" + session.resolve("tmp"));
    }

    @Test
    void aSessionDirectoryTooDeepForASocketPathGetsAShortOneOfItsOwn() throws IOException {
        Path deep = session.resolve("d".repeat(80));
        Path tmp = HelperTmpDir.of(deep);
        try {
            assertThat(tmp.getParent()).isEqualTo(Path.of("/tmp"));
            assertThat(tmp.toString().length()).isLessThan(60);
            assertThat(HelperTmpDir.of(deep)).as("the same for every helper of the session").isEqualTo(tmp);
            assertThat(HelperTmpDir.of(session.resolve("e".repeat(80)))).isNotEqualTo(tmp);
            assertThat(ChildProcess.withTmpDir(Map.of(ChildProcess.SESSION_ENV, deep.toString())))
                    .containsEntry("TMPDIR", tmp.toString());
            assertThat(java.nio.file.Files.getPosixFilePermissions(tmp))
                    .isEqualTo(java.nio.file.attribute.PosixFilePermissions.fromString("rwx------"));
            assertThat(ChildProcess.withTmpDir(Map.of(ChildProcess.SESSION_ENV, deep.toString())))
                    .as("a second helper").containsEntry("TMPDIR", tmp.toString());
        } finally {
            java.nio.file.Files.deleteIfExists(tmp);
        }
    }

    @Test
    void aShortFolderThatIsNotADirectoryOfThisUserIsNotUsed() throws IOException {
        Path deep = session.resolve("f".repeat(80));
        Path tmp = HelperTmpDir.of(deep);
        Path elsewhere = java.nio.file.Files.createDirectories(session.resolve("elsewhere"));
        java.nio.file.Files.createSymbolicLink(tmp, elsewhere);
        try {
            assertThat(ChildProcess.withTmpDir(Map.of(ChildProcess.SESSION_ENV, deep.toString())))
                    .doesNotContainKey("TMPDIR");
        } finally {
            java.nio.file.Files.deleteIfExists(tmp);
        }
    }
}
