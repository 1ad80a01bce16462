package live.recbot.encode;

import static org.bytedeco.ffmpeg.global.avcodec.avcodec_find_encoder_by_name;
import static org.bytedeco.ffmpeg.global.avdevice.avdevice_register_all;

import org.bytedeco.ffmpeg.global.swresample;
import org.bytedeco.ffmpeg.global.swscale;
import org.bytedeco.javacpp.Loader;

/**
 * Loads the native libraries a session's capture and encode use (FFmpeg's, x264's and recbot's
 * libyuv bridge) ahead of the first session: a warm worker's first start then spends none of its
 * time, or of a core the page's load needs, on them.
 */
public final class NativeLibraries {
    private NativeLibraries() {
    }

    /** Loads them, once per process; a library that does not load is left for the session to report. */
    public static void preload() {
        try {
            avdevice_register_all();
            Loader.load(swscale.class);
            Loader.load(swresample.class);
            avcodec_find_encoder_by_name("libx264");
            LibyuvConverter.unavailable();
        } catch (LinkageError | RuntimeException e) {
            // The session's own start reports it, with its code.
        }
    }
}
