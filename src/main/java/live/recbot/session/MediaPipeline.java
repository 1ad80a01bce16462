package live.recbot.session;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import live.recbot.browser.PulseAudioServer;
import live.recbot.browser.XvfbDisplay;
import live.recbot.capture.AudioCapture;
import live.recbot.capture.CaptureListener;
import live.recbot.capture.CaptureSource;
import live.recbot.capture.MediaActivity;
import live.recbot.capture.MediaClock;
import live.recbot.capture.PictureLag;
import live.recbot.capture.PreviewTap;
import live.recbot.capture.ScreenCapture;
import live.recbot.core.Redactor;
import live.recbot.encode.AsyncVideoEncoder;
import live.recbot.encode.AudioEncoder;
import live.recbot.encode.EncodedStream;
import live.recbot.encode.EncoderSettings;
import live.recbot.encode.FFmpegException;
import live.recbot.encode.FFmpegLog;
import live.recbot.encode.SegmentKeyframes;
import live.recbot.encode.VideoEncoder;
import live.recbot.output.Fanout;
import live.recbot.output.MuxerOutput;
import live.recbot.output.OutputTarget;
import live.recbot.output.PauseControl;
import live.recbot.output.RetryPolicy;
import live.recbot.status.StatusReporter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Everything between the screen and sound devices and the outputs: the captures, the one encode
 * and the muxers. It is built while the browser starts, and nothing leaves it before
 * {@link #release()}: until then the captures read and discard, the RTMP outputs connect and wait,
 * and no file has been created.
 */
final class MediaPipeline implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(MediaPipeline.class);
    private static final Duration OUTPUT_FINISH_TIMEOUT = Duration.ofSeconds(5);

    private final EncoderSettings settings;
    private final Fanout fanout;
    private final VideoEncoder video;
    private final AsyncVideoEncoder videoThread;
    private final AudioEncoder audio;
    /** Copied on write: outputs are added and removed while running ({@link LiveOutputs}). */
    private volatile List<MuxerOutput> outputs;
    private final MediaActivity activity = new MediaActivity();
    private final MediaClock clock = new MediaClock();
    private final PictureLag lag;
    private final List<CaptureSource> captures = new ArrayList<>();

    private MediaPipeline(EncoderSettings settings, Fanout fanout, VideoEncoder video, AsyncVideoEncoder videoThread,
                          AudioEncoder audio, List<MuxerOutput> outputs) {
        this.settings = settings;
        this.fanout = fanout;
        this.video = video;
        this.videoThread = videoThread;
        this.audio = audio;
        this.outputs = outputs;
        this.lag = new PictureLag(settings.width(), settings.height());
    }

    /** Loads FFmpeg, opens both encoders and sets up (without opening) one muxer per target. */
    static MediaPipeline prepare(EncoderSettings settings, List<OutputTarget> targets, StatusReporter status,
                                 Redactor redactor, Clock clock, RetryPolicy retry) throws FFmpegException {
        FFmpegLog.install();
        Fanout fanout = new Fanout();
        VideoEncoder video = new VideoEncoder(settings, fanout, segment(targets));
        AsyncVideoEncoder videoThread = null;
        try {
            videoThread = new AsyncVideoEncoder(video);
            AudioEncoder audio = new AudioEncoder(settings, fanout);
            List<MuxerOutput> outputs = targets.stream().map(t -> new MuxerOutput(t,
                    List.of(video.stream(), audio.stream()), status, redactor, clock, retry)).toList();
            fanout.attach(outputs);
            for (OutputTarget t : targets) {
                if (t instanceof OutputTarget.RecordingFile file) {
                    file.pause().attach(pauseEncode(video, audio));
                }
            }
            log.debug("encoders open");
            return new MediaPipeline(settings, fanout, video, videoThread, audio, outputs);
        } catch (FFmpegException | RuntimeException e) {
            if (videoThread != null) {
                videoThread.close();
            }
            video.close();
            throw e;
        }
    }

    /**
     * A resumed recording goes on at the next picture, not at the next scheduled keyframe; a pause
     * that holds the streams has both encoders stand in.
     */
    private static PauseControl.Encode pauseEncode(VideoEncoder video, AudioEncoder audio) {
        return new PauseControl.Encode() {
            @Override
            public void askForKeyframe() {
                video.requestKeyframe();
            }

            @Override
            public void standIn(boolean on) {
                video.standIn(on);
                audio.silence(on);
            }

            @Override
            public long standInUntilMicros() {
                return video.standInUntilMicros();
            }
        };
    }

    /** The HLS rendition's segment length, whose boundaries need keyframes; none without one. */
    private static Duration segment(List<OutputTarget> targets) {
        return targets.stream().filter(t -> t instanceof OutputTarget.Hls).map(t -> ((OutputTarget.Hls) t).segment())
                .findFirst().orElse(SegmentKeyframes.NONE);
    }

    /** Opens the screen and sound devices; what they capture is discarded until {@link #release()}. */
    void startCaptures(XvfbDisplay display, PulseAudioServer sound, PreviewTap preview, CaptureListener listener) {
        captures.add(new ScreenCapture(display.name(), settings.width(), settings.height(),
                settings.frameInterval(), videoThread, clock, activity, lag, preview, listener));
        captures.add(new AudioCapture(sound.serverAddress(), sound.monitorSource(), settings.audioSampleRate(),
                settings.audioChannels(), audio, clock, activity, lag, listener));
        captures.forEach(CaptureSource::startHeld);
        log.debug("captures opening");
        // The RTMP handshake, connect and publish take about 0.2 s on loopback: done while the page
        // loads, the first picture reaches the ingest that much sooner. Files open at the release,
        // so a session that never gets its page leaves no empty recording behind.
        outputs.stream().filter(o -> o.target() instanceof OutputTarget.Rtmp).forEach(MuxerOutput::start);
    }

    /**
     * The meeting page has loaded: the file outputs open (the streams are connected already), and
     * the next captured picture starts the recording's time line.
     */
    void release() {
        log.debug("releasing media to the outputs");
        outputs.forEach(MuxerOutput::start);
        captures.forEach(CaptureSource::release);
    }

    /** The outputs now, those added while running included and those removed left out. */
    List<MuxerOutput> outputs() {
        return outputs;
    }

    /** What an output added while running muxes: the one encode's video and audio. */
    List<EncodedStream> streams() {
        return List.of(video.stream(), audio.stream());
    }

    /**
     * Starts an output while running: it gets every packet from now on, and the next picture is
     * encoded as a keyframe, so that it starts within a picture or two once connected.
     */
    synchronized void add(MuxerOutput output) {
        List<MuxerOutput> more = new ArrayList<>(outputs);
        more.add(output);
        outputs = List.copyOf(more);
        fanout.add(output);
        output.start();
        videoThread.requestKeyframe();
    }

    /** Ends an output while running: it gets no more packets, and writes what it has and its trailer. */
    synchronized void remove(MuxerOutput output) {
        fanout.remove(output);
        output.finish(OUTPUT_FINISH_TIMEOUT);
        output.close();
        outputs = outputs.stream().filter(o -> o != output).toList();
    }

    /** Bytes encoded so far, video and audio, before any container. */
    long bytesEncoded() {
        return fanout.bytesEncoded();
    }

    MediaActivity activity() {
        return activity;
    }

    VideoEncoder video() {
        return video;
    }

    AsyncVideoEncoder videoThread() {
        return videoThread;
    }

    AudioEncoder audio() {
        return audio;
    }

    PictureLag lag() {
        return lag;
    }

    /** Stops grabbing: from now on the page may go away without showing up in the recording. */
    void stopGrabbing() {
        captures.forEach(CaptureSource::stopGrabbing);
    }

    /**
     * Drains the encoders into the outputs and finalises every output, all outputs at once, then
     * frees the encoders.
     */
    @Override
    public void close() {
        captures.forEach(CaptureSource::stop);
        CompletableFuture.allOf(outputs.stream().filter(MuxerOutput::started)
                .map(o -> CompletableFuture.runAsync(() -> o.finish(OUTPUT_FINISH_TIMEOUT), daemon(o)))
                .toArray(CompletableFuture[]::new)).join();
        audio.close();
        videoThread.close();
        video.close();
        log.debug("media pipeline closed");
    }

    /** One short-lived thread per output, so that one slow output never delays another's trailer. */
    private static java.util.concurrent.Executor daemon(MuxerOutput o) {
        return r -> {
            Thread t = new Thread(r, "recbot-finish-" + o.target().component());
            t.setDaemon(true);
            t.start();
        };
    }
}
