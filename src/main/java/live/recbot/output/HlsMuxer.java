package live.recbot.output;

import static org.bytedeco.ffmpeg.global.avutil.av_dict_set;

import java.nio.file.Path;
import java.time.Duration;
import live.recbot.core.ErrorCode;
import live.recbot.core.RecbotError;
import org.bytedeco.ffmpeg.avutil.AVDictionary;
import org.bytedeco.ffmpeg.avutil.AVRational;

/**
 * FFmpeg's HLS muxer writing CMAF (fMP4) segments and an EVENT playlist. Each segment is written
 * under a temporary name and renamed once complete, and the playlist is replaced by a rename after
 * each one, so the folder always holds a playlist of complete segments; the trailer closes it with
 * {@code #EXT-X-ENDLIST}. The muxer opens its own files.
 */
final class HlsMuxer implements MuxerPolicy {
    static final String INIT = "init.mp4";
    static final String SEGMENTS = "segment-%05d.m4s";
    private final String name;
    private final Path playlist;
    private final Duration segment;

    HlsMuxer(String name, Path playlist, Duration segment) {
        this.name = name;
        this.playlist = playlist;
        this.segment = segment;
    }

    @Override
    public String format() {
        return "hls";
    }

    @Override
    public String url() {
        return playlist.toString();
    }

    @Override
    public void ioOptions(AVDictionary io) {
        // The muxer opens each segment and playlist itself.
    }

    @Override
    public void headerOptions(AVDictionary mux) {
        // A segment ends at the first keyframe past its length; the encoder puts one at each boundary.
        av_dict_set(mux, "hls_time", Double.toString(segment.toMillis() / 1000.0), 0);
        av_dict_set(mux, "hls_segment_type", "fmp4", 0);
        av_dict_set(mux, "hls_fmp4_init_filename", INIT, 0);
        av_dict_set(mux, "hls_segment_filename", playlist.resolveSibling(SEGMENTS).toString(), 0);
        // EVENT: segments are only ever added, and the playlist keeps every one of them.
        av_dict_set(mux, "hls_playlist_type", "event", 0);
        av_dict_set(mux, "hls_list_size", "0", 0);
        av_dict_set(mux, "hls_flags", "independent_segments+temp_file", 0);
    }

    /** The first picture reaches the muxer first, so segment times count from it, not from earlier sound. */
    @Override
    public Timeline timeline(AVRational[] outBase) {
        return new FlvMuxer.FlvTimeline(outBase);
    }

    /** Like a file, a rendition that cannot be written does not heal by retrying. */
    @Override
    public RecbotError failure(int error, String detail, boolean connected, Duration connectedFor) {
        return new RecbotError.OutputError(name, ErrorCode.RECORDING_WRITE_FAILED, detail, false);
    }
}
