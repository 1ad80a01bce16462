package live.recbot.browser;

/** What the page plays, for recbot's {@link PictureStamp}. */
final class MediaTracker {
    /**
     * Installed before the page's own scripts in every top document, so that the stamp also finds
     * media elements that {@code querySelectorAll} cannot: those never put in the document (a
     * {@code new Audio()} playing a participant's stream, as some meeting SDKs do) and those inside
     * shadow roots (web components). It keeps weak references to every element given a
     * {@code srcObject} or told to {@code play()}, to every shadow root, and to every
     * {@code RTCPeerConnection} given a remote description, and answers
     * {@code window.__recbotMedia()} with the elements of the first two that are still alive and
     * {@code window.__recbotReceiverLate()} with a promise of how many milliseconds later than its
     * pictures the loudest participant's sound is played (null where no receiver knows). A
     * participant is the audio and the video a remote description puts in one stream
     * ({@code a=msid}), which is what a receiver keeps in sync; the loudest is the one whose
     * {@code totalAudioEnergy} grew most since the last call. The page's calls behave as before.
     */
    static final String SCRIPT = """
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
              var PC = window.RTCPeerConnection, peers = [];
              peers.live = 0;
              if (PC && PC.prototype.setRemoteDescription) {
                var setRemote = PC.prototype.setRemoteDescription;
                PC.prototype.setRemoteDescription = function setRemoteDescription() {
                  if (this instanceof PC) keep(peers, this);
                  return setRemote.apply(this, arguments);
                };
              }
              var energies = new WeakMap();
              function streamsByMid(pc) {
                var out = {}, d = pc.remoteDescription, parts = d && d.sdp ? d.sdp.split(/\\r?\\nm=/) : [];
                for (var i = 1; i < parts.length; i++) {
                  var mid = /\\na=mid:(\\S+)/.exec(parts[i]), msid = /\\na=msid:(\\S+)/.exec(parts[i]);
                  if (mid && msid && msid[1] !== '-') out[mid[1]] = msid[1];
                }
                return out;
              }
              function participants(pc) {
                var streams = streamsByMid(pc);
                return pc.getStats().then(function (report) {
                  var groups = {}, last = energies.get(pc) || {}, now = {};
                  report.forEach(function (r) {
                    if (r.type !== 'inbound-rtp' || !r.estimatedPlayoutTimestamp
                        || !Object.prototype.hasOwnProperty.call(streams, r.mid)) return;
                    var g = groups[streams[r.mid]] || (groups[streams[r.mid]] = {energy: 0});
                    g[r.kind] = r.estimatedPlayoutTimestamp;
                    if (r.kind === 'audio') {
                      now[r.id] = r.totalAudioEnergy || 0;
                      g.energy = now[r.id] - (last[r.id] || 0);
                    }
                  });
                  energies.set(pc, now);
                  return Object.keys(groups).map(function (k) { return groups[k]; })
                    .filter(function (g) { return g.audio && g.video; });
                });
              }
              Object.defineProperty(window, '__recbotReceiverLate', {value: function () {
                var open = alive(peers).filter(function (pc) { return pc.signalingState !== 'closed'; });
                return Promise.all(open.map(participants)).then(function (lists) {
                  var loudest = null;
                  lists.forEach(function (list) {
                    list.forEach(function (g) { if (!loudest || g.energy > loudest.energy) loudest = g; });
                  });
                  // Both are the sender's capture time of what plays now: the picture's is the later
                  // by as much as the sound is played late.
                  return loudest ? loudest.video - loudest.audio : null;
                });
              }});
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

    private MediaTracker() {
    }
}
