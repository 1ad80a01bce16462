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
    void aSessionDirectoryTooDeepForASocketPathGetsNoTmpDir() throws IOException {
        Path deep = session.resolve("d".repeat(80));
        assertThat(ChildProcess.withTmpDir(Map.of(ChildProcess.SESSION_ENV, deep.toString()))).doesNotContainKey("TMPDIR");
    }
}
