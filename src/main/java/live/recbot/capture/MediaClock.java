package live.recbot.capture;

import static org.bytedeco.ffmpeg.global.avutil.av_gettime;
import static org.bytedeco.ffmpeg.global.avutil.av_gettime_relative;

/**
 * The session's one clock for audio and video: microseconds since the capture started, on the
 * monotonic clock. FFmpeg's devices stamp packets with either the wall clock (av_gettime) or the
 * monotonic clock (av_gettime_relative), depending on the device and the FFmpeg version; each
 * source's clock is recognised from its first packet and mapped here, so both streams share one
 * time line.
 */
public final class MediaClock {
    private final long originMonotonic;

    public MediaClock() {
        this.originMonotonic = av_gettime_relative();
    }

    /** Maps one device's timestamps onto the session clock. */
    public final class Source {
        private Boolean wallClock;

        public long toSessionMicros(long deviceMicros) {
            if (wallClock == null) {
                long mono = av_gettime_relative();
                long wall = av_gettime();
                wallClock = Math.abs(deviceMicros - wall) < Math.abs(deviceMicros - mono);
            }
            long monotonic = wallClock ? deviceMicros - (av_gettime() - av_gettime_relative()) : deviceMicros;
            return monotonic - originMonotonic;
        }
    }

    public Source source() {
        return new Source();
    }

    public long nowMicros() {
        return av_gettime_relative() - originMonotonic;
    }
}
