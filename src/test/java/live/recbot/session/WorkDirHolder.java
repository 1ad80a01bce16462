package live.recbot.session;

import java.nio.file.Files;
import java.nio.file.Path;
import live.recbot.proc.HelperTmpDir;

/**
 * A process that opens a session directory under its {@code java.io.tmpdir}, with its helpers'
 * folder and a file in each, prints the directory's path and holds it until killed: the worker
 * that {@link AbandonedWorkDirsTest} kills.
 */
public final class WorkDirHolder {
    private WorkDirHolder() {
    }

    public static void main(String[] args) throws Exception {
        SessionWorkDir work = SessionWorkDir.create();
        Files.writeString(work.path().resolve("xvfb.log"), "x");
        Path helperTmp = Files.createDirectories(HelperTmpDir.of(work.path()).resolve("org.chromium.Chromium.abc"));
        Files.writeString(helperTmp.resolve("SingletonCookie"), "1");
        System.out.println(work.path());
        System.out.flush();
        // Blocks until the test kills this process; it never ends by itself.
        while (System.in.read() >= 0) {
            // Holds the directory.
        }
        work.close();
    }
}
