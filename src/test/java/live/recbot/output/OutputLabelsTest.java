package live.recbot.output;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.nio.file.Path;
import java.util.List;
import live.recbot.status.StatusReporter;
import org.junit.jupiter.api.Test;

class OutputLabelsTest {
    @Test
    void anRtmpOutputsLabelsNeverShowItsStreamKey() {
        OutputLabels l = OutputLabels.of(new OutputTarget.Rtmp(2,
                URI.create("rtmps://user:pw12345@ingest.example:443/live/sk-secret-key?token=abcdef123")));

        assertThat(l.name()).isEqualTo("rtmps://ingest.example:443/live/***");
        assertThat(l.component()).isEqualTo(StatusReporter.rtmpComponent(2));
        assertThat(l.threadName()).isEqualTo("recbot-output-" + StatusReporter.rtmpComponent(2));
        assertThat(l.writing()).isEqualTo("writing to rtmps://ingest.example:443/live/***");
        for (String label : List.of(l.name(), l.threadName(), l.opening(), l.header(), l.writing(), l.finishing())) {
            assertThat(label).doesNotContain("sk-secret-key", "abcdef123", "pw12345");
        }
    }

    @Test
    void aFilesLabelsNameItsPath() {
        OutputLabels l = OutputLabels.of(new OutputTarget.RecordingFile(Path.of("/rec/a.mp4")));

        assertThat(l.component()).isEqualTo(StatusReporter.FILE);
        assertThat(l.opening()).isEqualTo("opening /rec/a.mp4");
        assertThat(l.header()).isEqualTo("writing the header to /rec/a.mp4");
        assertThat(l.writing()).isEqualTo("writing to /rec/a.mp4");
        assertThat(l.finishing()).isEqualTo("finishing");
    }
}
