/*
  What the A/V pages share: the markers' sound (second k's 80 ms 1 kHz beep, 2 ms ramps,
  frac(k * 0.618...) * 100 ms into the second, the bundled test page's schedule), steady tones, a
  moving-ball picture, and a WebRTC loopback (two RTCPeerConnections on the page, no server).
*/
'use strict';
window.recbotMarkers = (function () {
  function markerPhase(k) { return ((k * 0.6180339887498949) % 1) * 0.1; }

  // Schedules the beeps on ctx's clock into node, from the next whole second on, 1.5 s ahead;
  // beeps holds the context times of those scheduled.
  function beepScheduler(ctx, node) {
    const beeps = [];
    let next = 0;
    return {
      beeps: beeps,
      schedule: function () {
        if (ctx.state !== 'running') { ctx.resume().catch(function () {}); return; }
        const now = ctx.currentTime;
        if (next < now + 0.05) next = Math.ceil(now + 0.05);
        while (next < now + 1.5) {
          const t = next + markerPhase(next);
          const osc = ctx.createOscillator(), env = ctx.createGain();
          osc.frequency.value = 1000;
          env.gain.value = 0;
          env.gain.setValueAtTime(0, t);
          env.gain.linearRampToValueAtTime(0.6, t + 0.002);
          env.gain.setValueAtTime(0.6, t + 0.078);
          env.gain.linearRampToValueAtTime(0, t + 0.080);
          osc.connect(env); env.connect(node);
          osc.start(t); osc.stop(t + 0.09);
          beeps.push(t);
          next += 1;
        }
      }
    };
  }

  function tone(ctx, node, freqs, gain) {
    freqs.forEach(function (f) {
      const osc = ctx.createOscillator(), amp = ctx.createGain();
      osc.frequency.value = f; amp.gain.value = gain;
      osc.connect(amp); amp.connect(node); osc.start();
    });
  }

  // A ball of radius r moving over a dark background, at time t (s), filling g's canvas.
  function drawBall(g, t, colours, r, speeds) {
    const w = g.canvas.width, h = g.canvas.height;
    g.fillStyle = colours[0];
    g.fillRect(0, 0, w, h);
    g.fillStyle = colours[1];
    g.beginPath();
    g.arc(w / 2 + w * 0.32 * Math.sin(t * speeds[0]), h / 2 + h * 0.28 * Math.sin(t * speeds[1]), r, 0, Math.PI * 2);
    g.fill();
  }

  // Sends stream from one RTCPeerConnection to another on this page; onStream gets what arrives.
  function loopback(stream, onStream) {
    const a = new RTCPeerConnection(), b = new RTCPeerConnection();
    a.onicecandidate = function (e) { if (e.candidate) b.addIceCandidate(e.candidate); };
    b.onicecandidate = function (e) { if (e.candidate) a.addIceCandidate(e.candidate); };
    stream.getTracks().forEach(function (track) { a.addTrack(track, stream); });
    b.ontrack = function (e) { onStream(e.streams[0]); };
    (async function () {
      const offer = await a.createOffer();
      await a.setLocalDescription(offer);
      await b.setRemoteDescription(offer);
      const answer = await b.createAnswer();
      await b.setLocalDescription(answer);
      await a.setRemoteDescription(answer);
    })();
    return { sender: a, receiver: b, close: function () { a.close(); b.close(); } };
  }

  return { beepScheduler: beepScheduler, tone: tone, drawBall: drawBall, loopback: loopback };
})();
