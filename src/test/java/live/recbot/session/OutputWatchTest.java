package live.recbot.session;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import live.recbot.core.ComponentState;
import live.recbot.core.ErrorCode;
import live.recbot.core.Redactor;
import live.recbot.output.MuxerOutput;
import live.recbot.output.OutputTarget;
import live.recbot.output.RetryPolicy;
import live.recbot.status.StatusReporter;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class OutputWatchTest {
    @TempDir
    Path dir;

    private StatusReporter status;

    @AfterEach
    void close() {
        status.close();
    }

    private MuxerOutput fileOutput(Path file) {
        status = new StatusReporter(new StatusReporter.Layout("https://meet.example.com/r", 640, 360,
                Optional.of(file.toString()), List.of()), Redactor.none(), Clock.systemUTC());
        return new MuxerOutput(new OutputTarget.RecordingFile(file), List.of(), status, Redactor.none(),
                Clock.systemUTC(), RetryPolicy.giveUpAfter(Duration.ZERO));
    }

    @Test
    void aRecordingFileThatExistsIsLeftAlone() throws Exception {
        MuxerOutput output = fileOutput(Files.createFile(dir.resolve("a.mp4")));
        OutputWatch watch = new OutputWatch(List.of(output));
        watch.checkRecordingFiles();
        assertThat(output.failed()).isFalse();
        assertThat(watch.allFailed()).isFalse();
    }

    @Test
    void aDeletedRecordingFileFailsItsOutput() {
        MuxerOutput output = fileOutput(dir.resolve("deleted.mp4"));
        OutputWatch watch = new OutputWatch(List.of(output));
        watch.checkRecordingFiles();
        assertThat(output.failed()).isTrue();
        assertThat(watch.allFailed()).isTrue();
        assertThat(status.state(StatusReporter.FILE)).isInstanceOfSatisfying(ComponentState.Failed.class,
                f -> assertThat(f.error().code()).isEqualTo(ErrorCode.RECORDING_FILE_REMOVED));
    }

    @Test
    void noOutputsIsNotAllFailed() {
        status = new StatusReporter(new StatusReporter.Layout("m", 640, 360, Optional.empty(), List.of()),
                Redactor.none(), Clock.systemUTC());
        assertThat(new OutputWatch(List.of()).allFailed()).isFalse();
    }
}
