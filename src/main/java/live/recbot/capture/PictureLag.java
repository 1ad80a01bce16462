package live.recbot.capture;

import java.nio.ByteBuffer;
import java.util.Arrays;
import live.recbot.browser.PictureStamp;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * How much later than its sound the picture reaches the capture, measured in every grabbed frame
 * from the page's {@link PictureStamp}, and so how much later the sound is stamped.
 *
 * <p>The picture's delay is the browser's: from the moment the page draws a frame to the grab that
 * finds it on the screen. It differs from run to run and can change during one (one or more
 * display frames, docs/architecture.md, record 6), so it is followed, not assumed: the sound is stamped at the mean
 * of the middle half of the last {@value #WINDOW} frames' delays, plus what the sound path itself
 * needs ({@link #SOUND_AHEAD_MICROS}). A change reaches the sound through the encoder's steering,
 * at most 3 ms per second, so nobody hears it; only the first estimates replace the default at
 * once ({@link #jumps()}).
 *
 * <p>That holds for a page that times its pictures to its sound itself, in its animation frames
 * (a canvas and WebAudio). A page that plays its sound through a {@code <video>} or {@code <audio>}
 * element, as meetings play their participants, leaves both to Chromium's media pipeline, which
 * already shows each video frame when its sound is heard; the stamp says so
 * ({@link PictureStamp#MEDIA_BIT}), and the sound then gets {@link #MEDIA_SOUND_MICROS} instead,
 * whatever the page's own pictures take. A page that mixes both is timed as a media page
 * (docs/architecture.md, record 25). Where every element heard plays a WebRTC stream, the stamp
 * also carries how late the page's receiver plays the sound against the pictures
 * ({@link PictureStamp#STREAM_BIT}), and the sound is stamped that much earlier (plus
 * {@link #STREAM_SOUND_MICROS}), so that the recording keeps the sender's sync rather than the
 * receiver's.
 *
 * <p>Written by the screen capture's thread, read by the sound capture's.
 */
public final class PictureLag implements SoundDelay {
    private static final Logger log = LoggerFactory.getLogger(PictureLag.class);
    /**
     * The sound's delay until the first frames are measured, and for a page that carries no stamp:
     * calibrated with the test page's flash and beep markers.
     */
    static final long DEFAULT_MICROS = 31_000;
    /**
     * What the sound needs on top of the picture's delay: how much sooner than the page's own
     * clock says it is heard its sound reaches the capture. Calibrated with the test page's flash
     * and beep markers (docs/architecture.md, record 7).
     */
    static final long SOUND_AHEAD_MICROS = 5_000;
    /**
     * The sound's delay while the page plays sound through a media element: Chromium's media
     * pipeline puts each video frame on the screen when it expects its sound to be heard, and the
     * grab and the sound capture see both that much apart. Calibrated with the {@code <video>} and
     * WebRTC pages' flash and beep markers (docs/architecture.md, record 25).
     */
    static final long MEDIA_SOUND_MICROS = -20_000;
    /**
     * The sound's delay while only WebRTC streams are heard, before the receiver's lateness is taken
     * off: how much longer the picture takes than the sound after the receiver hands both on
     * (compositor, display and grab against the output and the sink's monitor). Calibrated with the
     * WebRTC pages' flash and beep markers (docs/architecture.md, record 25).
     */
    static final long STREAM_SOUND_MICROS = 10_000;
    /**
     * A change of the receiver's lateness by more than this since the last one taken at once is
     * taken at once too: right after it starts a receiver brings its sound in by 50-80 ms within
     * seconds, more than the encoder's steering follows. Smaller changes are steered.
     */
    static final long LATE_JUMP_MICROS = 20_000;
    /** One second of pictures: a change of depth is followed within it. */
    static final int WINDOW = 30;
    /** Fewer frames than this are not trusted for an estimate. */
    static final int MIN_FRAMES = 4;
    /** A longer delay is a page that stalled, not a pipeline: not followed. */
    static final long MAX_MICROS = 300_000;
    private static final int HISTOGRAM_BIN_MICROS = 100;
    /** Five seconds of pictures. */
    private static final int UNSTAMPED_NOTICE_FRAMES = 150;
    /** A channel value a stamp's row and its complement must differ by, of 255. */
    private static final int CONTRAST = 160;

    private final int pictureWidth;
    private final int pictureHeight;
    private final int block;
    private final long[] window = new long[WINDOW];
    private final long[] sorted = new long[WINDOW];
    private int filled;
    private int next;
    private long lastStamp = -1;
    private boolean media;
    private boolean streams;
    private long receiverLateTaken;
    private volatile long jumps;
    private boolean jumpPending;
    private long mediaFrames;
    private volatile long soundDelayMicros = DEFAULT_MICROS;
    private volatile long pictureLagMicros = -1;
    // The recording's frames only (not those grabbed while the page loaded), for the summary.
    private final int[] histogram = new int[(int) (MAX_MICROS / HISTOGRAM_BIN_MICROS) + 1];
    private long recorded;
    private long stamped;
    private long minSoundDelay = Long.MAX_VALUE;
    private long maxSoundDelay = Long.MIN_VALUE;

    public PictureLag(int pictureWidth, int pictureHeight) {
        this.pictureWidth = pictureWidth;
        this.pictureHeight = pictureHeight;
        this.block = PictureStamp.blockWidth(pictureWidth);
    }

    /** How much later than captured the sound is stamped now, in microseconds. */
    @Override
    public long soundDelayMicros() {
        return soundDelayMicros;
    }

    /**
     * Counts the changes of the sound's delay that are taken at once, not steered: the first
     * estimates, from {@value #MIN_FRAMES} frames and from a full window, which replace the
     * default; the page beginning or stopping to play sound through media elements or only
     * streams; and the receiver's lateness moving more than {@value #LATE_JUMP_MICROS} us. Steered at 3 ms a second, the first estimate's difference from the default (up to about
     * 40 ms) would stay in the recording's first seconds (docs/architecture.md, record 7).
     */
    @Override
    public long jumps() {
        return jumps;
    }

    /** The picture's delay the sound follows now, in microseconds; -1 until frames carried a readable stamp. */
    public long pictureLagMicros() {
        return pictureLagMicros;
    }

    /**
     * Reads the stamp of one grabbed screen image (the picture and the strip below it, 4 bytes a
     * pixel) captured at {@code wallMicros}, and follows the delay it shows.
     *
     * @param recorded whether the frame is part of the recording (false while the page loads)
     * @return whether the grab found the same stamped picture as the grab before
     */
    boolean frame(ByteBuffer screen, int stride, long wallMicros, boolean recorded) {
        if (recorded && ++this.recorded == UNSTAMPED_NOTICE_FRAMES && stamped == 0) {
            log.info("the page's frames carry no stamp; the sound stays {} ms later than captured",
                    String.format("%.1f", soundDelayMicros / 1000.0));
        }
        long stamp = stamp(screen, stride);
        if (stamp < 0 || stamp == lastStamp) {
            // No stamp, or the same picture grabbed again: its delay is the first grab's.
            return stamp >= 0;
        }
        lastStamp = stamp;
        boolean mediaNow = (stamp & PictureStamp.MEDIA_BIT) != 0;
        boolean streamsNow = mediaNow && (stamp & PictureStamp.STREAM_BIT) != 0;
        long receiverLate = streamsNow ? PictureStamp.receiverLateMicros(stamp) : 0;
        boolean jump = jumpPending || mediaNow != media || streamsNow != streams
                || streamsNow && Math.abs(receiverLate - receiverLateTaken) > LATE_JUMP_MICROS;
        jumpPending = false;
        if (jump) {
            receiverLateTaken = receiverLate;
        }
        if (mediaNow != media || streamsNow != streams) {
            logKind(mediaNow, streamsNow, receiverLate);
        }
        media = mediaNow;
        streams = streamsNow;
        long delay = delayMicros(PictureStamp.time(stamp), wallMicros);
        if (delay < 0 || delay > MAX_MICROS) {
            // Taken with the next frame that has a delay to follow.
            jumpPending = jump;
            return false;
        }
        if (recorded) {
            stamped++;
            mediaFrames += media ? 1 : 0;
            histogram[(int) (delay / HISTOGRAM_BIN_MICROS)]++;
        }
        window[next] = delay;
        next = (next + 1) % WINDOW;
        if (filled < WINDOW) {
            filled++;
            jump |= filled == MIN_FRAMES || filled == WINDOW;
        }
        if (filled >= MIN_FRAMES) {
            long picture = middleMean();
            pictureLagMicros = picture;
            long sound = soundDelay(picture, media, streams, receiverLate);
            soundDelayMicros = sound;
            if (recorded) {
                minSoundDelay = Math.min(minSoundDelay, sound);
                maxSoundDelay = Math.max(maxSoundDelay, sound);
            }
        }
        if (jump) {
            // After the new delay: the sound capture reads this count first, then the delay.
            jumps++;
        }
        return false;
    }

    /** The sound's delay for a picture delay and a receiver's lateness: see the class comment. */
    static long soundDelay(long pictureMicros, boolean media, boolean streams, long receiverLateMicros) {
        if (streams) {
            return STREAM_SOUND_MICROS - receiverLateMicros;
        }
        return media ? MEDIA_SOUND_MICROS : pictureMicros + SOUND_AHEAD_MICROS;
    }

    private static void logKind(boolean mediaNow, boolean streamsNow, long receiverLate) {
        if (streamsNow) {
            log.info("the page plays sound only from WebRTC streams, whose receiver plays it {} ms late;"
                    + " the sound is stamped {} ms late", String.format("%.1f", receiverLate / 1000.0),
                    String.format("%.1f", soundDelay(0, true, true, receiverLate) / 1000.0));
        } else if (mediaNow) {
            log.info("the page plays sound through media elements; the sound is stamped {} ms late",
                    String.format("%.1f", MEDIA_SOUND_MICROS / 1000.0));
        } else {
            log.info("the page plays no sound through media elements; the sound follows its pictures' delay");
        }
    }

    /** The stamp's value, or -1 where the strip holds none (a page that does not draw it). */
    long stamp(ByteBuffer screen, int stride) {
        if (stride < pictureWidth * 4 || screen.limit() < (long) stride * PictureStamp.windowHeight(pictureHeight)) {
            return -1;
        }
        int bits = pictureHeight * stride;
        int complement = bits + stride;
        long v = 0;
        for (int b = 0; b < PictureStamp.BITS; b++) {
            // The middle of the block, its second byte: green in bgr0, and any channel of black or white.
            int at = (b * block + block / 2) * 4 + 1;
            int on = screen.get(bits + at) & 0xff;
            int off = screen.get(complement + at) & 0xff;
            if (Math.abs(on - off) < CONTRAST) {
                return -1;
            }
            if (on > off) {
                v |= 1L << b;
            }
        }
        return v;
    }

    /**
     * From the stamp's time (its lowest bit cleared) to the capture's, both on the wall clock; the
     * stamp's 32 bits wrap.
     */
    static long delayMicros(long stampTime, long wallMicros) {
        long unitMicros = 1000 / PictureStamp.UNITS_PER_MS;
        long nowUnits = Math.floorDiv(wallMicros, unitMicros);
        int units = (int) (nowUnits - stampTime);
        // The stamp floors its time to two units: the frame was drawn one unit after it on average.
        return units * unitMicros + Math.floorMod(wallMicros, unitMicros) - unitMicros;
    }

    private long middleMean() {
        System.arraycopy(window, 0, sorted, 0, filled);
        Arrays.sort(sorted, 0, filled);
        int from = filled / 4;
        int to = filled - filled / 4;
        long sum = 0;
        for (int i = from; i < to; i++) {
            sum += sorted[i];
        }
        return sum / (to - from);
    }

    /** The recording's frames, those that carried a stamp, and their median delay; for the log at the end. */
    String summary() {
        // Without a delay measured during the recording, the sound kept the one it started with:
        // measured while the page loaded, or the default.
        String sound = minSoundDelay > maxSoundDelay ? String.format("%.1f", soundDelayMicros / 1000.0)
                : String.format("%.1f to %.1f", minSoundDelay / 1000.0, maxSoundDelay / 1000.0);
        if (stamped == 0) {
            return "no recorded frame carried the page's stamp; the sound was stamped " + sound + " ms late throughout";
        }
        return String.format("%d of %d recorded frames stamped; the page's pictures reached the capture "
                        + "%.1f ms (median; p10 %.1f, p90 %.1f) after they were drawn; the sound was stamped %s ms late"
                        + "; %d stamped frames while the page played sound through media elements",
                stamped, recorded, percentileMs(0.5), percentileMs(0.1), percentileMs(0.9), sound, mediaFrames);
    }

    private double percentileMs(double p) {
        long rank = (long) Math.ceil(p * stamped);
        long seen = 0;
        for (int i = 0; i < histogram.length; i++) {
            seen += histogram[i];
            if (seen >= Math.max(1, rank)) {
                return (i * HISTOGRAM_BIN_MICROS + HISTOGRAM_BIN_MICROS / 2) / 1000.0;
            }
        }
        return MAX_MICROS / 1000.0;
    }

    void logSummary() {
        log.info("picture lag: {}", summary());
    }
}
