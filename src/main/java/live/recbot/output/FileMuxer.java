package live.recbot.output;

import static org.bytedeco.ffmpeg.global.avutil.av_dict_set;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import live.recbot.core.ErrorCode;
import live.recbot.core.RecbotError;
import org.bytedeco.ffmpeg.avutil.AVDictionary;
import org.bytedeco.ffmpeg.avutil.AVRational;

/** A fragmented MP4 file: every fragment is complete on disk, so a killed process leaves a playable file. */
final class FileMuxer implements MuxerPolicy {
    /** Without video keyframes to cut at, the sound is cut into fragments of this many microseconds. */
    static final long SOUND_FRAGMENT_MICROS = 1_000_000;
    private final String name;
    private final String url;
    private final PauseControl pause;
    private final Path path;

    FileMuxer(String name, Path path, PauseControl pause) {
        this.name = name;
        this.url = "file:" + path;
        this.path = path;
        this.pause = pause;
    }

    @Override
    public String format() {
        return "mp4";
    }

    @Override
    public String url() {
        return url;
    }

    @Override
    public void ioOptions(AVDictionary io) {
        // A local file needs nothing beyond the common options.
    }

    @Override
    public void headerOptions(AVDictionary mux) {
        // Each fragment is self-contained; the file plays up to the last one written.
        av_dict_set(mux, "movflags", "frag_keyframe+empty_moov+default_base_moof", 0);
    }

    @Override
    public void headerOptions(AVDictionary mux, boolean video) {
        headerOptions(mux);
        if (!video) {
            // frag_keyframe cuts at video keyframes only: the sound alone would stay in memory to the end.
            av_dict_set(mux, "frag_duration", Long.toString(SOUND_FRAGMENT_MICROS), 0);
        }
    }

    @Override
    public Timeline timeline(AVRational[] outBase) {
        return new PausedSpans(outBase, pause);
    }

    /** A file that cannot be written does not heal by retrying. */
    @Override
    public RecbotError failure(int error, String detail, boolean connected, Duration connectedFor) {
        return new RecbotError.OutputError(name, ErrorCode.RECORDING_WRITE_FAILED, detail, false);
    }

    @Override
    public long afterFailure() throws IOException {
        return Mp4Tail.cutIncompleteFragment(path);
    }
}
