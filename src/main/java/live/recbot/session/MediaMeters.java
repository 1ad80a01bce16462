package live.recbot.session;

import live.recbot.capture.PictureLag;
import live.recbot.encode.AsyncVideoEncoder;
import live.recbot.encode.AudioEncoder;
import live.recbot.encode.VideoEncoder;
import live.recbot.metrics.Meters;
import live.recbot.output.MuxerOutput;
import live.recbot.output.OutputTarget;

/**
 * One session's meters over its media pipeline, registered once when the pipeline is prepared
 * and read when scraped. Outputs are labelled by kind and index, never by URL: a stream key or a
 * file name would be a secret, or a new series for every session.
 */
final class MediaMeters {
    private static final double MICROS = 1e6;

    private MediaMeters() {
    }

    /** The picture's meters exist only when there is a picture: a session of the sound alone has none. */
    static void bind(Meters meters, MediaPipeline media) {
        AudioEncoder audio = media.audio();
        media.video().ifPresent(v -> bind(meters, v));
        meters.counter("recbot.encoded", "bytes", "Bytes of the encoded video and audio, before any container; "
                + "rate() gives the encoded bitrate", media::bytesEncoded);
        meters.gauge("recbot.sound.steering", "ratio", "The sound's resampling compensation in use: "
                + "positive stretches it, negative squeezes it", audio::steeringRatio);
        meters.gauge("recbot.sound.steering.error", "seconds", "Over the last second, where the sound's timestamps "
                + "place it minus where its sample count does: what the steering removes", audio::steeringErrorSeconds);
        for (MuxerOutput o : media.outputs()) {
            bind(meters, o);
        }
    }

    private static void bind(Meters meters, VideoBranch branch) {
        AsyncVideoEncoder grabbed = branch.thread();
        VideoEncoder video = branch.encoder();
        PictureLag lag = branch.lag();
        meters.counter("recbot.video.captured", "frames", "Pictures captured for the recording",
                grabbed::framesCaptured);
        meters.counter("recbot.video.encoded", "frames", "Pictures encoded", video::framesEncoded);
        meters.counter("recbot.video.dropped", "frames",
                "Captured pictures not encoded: the encoder was behind, or a picture came too far ahead of its slot",
                () -> grabbed.framesDropped() + video.framesSkipped());
        meters.timer("recbot.video.encode", "Time to convert and encode one picture", video::framesEncoded,
                video::encodeNanos);
        meters.gauge("recbot.sound.delay", "seconds", "How much later than captured the sound is stamped, "
                + "to meet its picture (the A/V delay in use)", () -> lag.soundDelayMicros() / MICROS);
        meters.gauge("recbot.picture.lag", "seconds", "How long the page's pictures take to reach the capture "
                + "(mean of the middle half of the last second); NaN until a frame carried the stamp",
                () -> lag.pictureLagMicros() < 0 ? Double.NaN : lag.pictureLagMicros() / MICROS);
    }

    /** Registers one output's meters, in a group of their own labelled with its kind and index. */
    static void bind(Meters session, MuxerOutput o) {
        Meters meters = session.group(labels(o));
        meters.gauge("recbot.output.up", null, "1 while the output is writing, else 0 (starting, down, ended)",
                () -> o.up() ? 1 : 0);
        meters.counter("recbot.output.sent", "bytes", "Bytes written to the file or the connection, container "
                + "included; rate() gives the bitrate", o::bytesSent);
        meters.counter("recbot.output.written", "packets", "Encoded packets written", o::packetsWritten);
        meters.counter("recbot.output.dropped", "packets", "Packets dropped because the output fell behind",
                o::packetsDropped);
        meters.counter("recbot.output.reconnects", null, "Reconnects tried after the output went down",
                o::reconnects);
        meters.gauge("recbot.output.queue", "packets", "Packets waiting in the output's queue", o::queueDepth);
    }

    /**
     * Removes the meters of an output removed while running. Its index may be given to an output
     * added later, whose counters then start again from 0, as after a restart.
     */
    static void unbind(Meters session, MuxerOutput o) {
        session.group(labels(o)).close();
    }

    private static String[] labels(MuxerOutput o) {
        String index = Integer.toString(o.target() instanceof OutputTarget.Rtmp r ? r.index() : 0);
        String kind = o.target() instanceof OutputTarget.Rtmp ? "rtmp" : o.target() instanceof OutputTarget.Hls ? "hls"
                : "file";
        return new String[] {"output", index, "kind", kind};
    }
}
