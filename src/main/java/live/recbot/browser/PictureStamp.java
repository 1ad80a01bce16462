package live.recbot.browser;

/**
 * A strip of {@value #ROWS} pixel rows below the recorded picture, where recbot has the meeting
 * page draw the wall-clock time of each of its animation frames. The screen grab reads it back, so
 * recbot knows, frame by frame, how long the browser took to get a picture the page drew onto the
 * screen, and stamps the sound to match (see {@code live.recbot.capture.PictureLag}).
 *
 * <p>That delay is not constant: Chromium's pipeline settles at a different depth in each run and
 * sometimes moves during one, and a fixed sound delay would carry the difference as A/V offset
 * (docs/architecture.md, records 6 and 7). The stamp is drawn by the page's own main thread in its
 * own animation frames, so it takes exactly the path the page's pictures take: main thread,
 * compositor, display compositor, X server, grab.
 *
 * <p>The X screen, the browser window and the page's viewport are {@value #ROWS} rows taller than
 * the picture; the recording is the picture above the strip. The page is laid out for that height,
 * so its bottom {@value #ROWS} rows lie under the strip, unrecorded.
 *
 * <p>Layout: {@value #BITS} blocks side by side from the left, least significant bit first, each
 * {@link #blockWidth} pixels wide. The first row holds the bits (white for 1, black for 0), the
 * second their complement, so that no picture of the page's own is mistaken for a stamp. The low
 * 32 bits are the low 32 bits of the frame's time on the wall clock, in tenths of a millisecond
 * ({@code performance.timeOrigin} plus the time {@code requestAnimationFrame} hands its callbacks).
 * That is the one time every script animating the frame is given, whatever order they run in;
 * the time of day when recbot's own callback runs can be later, and the A/V offset follows the
 * frame's time. Its lowest bit is not time (the time is rounded down to 0.2 ms) but says whether
 * the document plays sound through a media element ({@link #MEDIA_BIT}). The 16 bits above say
 * how much later than their pictures the page's WebRTC receivers play their sound
 * ({@link #STREAM_BIT}, {@link #receiverLateMicros}).
 */
public final class PictureStamp {
    public static final int ROWS = 2;
    public static final int BITS = 48;
    /** Stamp units per millisecond. */
    public static final int UNITS_PER_MS = 10;
    /**
     * Set in the stamp's value when a {@code <video>} or {@code <audio>} element of the top document
     * plays audibly (playing, with data, not muted), whether in the document, in a shadow root or
     * outside the document ({@link MediaTracker#SCRIPT}): its sound and pictures reach the screen and
     * the speakers through Chromium's media pipeline, not in the page's animation frames
     * (docs/architecture.md, record 25). Looked at every {@value #MEDIA_CHECK_MS} ms.
     */
    public static final long MEDIA_BIT = 1;
    /**
     * Set, with {@link #MEDIA_BIT}, while every audible media element plays a stream and the page's
     * WebRTC receivers report when they play their pictures and their sound
     * ({@code estimatedPlayoutTimestamp}, in the sender's time): the bits above it then hold how
     * much later than its pictures the receiver of the loudest participant plays its sound
     * ({@link #receiverLateMicros}). A receiver leaves a difference under about 30 ms alone and
     * takes seconds to bring a larger one in (docs/architecture.md, record 25). Asked every
     * {@value #RECEIVER_CHECK_MS} ms.
     */
    public static final long STREAM_BIT = 1L << 32;
    static final int MEDIA_CHECK_MS = 500;
    static final int RECEIVER_CHECK_MS = 1000;
    /** The receiver's lateness is written in {@value} bits, signed, in stamp units. */
    private static final int LATE_BITS = 15;
    /** The most lateness written, either way, in milliseconds: beyond it a receiver is broken, not late. */
    static final int LATE_LIMIT_MS = 1500;

    private PictureStamp() {
    }

    /** The frame's time in a stamp, in stamp units, its lowest bit cleared. */
    public static long time(long stamp) {
        return stamp & 0xffff_fffeL;
    }

    /**
     * How much later than its pictures the page's WebRTC receiver plays its sound, in microseconds,
     * from a stamp with {@link #STREAM_BIT} set; negative where the sound plays early.
     */
    public static long receiverLateMicros(long stamp) {
        long units = stamp >>> 33 & (1L << LATE_BITS) - 1;
        if (units >= 1L << LATE_BITS - 1) {
            units -= 1L << LATE_BITS;
        }
        return units * 1000 / UNITS_PER_MS;
    }

    /** The height of the browser window, the page's viewport and the screen grab, for a picture this tall. */
    public static int windowHeight(int pictureHeight) {
        return pictureHeight + ROWS;
    }

    /** Pixels per bit: 4, or less where the picture is narrower than 192 (1 at the smallest, 64). */
    public static int blockWidth(int pictureWidth) {
        return Math.max(1, Math.min(4, pictureWidth / BITS));
    }

