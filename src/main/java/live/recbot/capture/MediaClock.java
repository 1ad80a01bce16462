package live.recbot.capture;

import static org.bytedeco.ffmpeg.global.avutil.av_gettime;
import static org.bytedeco.ffmpeg.global.avutil.av_gettime_relative;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The session's one clock for audio and video: microseconds since the first captured picture, on
 * the monotonic clock. FFmpeg's devices stamp packets with either the wall clock (av_gettime) or
 * the monotonic clock (av_gettime_relative), depending on the device and the FFmpeg version; each
 * source's clock is recognised from its first packet and mapped here, so both streams share one
 * time line. The recording starts with its first picture: sound captured before it is dropped.
 * A recording of the sound alone starts with its first sound.
 */
public final class MediaClock {
    private static final Logger log = LoggerFactory.getLogger(MediaClock.class);
    /** Returned for media captured before the time line started. */
    public static final long NOT_STARTED = Long.MIN_VALUE;
    private final AtomicLong originMonotonic = new AtomicLong(NOT_STARTED);

    /** Maps one device's timestamps onto the session clock. */
    public final class Source {
        private final boolean startsTimeline;
        private Boolean wallClock;

        private Source(boolean startsTimeline) {
            this.startsTimeline = startsTimeline;
        }

        /** The session time of a device timestamp, or {@link #NOT_STARTED}. */
        public long toSessionMicros(long deviceMicros) {
            long monotonic = wallClock(deviceMicros) ? deviceMicros - (av_gettime() - av_gettime_relative()) : deviceMicros;
            if (startsTimeline && originMonotonic.compareAndSet(NOT_STARTED, monotonic)) {
                long wallMicros = monotonic + (av_gettime() - av_gettime_relative());
                // Lets a recording's moments be matched with wall-clock events (the test page's
                // time stamps, a meeting's own log) to the microsecond.
                log.info("the recording's time 0 is {} (wall clock)",
                        Instant.EPOCH.plus(wallMicros, ChronoUnit.MICROS));
            }
            long origin = originMonotonic.get();
            return origin == NOT_STARTED ? NOT_STARTED : monotonic - origin;
        }

        /**
         * The session time of a moment on the monotonic clock (System.nanoTime's, in
         * microseconds); only once the time line has started.
         */
        public long monotonicToSessionMicros(long monotonicMicros) {
            return monotonicMicros - originMonotonic.get();
        }

        /** The wall-clock time of a device timestamp, in microseconds since the epoch. */
        public long toWallMicros(long deviceMicros) {
            return wallClock(deviceMicros) ? deviceMicros : deviceMicros + (av_gettime() - av_gettime_relative());
        }

        private boolean wallClock(long deviceMicros) {
            if (wallClock == null) {
                long mono = av_gettime_relative();
                long wall = av_gettime();
                wallClock = Math.abs(deviceMicros - wall) < Math.abs(deviceMicros - mono);
            }
            return wallClock;
        }
    }

    /** The source whose first packet starts the time line: the picture, or the sound when there is none. */
    public Source primarySource() {
        return new Source(true);
    }

    public Source source() {
        return new Source(false);
    }
}
