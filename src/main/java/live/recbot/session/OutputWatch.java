package live.recbot.session;

import java.nio.file.Files;
import java.util.List;
import java.util.function.Supplier;
import live.recbot.core.ErrorCode;
import live.recbot.core.RecbotError;
import live.recbot.output.MuxerOutput;
import live.recbot.output.OutputTarget;

/** The session's outputs as the watcher sees them. */
final class OutputWatch implements SessionWatcher.Outputs {
    private final Supplier<List<MuxerOutput>> outputs;

    OutputWatch(List<MuxerOutput> outputs) {
        List<MuxerOutput> fixed = List.copyOf(outputs);
        this.outputs = () -> fixed;
    }

    /** Outputs that change while running: {@code outputs} gives the current ones. */
    OutputWatch(Supplier<List<MuxerOutput>> outputs) {
        this.outputs = outputs;
    }

    /** A recording whose file or directory was deleted is lost: say so instead of writing on into nothing. */
    @Override
    public void checkRecordingFiles() {
        for (MuxerOutput o : outputs.get()) {
            if (o.target() instanceof OutputTarget.RecordingFile f && !o.failed() && !Files.exists(f.path())) {
                o.abandon(new RecbotError.OutputError(f.displayName(), ErrorCode.RECORDING_FILE_REMOVED,
                        "the recording file " + f.path() + " was deleted while recording", false));
            }
        }
    }

    @Override
    public boolean allFailed() {
        List<MuxerOutput> now = outputs.get();
        return !now.isEmpty() && now.stream().allMatch(MuxerOutput::failed);
    }
}