    /**
     * The script that installs the stamp in a top document: once per document, drawn in every
     * animation frame from then on. The strip lives in a closed shadow root with its own inline
     * styles, so the page's style sheets cannot restyle it, and it is put back if the page removes it.
     */
    static String installScript(int pictureWidth) {
        int block = blockWidth(pictureWidth);
        return """
                (function () {
                  // A frame's own strip would be drawn at its corner, inside the recorded picture.
                  if (window !== window.top || window.__recbotPictureStamp) return;
                  Object.defineProperty(window, '__recbotPictureStamp', {value: true});
                  var BLOCK = %d, BITS = %d, ROWS = %d, UNITS = %d, MEDIA_CHECK_MS = %d, RECEIVER_CHECK_MS = %d;
                  var LATE_LIMIT_MS = %d;
                  var raf = window.requestAnimationFrame.bind(window);
                  var host = document.createElement('recbot-picture-stamp');
                  var canvas = document.createElement('canvas');
                  canvas.width = BLOCK * BITS;
                  canvas.height = ROWS;
                  canvas.style.display = 'block';
                  host.attachShadow({mode: 'closed'}).appendChild(canvas);
                  var css = {position: 'fixed', left: '0', bottom: '0', top: 'auto', right: 'auto',
                    width: BLOCK * BITS + 'px', height: ROWS + 'px', margin: '0', padding: '0', border: '0',
                    display: 'block', visibility: 'visible', opacity: '1', transform: 'none', filter: 'none',
                    'z-index': '2147483647', 'pointer-events': 'none'};
                  Object.keys(css).forEach(function (k) { host.style.setProperty(k, css[k], 'important'); });
                  var g = canvas.getContext('2d', {alpha: false});
                  var image = g.createImageData(BLOCK * BITS, ROWS);
                  var px = image.data;
                  var media = 0, streamsOnly = false, checkedAt = -Infinity, found = {media: false, file: false};
                  var late = null, askedAt = -Infinity, asking = false;
                  // A stream without a live sound track (a camera's preview, a video-only tile) is silent.
                  function hasSound(m) {
                    var s = m.srcObject;
                    if (s && typeof s.getAudioTracks === 'function') {
                      return s.getAudioTracks().some(function (t) { return t.enabled && t.readyState === 'live'; });
                    }
                    return typeof m.webkitAudioDecodedByteCount !== 'number' || m.webkitAudioDecodedByteCount > 0;
                  }
                  function audibleIn(all) {
                    for (var i = 0; i < all.length; i++) {
                      var m = all[i];
                      if (!m.paused && !m.ended && m.readyState >= 2 && !m.muted && m.volume > 0 && hasSound(m)) {
                        found.media = true;
                        found.file = found.file || !(m.srcObject && typeof m.srcObject.getAudioTracks === 'function');
                      }
                    }
                  }
                  function lookForMedia() {
                    found.media = found.file = false;
                    audibleIn(document.querySelectorAll('video, audio'));
                    var tracked = window.__recbotMedia;
                    if (typeof tracked === 'function') audibleIn(tracked());
                  }
                  // Asked while only streams are heard: a file's sound keeps its own sync, and one
                  // delay serves the whole mix.
                  function askReceivers(frameTime) {
                    var ask = window.__recbotReceiverLate;
                    if (asking || typeof ask !== 'function' || frameTime - askedAt < RECEIVER_CHECK_MS) return;
                    askedAt = frameTime;
                    ask().then(function (v) { late = typeof v === 'number' && isFinite(v) ? v : null; asking = false; },
                      function () { late = null; asking = false; });
                    // Only once the answer is sure to come: a throw above leaves the next check free to ask.
                    asking = true;
                  }
                  function receiverWord() {
                    if (!streamsOnly || late === null) return 0;
                    var units = Math.round(Math.max(-LATE_LIMIT_MS, Math.min(LATE_LIMIT_MS, late)) * UNITS);
                    return 1 + 2 * (units & 32767);
                  }
                  function draw(frameTime) {
                    if (!host.isConnected && document.documentElement) document.documentElement.appendChild(host);
                    if (frameTime - checkedAt >= MEDIA_CHECK_MS) {
                      checkedAt = frameTime;
                      // The page's objects are read here; whatever they throw must not stop the stamp.
                      try {
                        lookForMedia();
                        media = found.media ? 1 : 0;
                        streamsOnly = found.media && !found.file;
                        if (streamsOnly) askReceivers(frameTime);
                      } catch (e) { }
                    }
                    var v = Math.floor((performance.timeOrigin + frameTime) * UNITS) %% 4294967296;
                    v = v - v %% 2 + media;
                    var w = receiverWord();
                    for (var b = 0; b < BITS; b++) {
                      var on = b < 32 ? (v >>> b) & 1 : (w >>> (b - 32)) & 1;
                      for (var x = b * BLOCK; x < (b + 1) * BLOCK; x++) {
                        for (var r = 0; r < ROWS; r++) {
                          var i = (r * BLOCK * BITS + x) * 4, c = (on ^ (r & 1)) ? 255 : 0;
                          px[i] = px[i + 1] = px[i + 2] = c;
                          px[i + 3] = 255;
                        }
                      }
                    }
                    g.putImageData(image, 0, 0);
                    raf(draw);
                  }
                  raf(draw);
                })();
                """.formatted(block, BITS, ROWS, UNITS_PER_MS, MEDIA_CHECK_MS, RECEIVER_CHECK_MS, LATE_LIMIT_MS);
    }
}
