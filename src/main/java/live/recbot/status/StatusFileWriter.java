package live.recbot.status;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Keeps the status document in a file, replaced atomically so a reader never sees half of it. */
public final class StatusFileWriter implements StatusListener {
    private static final Logger log = LoggerFactory.getLogger(StatusFileWriter.class);
    private final Path file;
    private final Path temp;

    public StatusFileWriter(Path file) {
        this.file = file;
        this.temp = file.resolveSibling("." + file.getFileName() + ".tmp");
    }

    @Override
    public void onStatus(StatusDocument status) {
        try {
            Files.writeString(temp, StatusJson.write(status) + "\n", StandardCharsets.UTF_8);
            Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            log.warn("cannot write status file {}: {}", file, e.toString());
        }
    }
}
