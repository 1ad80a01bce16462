package live.recbot.doctor;

import java.nio.file.Files;
import java.nio.file.Path;

/** A helper recbot starts by its absolute path, as a session does: present and executable. */
record ExecutableCheck(String name, Path path, String fix) implements Check {
    @Override
    public CheckResult run() {
        if (!Files.exists(path)) {
            return CheckResult.fail(path + " is missing", fix);
        }
        if (!Files.isRegularFile(path) || !Files.isExecutable(path)) {
            return CheckResult.fail(path + " is not an executable file", fix);
        }
        return CheckResult.pass(path + " is executable");
    }
}
