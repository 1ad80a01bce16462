package live.recbot.status;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import live.recbot.core.ComponentState;
import live.recbot.core.RecbotError;
import live.recbot.core.Redactor;

/**
 * How the room's SDK states follow from its components' states, kept apart from the reporter so
 * the rules can be read in one place; used only under the reporter's lock.
 */
final class RoomStateRules {
    /** Facts about the room besides the component states that the document carries. */
    record Extras(RecordingState pause, StatusDocument.Upload upload, boolean recordingRemoved, String endReason,
                  String logs) {
    }

    private final StatusReporter.Layout layout;
    private final Redactor redactor;
    private final Clock clock;
    /** When the streams' and the recording's states ended, keyed by component or {@link StatusReporter#RTMP}. */
    private final Map<String, Instant> stoppedAt = new LinkedHashMap<>();

    RoomStateRules(StatusReporter.Layout layout, Redactor redactor, Clock clock) {
        this.layout = layout;
        this.redactor = redactor;
        this.clock = clock;
    }

    /** The last line of defence for secrets: every message is scrubbed on its way out. */
    StatusDocument.Error error(RecbotError e) {
        return e == null ? null : new StatusDocument.Error(e.code().wire(), redactor.scrub(e.message()));
    }

    StatusDocument build(Map<String, ComponentState> states, Map<String, Instant> startedAt,
                         SortedMap<Integer, String> rtmpOutputs, Extras extras) {
        ComponentState session = states.get(StatusReporter.SESSION);
        // While the browser is being recovered the capture and the outputs go on: still running.
        boolean sessionRunning = session.running() || session instanceof ComponentState.Retrying;
        boolean sessionFailed = session instanceof ComponentState.Failed;
        // Outputs stop while the session tears down; only its own end says how it ended.
        boolean sessionEnded = sessionFailed || session instanceof ComponentState.Stopped;
        boolean mediaFlowed = startedAt.containsKey(StatusReporter.SESSION);
        RecbotError sessionError = session.error();

        List<StatusDocument.Output> outputs = new ArrayList<>();
        boolean anyRtmpRunning = false;
        boolean allRtmpFailed = true;
        RecbotError rtmpError = null;
        Instant rtmpStarted = null;
        for (Map.Entry<Integer, String> rtmpOutput : rtmpOutputs.entrySet()) {
            String id = StatusReporter.rtmpComponent(rtmpOutput.getKey());
            ComponentState s = states.get(id);
            boolean running = sessionRunning && s.running();
            anyRtmpRunning |= running;
            allRtmpFailed &= s instanceof ComponentState.Failed;
            if (rtmpError == null) {
                rtmpError = s.error();
            }
            Instant started = startedAt.get(id);
            if (started != null && (rtmpStarted == null || started.isBefore(rtmpStarted))) {
                rtmpStarted = started;
            }
            int retries = s instanceof ComponentState.Retrying r ? r.retries() : 0;
            outputs.add(new StatusDocument.Output(rtmpOutput.getValue(), running, error(s.error()), retries));
        }
        boolean streaming = !rtmpOutputs.isEmpty();
        boolean rtmpFlowed = mediaFlowed && rtmpStarted != null;
        StreamingState rtmpState = !streaming ? StreamingState.NONE
                : sessionFailed || allRtmpFailed ? StreamingState.FAILED
                : sessionEnded ? StreamingState.STOPPED
                : rtmpFlowed ? StreamingState.STARTED : StreamingState.STARTING;
        StatusDocument.RtmpStreamingState rtmp = new StatusDocument.RtmpStreamingState(anyRtmpRunning,
                error(streaming && sessionError != null ? sessionError : rtmpError), rtmpState,
                rtmpFlowed ? mediaSince(startedAt, rtmpStarted) : null,
                endedAt(StatusReporter.RTMP, rtmpState.ended()), outputs);

        ComponentState file = states.get(StatusReporter.FILE);
        boolean recording = file != null && sessionRunning && file.running();
        RecbotError fileError = file == null ? null : (sessionError != null ? sessionError : file.error());
        boolean fileFlowed = mediaFlowed && startedAt.containsKey(StatusReporter.FILE);
        RecordingState pause = extras.pause();
        RecordingState fileState = file == null ? RecordingState.NONE
                : sessionFailed || file instanceof ComponentState.Failed ? RecordingState.FAILED
                : sessionEnded ? RecordingState.STOPPED
                : fileFlowed ? (pause == null ? RecordingState.STARTED : pause) : RecordingState.STARTING;
        StatusDocument.BrowserRecordingState browser = new StatusDocument.BrowserRecordingState(recording,
                error(fileError), fileState,
                fileFlowed ? mediaSince(startedAt, startedAt.get(StatusReporter.FILE)) : null,
                endedAt(StatusReporter.FILE, fileState.ended()),
                extras.recordingRemoved() ? null : layout.recordingFile().orElse(null), extras.upload());

        return new StatusDocument(rtmp, browser, StatusDocument.ServerRecordingState.IDLE,
                hls(states, startedAt, sessionFailed, sessionEnded, mediaFlowed, sessionRunning, sessionError),
                layout.meetingUrl(), new StatusDocument.Resolution(layout.width(), layout.height()),
                extras.endReason(), clock.instant(), extras.logs());
    }

    /** The HLS rendition's state, told as the recording's is; a pause does not reach it. */
    private StatusDocument.HlsRecordingState hls(Map<String, ComponentState> states, Map<String, Instant> startedAt,
                                                 boolean sessionFailed, boolean sessionEnded, boolean mediaFlowed,
                                                 boolean sessionRunning, RecbotError sessionError) {
        ComponentState hls = states.get(StatusReporter.HLS);
        if (hls == null) {
            return StatusDocument.HlsRecordingState.IDLE;
        }
        boolean flowed = mediaFlowed && startedAt.containsKey(StatusReporter.HLS);
        RecordingState state = sessionFailed || hls instanceof ComponentState.Failed ? RecordingState.FAILED
                : sessionEnded ? RecordingState.STOPPED
                : flowed ? RecordingState.STARTED : RecordingState.STARTING;
        return new StatusDocument.HlsRecordingState(sessionRunning && hls.running(),
                error(sessionError != null ? sessionError : hls.error()), state,
                flowed ? mediaSince(startedAt, startedAt.get(StatusReporter.HLS)) : null,
                endedAt(StatusReporter.HLS, state.ended()), layout.hlsPlaylist().orElseThrow());
    }

    /**
     * When media started reaching an output: outputs open before the capture delivers its first
     * picture, so the later of the two.
     */
    private static Instant mediaSince(Map<String, Instant> startedAt, Instant outputStarted) {
        Instant media = startedAt.get(StatusReporter.SESSION);
        if (media == null || outputStarted == null) {
            return outputStarted == null ? media : outputStarted;
        }
        return media.isAfter(outputStarted) ? media : outputStarted;
    }

    /** When {@code key}'s state ended: the first build that found it ended. */
    private Instant endedAt(String key, boolean ended) {
        if (ended) {
            stoppedAt.putIfAbsent(key, clock.instant());
        }
        return stoppedAt.get(key);
    }
}
