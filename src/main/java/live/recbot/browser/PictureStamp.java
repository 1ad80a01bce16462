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
 * second their complement, so that no picture of the page's own is mistaken for a stamp. The
 * value is the low 32 bits of the frame's time on the wall clock, in tenths of a millisecond
 * ({@code performance.timeOrigin} plus the time {@code requestAnimationFrame} hands its callbacks).
 * That is the one time every script animating the frame is given, whatever order they run in;
 * the time of day when recbot's own callback runs can be later, and the A/V offset follows the
 * frame's time. Its lowest bit is not time (the time is rounded down to 0.2 ms) but says whether
 * the document plays sound through a media element ({@link #MEDIA_BIT}).
 */
public final class PictureStamp {
    public static final int ROWS = 2;
    public static final int BITS = 32;
    /** Stamp units per millisecond. */
    public static final int UNITS_PER_MS = 10;
    /**
     * Set in the stamp's value when a {@code <video>} or {@code <audio>} element of the top document
     * plays audibly (playing, with data, not muted), whether in the document, in a shadow root or
     * outside the document ({@link #MEDIA_TRACKER_SCRIPT}): its sound and pictures reach the screen and
     * the speakers through Chromium's media pipeline, not in the page's animation frames
     * (docs/architecture.md, record 25). Looked at every {@value #MEDIA_CHECK_MS} ms.
     */
    public static final long MEDIA_BIT = 1;
    static final int MEDIA_CHECK_MS = 500;

    /**
     * Installed before the page's own scripts in every top document, so that the stamp also finds
     * media elements that {@code querySelectorAll} cannot: those never put in the document (a
     * {@code new Audio()} playing a participant's stream, as some meeting SDKs do) and those inside
     * shadow roots (web components). It keeps weak references to every element given a
     * {@code srcObject} or told to {@code play()}, and to every shadow root, and answers
     * {@code window.__recbotMedia()} with the elements of both that are still alive. The page's calls
     * behave as before.
     */
    static final String MEDIA_TRACKER_SCRIPT = """
            (function () {
              if (window !== window.top || window.__recbotMedia || typeof WeakRef !== 'function') return;
              var seen = new WeakSet(), elements = [], roots = [];
              elements.live = roots.live = 0;
              function alive(list) {
                var out = [], kept = 0;
                for (var i = 0; i < list.length; i++) {
                  var o = list[i].deref();
                  if (o) { out.push(o); list[kept++] = list[i]; }
                }
                list.length = list.live = kept;
                return out;
              }
              function keep(list, o) {
                if (seen.has(o)) return;
                seen.add(o);
                list.push(new WeakRef(o));
                // Pruned here too, in case the stamp that reads the lists is not running.
                if (list.length > 64 && list.length > 2 * list.live) alive(list);
              }
              var proto = HTMLMediaElement.prototype, originalPlay = proto.play;
              proto.play = function play() {
                if (this instanceof HTMLMediaElement) keep(elements, this);
                return originalPlay.apply(this, arguments);
              };
              var src = Object.getOwnPropertyDescriptor(proto, 'srcObject');
              if (src && src.set) {
                Object.defineProperty(proto, 'srcObject', {configurable: true, enumerable: src.enumerable, get: src.get,
                  set: function (v) { src.set.call(this, v); keep(elements, this); }});
              }
              var attach = Element.prototype.attachShadow;
              Element.prototype.attachShadow = function attachShadow() {
                var root = attach.apply(this, arguments);
                keep(roots, root);
                return root;
              };
              Object.defineProperty(window, '__recbotMedia', {value: function () {
                var found = alive(elements), shadows = alive(roots);
                for (var i = 0; i < shadows.length; i++) {
                  var inside = shadows[i].querySelectorAll('video, audio');
                  for (var j = 0; j < inside.length; j++) found.push(inside[j]);
                }
                return found;
              }});
            })();
            """;

    private PictureStamp() {
    }

    /** The height of the browser window, the page's viewport and the screen grab, for a picture this tall. */
    public static int windowHeight(int pictureHeight) {
        return pictureHeight + ROWS;
    }

    /** Pixels per bit: 4, or less where the picture is narrower than 128 (2 at the smallest, 64). */
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
                  var BLOCK = %d, BITS = %d, ROWS = %d, UNITS = %d, MEDIA_CHECK_MS = %d;
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
                  var media = 0, checkedAt = -Infinity;
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
                      if (!m.paused && !m.ended && m.readyState >= 2 && !m.muted && m.volume > 0 && hasSound(m)) return true;
                    }
                    return false;
                  }
                  function audibleMedia() {
                    if (audibleIn(document.querySelectorAll('video, audio'))) return 1;
                    var tracked = window.__recbotMedia;
                    return typeof tracked === 'function' && audibleIn(tracked()) ? 1 : 0;
                  }
                  function draw(frameTime) {
                    if (!host.isConnected && document.documentElement) document.documentElement.appendChild(host);
                    if (frameTime - checkedAt >= MEDIA_CHECK_MS) {
                      checkedAt = frameTime;
                      // The page's objects are read here; whatever they throw must not stop the stamp.
                      try { media = audibleMedia(); } catch (e) { }
                    }
                    var v = Math.floor((performance.timeOrigin + frameTime) * UNITS) %% 4294967296;
                    v = v - v %% 2 + media;
                    for (var b = 0; b < BITS; b++) {
                      var on = (v >>> b) & 1;
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
                """.formatted(block, BITS, ROWS, UNITS_PER_MS, MEDIA_CHECK_MS);
    }
}
