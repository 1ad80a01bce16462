package live.recbot.output;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import live.recbot.core.Redactor;
import live.recbot.status.StatusReporter;

/** Where one output writes: a recording file, an HLS playlist and its segments, or an RTMP(S) ingest. */
public sealed interface OutputTarget {
    /** The status component this output publishes as. */
    String component();

    /** The name safe to show in logs and status. */
    String displayName();

    /** A muxer policy of its own for one output to this target (it keeps that output's history). */
    MuxerPolicy newMuxer();

    /**
     * A fragmented MP4: every fragment is complete on disk, so a killed process leaves a playable
     * file. {@code pause} pauses and resumes what it is written.
     */
    record RecordingFile(Path path, PauseControl pause) implements OutputTarget {
        public RecordingFile(Path path) {
            this(path, new PauseControl());
        }

        @Override
        public String component() {
            return StatusReporter.FILE;
        }

        @Override
        public String displayName() {
            return path.toString();
        }

        @Override
        public MuxerPolicy newMuxer() {
            return new FileMuxer(displayName(), path, pause);
        }
    }

    /**
     * A live HLS rendition: fMP4 segments beside {@code playlist}, which is replaced as each segment
     * completes, so a killed process leaves a playlist of every completed segment.
     */
    record Hls(Path playlist, Duration segment) implements OutputTarget {
        @Override
        public String component() {
            return StatusReporter.HLS;
        }

        @Override
        public String displayName() {
            return playlist.toString();
        }

        @Override
        public MuxerPolicy newMuxer() {
            return new HlsMuxer(displayName(), playlist, segment);
        }
    }

    record Rtmp(int index, URI uri) implements OutputTarget {
        @Override
        public String component() {
            return StatusReporter.rtmpComponent(index);
        }

        @Override
        public String displayName() {
            return Redactor.rtmpUrl(uri);
        }

        @Override
        public MuxerPolicy newMuxer() {
            return new FlvMuxer(displayName(), uri.toString());
        }
    }
}
