package live.recbot.browser;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import live.recbot.proc.ChildProcess;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ChromedriverTest {
    @Test
    void aFailedStartNamesTheExitCodeAndTheLastLineLogged(@TempDir Path dir) throws Exception {
        Path log = dir.resolve("chromedriver.log");
        // A stand-in for a chromedriver that dies before its banner: the real one cannot be made to.
        ChildProcess p = ChildProcess.start("fake-chromedriver",
                List.of("/bin/sh", "-c", "echo first >&2; echo 'bind() failed: Cannot assign' >&2; echo >&2; exit 3"),
                Map.of(), log, null);
        try {
            assertThat(Chromedriver.exitDetail(p, log)).isEqualTo(" with code 3: bind() failed: Cannot assign");
        } finally {
            p.kill();
        }
    }

    @Test
    void withoutALogTheCodeAlone(@TempDir Path dir) throws Exception {
        ChildProcess p = ChildProcess.start("fake-chromedriver", List.of("/bin/sh", "-c", "exit 1"), Map.of(),
                dir.resolve("chromedriver.log"), null);
        try {
            assertThat(Chromedriver.exitDetail(p, dir.resolve("missing.log"))).isEqualTo(" with code 1");
        } finally {
            p.kill();
        }
    }
}
