package live.recbot.session;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import live.recbot.browser.PulseAudioServer;
import live.recbot.browser.XvfbDisplay;
import live.recbot.capture.AudioCapture;
import live.recbot.capture.CaptureListener;
import live.recbot.capture.CaptureSource;
import live.recbot.capture.MediaActivity;
import live.recbot.capture.MediaClock;
import live.recbot.capture.PreviewTap;
import live.recbot.capture.SoundDelay;
import live.recbot.core.Redactor;
import live.recbot.encode.AudioEncoder;
import live.recbot.encode.EncodedStream;
import live.recbot.encode.EncoderSettings;
import live.recbot.encode.FFmpegException;
import live.recbot.encode.FFmpegLog;
import live.recbot.encode.SegmentKeyframes;
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
 * and the muxers; for the sound alone, no picture's part ({@link VideoBranch}) at all. It is built
 * while the browser starts, and nothing leaves it before
 * {@link #release()}: until then the captures read and discard, the RTMP outputs connect and wait,
 * and no file has been created.
 */
final class MediaPipeline implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(MediaPipeline.class);
    private static final Duration OUTPUT_FINISH_TIMEOUT = Duration.ofSeconds(5);

    private final EncoderSettings settings;
    private final Fanout fanout;
    private final Optional<VideoBranch> video;
    private final AudioEncoder audio;
    /** Copied on write: outputs are added and removed while running ({@link LiveOutputs}). */
    private volatile List<MuxerOutput> outputs;
    private final MediaActivity activity = new MediaActivity();
    private final MediaClock clock = new MediaClock();
    private final List<CaptureSource> captures = new ArrayList<>();

    private MediaPipeline(EncoderSettings settings, Fanout fanout, Optional<VideoBranch> video, AudioEncoder audio,
                          List<MuxerOutput> outputs) {
        this.settings = settings;
        this.fanout = fanout;
        this.video = video;
        this.audio = audio;
        this.outputs = outputs;
    }

    /**
     * Loads FFmpeg, opens the encoders (the sound's alone, without {@code video}) and sets up
     * (without opening) one muxer per target.
     */
    static MediaPipeline prepare(EncoderSettings settings, boolean video, List<OutputTarget> targets,
                                 StatusReporter status, Redactor redactor, Clock clock, RetryPolicy retry)
            throws FFmpegException {
        FFmpegLog.install();
        Fanout fanout = new Fanout();
        Optional<VideoBranch> picture = video ? Optional.of(VideoBranch.open(settings, fanout, segment(targets)))
                : Optional.empty();
        try {
            AudioEncoder audio = new AudioEncoder(settings, fanout);
            List<EncodedStream> streams = new ArrayList<>();
            picture.ifPresent(p -> streams.add(p.stream()));
            streams.add(audio.stream());
            List<MuxerOutput> outputs = targets.stream().map(t -> new MuxerOutput(t, streams, status, redactor,
                    clock, retry)).toList();
            fanout.attach(outputs);
            for (OutputTarget t : targets) {
                if (t instanceof OutputTarget.RecordingFile file) {
                    file.pause().attach(pauseEncode(picture, audio));
                }
            }
            log.debug("encoders open{}", video ? "" : ": the sound alone");
            return new MediaPipeline(settings, fanout, picture, audio, outputs);
        } catch (FFmpegException | RuntimeException e) {
            picture.ifPresent(VideoBranch::close);
            throw e;
        }
    }

    /**
     * A resumed recording goes on at the next picture, not at the next scheduled keyframe; a pause
     * that holds the streams has both encoders stand in (the sound's alone, without a picture).
     */
    private static PauseControl.Encode pauseEncode(Optional<VideoBranch> picture, AudioEncoder audio) {
        return new PauseControl.Encode() {
            @Override
            public void askForKeyframe() {
                picture.ifPresent(p -> p.encoder().requestKeyframe());
            }

            @Override
            public void standIn(boolean on) {
                picture.ifPresent(p -> p.encoder().standIn(on));
                audio.silence(on);
            }

            @Override
            public long standInUntilMicros() {
                return picture.map(p -> p.encoder().standInUntilMicros()).orElse(Long.MIN_VALUE);
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
        video.ifPresent(v -> captures.add(v.capture(display.name(), clock, activity, preview, listener)));
        // Without a picture, the sound starts the time line and has nothing to wait for.
        MediaClock.Source soundClock = video.isPresent() ? clock.source() : clock.primarySource();
        SoundDelay delay = video.<SoundDelay>map(VideoBranch::lag).orElse(SoundDelay.NONE);
        captures.add(new AudioCapture(sound.serverAddress(), sound.monitorSource(), settings.audioSampleRate(),
                settings.audioChannels(), audio, soundClock, activity, delay, listener));
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

    /** What an output added while running muxes: the one encode's streams. */
    List<EncodedStream> streams() {
        List<EncodedStream> streams = new ArrayList<>();
        video.ifPresent(v -> streams.add(v.stream()));
        streams.add(audio.stream());
        return streams;
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
        video.ifPresent(v -> v.thread().requestKeyframe());
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

    /** The picture's part; empty for the sound alone. */
    Optional<VideoBranch> video() {
        return video;
    }

    AudioEncoder audio() {
        return audio;
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
        video.ifPresent(VideoBranch::close);
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
