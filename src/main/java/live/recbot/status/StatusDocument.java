package live.recbot.status;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Instant;
import java.util.List;

/**
 * The room's states under the 100ms SDK's names, as published to the status file and listeners.
 * {@code logs}, recbot's own addition, names the folder holding a failed session's helper logs and
 * is left out of the JSON otherwise, so the SDK-shaped document is unchanged for everyone else.
 */
public record StatusDocument(
        RtmpStreamingState rtmpStreamingState,
        BrowserRecordingState browserRecordingState,
        ServerRecordingState serverRecordingState,
        HlsRecordingState hlsRecordingState,
        String meetingUrl,
        Resolution resolution,
        String endReason,
        Instant updatedAt,
        @JsonInclude(JsonInclude.Include.NON_NULL) String logs) {

    /** A document without kept logs. */
    public StatusDocument(RtmpStreamingState rtmpStreamingState, BrowserRecordingState browserRecordingState,
                          ServerRecordingState serverRecordingState, String meetingUrl, Resolution resolution,
                          String endReason, Instant updatedAt) {
        this(rtmpStreamingState, browserRecordingState, serverRecordingState, meetingUrl, resolution, endReason,
                updatedAt, null);
    }

    /** A document without an HLS rendition. */
    public StatusDocument(RtmpStreamingState rtmpStreamingState, BrowserRecordingState browserRecordingState,
                          ServerRecordingState serverRecordingState, String meetingUrl, Resolution resolution,
                          String endReason, Instant updatedAt, String logs) {
        this(rtmpStreamingState, browserRecordingState, serverRecordingState, HlsRecordingState.IDLE, meetingUrl,
                resolution, endReason, updatedAt, logs);
    }

    public record Error(String code, String message) {
    }

    public record Resolution(int width, int height) {
    }

    /** One RTMP URL; {@code retries} counts reconnects in the current outage (0 while up). */
    public record Output(String url, boolean running, Error error, int retries) {
    }

    /**
     * The streams together: {@code startedAt} once media first reached one of them, {@code
     * stoppedAt} once the state ended ({@code stopped} or {@code failed}).
     */
    public record RtmpStreamingState(boolean running, Error error, StreamingState state, Instant startedAt,
                                     Instant stoppedAt, List<Output> outputs) {
        /** A state told by {@code running} and {@code error} alone, for a document without a history. */
        public RtmpStreamingState(boolean running, Error error, Instant startedAt, List<Output> outputs) {
            this(running, error, running ? StreamingState.STARTED : error != null ? StreamingState.FAILED
                    : StreamingState.NONE, startedAt, null, outputs);
        }
    }

    /** A state told by {@code running} and {@code error} alone, for a document without a history. */
    static RecordingState recordingState(boolean running, Error error) {
        return running ? RecordingState.STARTED : error != null ? RecordingState.FAILED : RecordingState.NONE;
    }

    /**
     * The recording's upload, recbot's own addition, left out of the JSON when there is none.
     * {@code state} is {@code uploading}, {@code uploaded} or {@code failed}; {@code url} is where
     * the recording goes ({@code s3://bucket/prefix/name.mp4}); {@code error} is why it failed, or
     * the last failure while retrying.
     */
    public record Upload(String state, String url, String manifest, Error error) {
        public static final String UPLOADING = "uploading";
        public static final String UPLOADED = "uploaded";
        public static final String FAILED = "failed";
    }

    /** {@code running} stays true while paused: the recording goes on once resumed. */
    public record BrowserRecordingState(boolean running, Error error, RecordingState state, Instant startedAt,
                                        Instant stoppedAt, String file,
                                        @JsonInclude(JsonInclude.Include.NON_NULL) Upload upload) {
        public BrowserRecordingState(boolean running, Error error, Instant startedAt, String file, Upload upload) {
            this(running, error, recordingState(running, error), startedAt, null, file, upload);
        }

        public BrowserRecordingState(boolean running, Error error, Instant startedAt, String file) {
            this(running, error, startedAt, file, null);
        }
    }

    /**
     * The live HLS rendition; {@code playlist} is its {@code index.m3u8}, null when none was asked
     * for. A pause leaves it running, as it does the streams.
     */
    public record HlsRecordingState(boolean running, Error error, RecordingState state, Instant startedAt,
                                    Instant stoppedAt, String playlist) {
        public static final HlsRecordingState IDLE = new HlsRecordingState(false, null, RecordingState.NONE, null,
                null, null);
    }

    /** The archival recording: enabled at launch, not affected by stop, ends with the worker. */
    public record ServerRecordingState(boolean running, Error error, RecordingState state, Instant startedAt,
                                       Instant stoppedAt, String file,
                                       @JsonInclude(JsonInclude.Include.NON_NULL) Upload upload) {
        public static final ServerRecordingState IDLE = new ServerRecordingState(false, null, null, null);

        public ServerRecordingState(boolean running, Error error, Instant startedAt, String file) {
            this(running, error, recordingState(running, error), startedAt, null, file, null);
        }

        /** The archival session's recording, as that session reports it. */
        public static ServerRecordingState of(BrowserRecordingState archival) {
            return new ServerRecordingState(archival.running(), archival.error(), archival.state(),
                    archival.startedAt(), archival.stoppedAt(), archival.file(), archival.upload());
        }
    }
}
