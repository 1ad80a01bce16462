package live.recbot.output;

import java.io.IOException;
import java.time.Duration;
import live.recbot.core.RecbotError;
import org.bytedeco.ffmpeg.avutil.AVDictionary;
import org.bytedeco.ffmpeg.avutil.AVRational;

/**
 * How one kind of target is muxed: its container, its options, its timestamp rules and what its
 * failures mean. Each output has its own instance, used only by its thread.
 */
public sealed interface MuxerPolicy permits FileMuxer, FlvMuxer, HlsMuxer {
    /** FFmpeg's name of the container format. */
    String format();

    String url();

    /** Adds this target's options for opening its I/O. */
    void ioOptions(AVDictionary io);

    /** Adds this target's options for writing the container header. */
    void headerOptions(AVDictionary mux);

    /** As {@link #headerOptions(AVDictionary)}, for the sound alone when {@code video} is false. */
    default void headerOptions(AVDictionary mux, boolean video) {
        headerOptions(mux);
    }

    /** Fresh rules for one connection, given the muxer's time base of each stream. */
    Timeline timeline(AVRational[] outBase);

    /**
     * Types a failure of this target; {@code detail} is already scrubbed. Only a retryable error
     * makes the output reconnect.
     */
    RecbotError failure(int error, String detail, boolean connected, Duration connectedFor);

    /**
     * Leaves what a failed output wrote in its best usable shape, once its connection is closed.
     *
     * @return how many bytes were cut off to do so
     */
    default long afterFailure() throws IOException {
        return 0;
    }
}
