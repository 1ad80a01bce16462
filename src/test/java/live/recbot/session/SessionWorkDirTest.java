package live.recbot.session;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SessionWorkDirTest {
    @TempDir
    Path shared;

    @Test
    void isRemovedWithEverythingInIt() throws IOException {
        SessionWorkDir work = SessionWorkDir.create();
        Path dir = work.path();
        Files.createDirectories(dir.resolve("browser-0/tmp/org.chromium.Chromium.abc"));
        Files.createSymbolicLink(dir.resolve("browser-0/SingletonLock"), Path.of("host-1234"));
        Files.writeString(dir.resolve("xvfb.log"), "x");
        work.close();
        assertThat(dir).doesNotExist();
    }

    @Test
    void chromiumsSocketFolderInASharedTmpDirGoesWithIt() throws IOException {
        Path socketDir = Files.createDirectories(shared.resolve("org.chromium.Chromium.xyz123"));
        Files.writeString(socketDir.resolve("SingletonSocket"), "");
        Path other = Files.createDirectories(shared.resolve("someone-else"));
        SessionWorkDir work = SessionWorkDir.create();
        Path profile = Files.createDirectories(work.path().resolve("browser-0/chromium-profile"));
        Files.createSymbolicLink(profile.resolve("SingletonSocket"), socketDir.resolve("SingletonSocket"));
        work.close();
        assertThat(work.path()).doesNotExist();
        assertThat(socketDir).doesNotExist();
        assertThat(other).isDirectory();
    }

    @Test
    void theHelpersShortFolderOfADeepSessionGoesWithIt() throws IOException {
        Path deep = Files.createDirectories(shared.resolve("d".repeat(80)));
        String before = System.getProperty("java.io.tmpdir");
        System.setProperty("java.io.tmpdir", deep.toString());
        SessionWorkDir work;
        try {
            work = SessionWorkDir.create();
        } finally {
            System.setProperty("java.io.tmpdir", before);
        }
        Path helperTmp = live.recbot.proc.HelperTmpDir.of(work.path());
        assertThat(helperTmp.startsWith(work.path())).as("outside the session directory").isFalse();
        Files.createDirectories(helperTmp.resolve("org.chromium.Chromium.abc"));
        Files.writeString(helperTmp.resolve(".org.chromium.Chromium.icon"), "png");
        work.close();
        assertThat(work.path()).doesNotExist();
        assertThat(helperTmp).doesNotExist();
    }
}
