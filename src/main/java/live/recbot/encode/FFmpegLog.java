package live.recbot.encode;

import static org.bytedeco.ffmpeg.global.avutil.AV_LOG_ERROR;
import static org.bytedeco.ffmpeg.global.avutil.AV_LOG_WARNING;
import static org.bytedeco.ffmpeg.global.avutil.av_log_set_level;
import static org.bytedeco.ffmpeg.global.avutil.setLogCallback;

import java.util.Set;
import java.util.concurrent.CopyOnWriteArraySet;
import live.recbot.core.Redactor;
import org.bytedeco.ffmpeg.avutil.LogCallback;
import org.bytedeco.javacpp.BytePointer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Routes FFmpeg's own log lines into SLF4J, with every registered secret masked: FFmpeg prints
 * URLs (and so stream keys) in its errors. FFmpeg has one process-wide log callback, hence the
 * process-wide registry of redactors.
 */
public final class FFmpegLog extends LogCallback {
    private static final Logger log = LoggerFactory.getLogger("ffmpeg");
    private static final Set<Redactor> REDACTORS = new CopyOnWriteArraySet<>();
    private static final FFmpegLog INSTANCE = new FFmpegLog();
    private static volatile boolean installed;
    /** FFmpeg logs on the thread that made the call, so each thread keeps its own last error. */
    private static final ThreadLocal<String> LAST_ERROR = new ThreadLocal<>();

    private FFmpegLog() {
    }

    public static synchronized void install() {
        if (!installed) {
            av_log_set_level(AV_LOG_WARNING);
            setLogCallback(INSTANCE);
            installed = true;
        }
    }

    public static void register(Redactor r) {
        REDACTORS.add(r);
    }

    public static void unregister(Redactor r) {
        REDACTORS.remove(r);
    }

    /** The last error FFmpeg logged on this thread (already scrubbed), and forgets it. */
    public static java.util.Optional<String> lastError() {
        String line = LAST_ERROR.get();
        LAST_ERROR.remove();
        return java.util.Optional.ofNullable(line);
    }

    @Override
    public void call(int level, BytePointer msg) {
        String line = msg.getString().strip();
        if (line.isEmpty()) {
            return;
        }
        for (Redactor r : REDACTORS) {
            line = r.scrub(line);
        }
        if (level <= AV_LOG_ERROR) {
            LAST_ERROR.set(line);
            log.warn(line);
        } else {
            log.debug(line);
        }
    }
}
