package live.recbot.encode;

import java.time.Duration;

/**
 * Keyframes on a grid of segment boundaries, counted from the first picture: the first picture at
 * or after each boundary must be a keyframe. The regular GOP cannot promise that: it counts
 * pictures, and a picture lasts a whole number of browser frames (33.332 ms, not 1/30 s) and may
 * be skipped, so its keyframes drift off any grid of seconds. Confined to the encoder's thread.
 */
public final class SegmentKeyframes {
    /** No grid: only the encoder's own keyframes. */
    public static final Duration NONE = Duration.ZERO;

    private final long segmentMicros;
    private final long pictureMicros;
    private long firstPts = Long.MIN_VALUE;
    /** The boundary, counted in segments, the next forced keyframe is for. */
    private long next = 1;

    /** @param segment the grid's spacing, or {@link #NONE}; @param picture one tick of the pts */
    SegmentKeyframes(Duration segment, Duration picture) {
        this.segmentMicros = segment.toNanos() / 1000;
        this.pictureMicros = picture.toNanos() / 1000;
    }

    /** Whether the picture of this pts must be a keyframe to start a segment; pts only grow. */
    boolean due(long pts) {
        if (segmentMicros <= 0) {
            return false;
        }
        if (firstPts == Long.MIN_VALUE) {
            // The encoder's first picture is a keyframe of its own.
            firstPts = pts;
            return false;
        }
        long elapsed = (pts - firstPts) * pictureMicros;
        if (elapsed < next * segmentMicros) {
            return false;
        }
        next = elapsed / segmentMicros + 1;
        return true;
    }
}
