package live.recbot.output;

import java.net.URI;
import java.nio.file.Path;
import live.recbot.core.Redactor;

/** Where one output writes: a recording file or an RTMP(S) ingest. */
public sealed interface OutputTarget {
    /** The status component this output publishes as. */
    String component();

    /** The name safe to show in logs and status. */
    String displayName();

    String muxer();

    String url();

    /** A fragmented MP4: every fragment is complete on disk, so a killed process leaves a playable file. */
    record RecordingFile(Path path) implements OutputTarget {
        @Override
        public String component() {
            return live.recbot.status.StatusReporter.FILE;
        }

        @Override
        public String displayName() {
            return path.toString();
        }

        @Override
        public String muxer() {
            return "mp4";
        }

        @Override
        public String url() {
            return "file:" + path;
        }
    }

    record Rtmp(int index, URI uri) implements OutputTarget {
        @Override
        public String component() {
            return live.recbot.status.StatusReporter.rtmpComponent(index);
        }

        @Override
        public String displayName() {
            return Redactor.rtmpUrl(uri);
        }

        @Override
        public String muxer() {
            return "flv";
        }

        @Override
        public String url() {
            return uri.toString();
        }
    }
}
