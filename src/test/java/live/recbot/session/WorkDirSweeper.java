package live.recbot.session;

import java.nio.file.Path;

/** A process of its own that removes the abandoned session directories under its one argument. */
public final class WorkDirSweeper {
    private WorkDirSweeper() {
    }

    public static void main(String[] args) {
        System.out.println(AbandonedWorkDirs.remove(Path.of(args[0])).size());
    }
}
