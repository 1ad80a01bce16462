// Instrument for the A/V pages (loaded with ?probe=1): every 5 s it reports, as the query of a
// GET /probe?... that any static server logs, the medians over the last 5 s of what
// requestVideoFrameCallback says about each <video>'s frames (relative to the animation frame's
// time `now`), the AudioContext's latencies, the WebRTC receiver's buffer delays and when it
// plays its sound and pictures (estimatedPlayoutTimestamp, the sender's capture time of what plays
// now, whose difference is the receiver's own A/V), and how many pictures the WebRTC sender's
// source made and sent and its receiver decoded.
'use strict';
(function () {
  const samples = new Map();
  function median(a) { if (!a.length) return null; const s = a.slice().sort(function (x, y) { return x - y; }); return +s[s.length >> 1].toFixed(2); }
  function watch(video) {
    if (samples.has(video)) return;
    const s = { edt: [], pres: [], cap: [], recv: [], mediaMinusCurrent: [], presented: 0 };
    samples.set(video, s);
    function cb(now, m) {
      s.edt.push(m.expectedDisplayTime - now);
      s.pres.push(now - m.presentationTime);
      if (m.captureTime) s.cap.push(m.expectedDisplayTime - m.captureTime);
      if (m.receiveTime) s.recv.push(m.expectedDisplayTime - m.receiveTime);
      // Counts every frame handed to the compositor, also those whose callback was skipped.
      s.presented = m.presentedFrames;
      video.requestVideoFrameCallback(cb);
    }
    video.requestVideoFrameCallback(cb);
  }
  async function report() {
    document.querySelectorAll('video').forEach(watch);
    const out = { t: +(performance.now() / 1000).toFixed(1), videos: [] };
    samples.forEach(function (s) {
      out.videos.push({ edtMinusNow: median(s.edt), nowMinusPresentation: median(s.pres),
        edtMinusCapture: median(s.cap), edtMinusReceive: median(s.recv), n: s.edt.length, presentedFrames: s.presented });
      Object.keys(s).forEach(function (k) { if (Array.isArray(s[k])) s[k] = []; });
    });
    const page = window.recbotAvPage || {};
    if (page.audioContext) {
      out.outputLatencyMs = +(page.audioContext.outputLatency * 1000).toFixed(2);
      out.baseLatencyMs = +(page.audioContext.baseLatency * 1000).toFixed(2);
    }
    if (page.receiver) {
      const stats = await page.receiver.getStats();
      stats.forEach(function (r) {
        if (r.type === 'inbound-rtp' && r.jitterBufferEmittedCount) {
          out[r.kind + 'JitterBufferMs'] = +(1000 * r.jitterBufferDelay / r.jitterBufferEmittedCount).toFixed(1);
          // The totals too, so that a reader can take the delay over any span, not only since the start.
          out[r.kind + 'JitterBufferTotalS'] = r.jitterBufferDelay;
          out[r.kind + 'JitterBufferEmitted'] = r.jitterBufferEmittedCount;
          if (r.jitterBufferTargetDelay) out[r.kind + 'JitterTargetMs'] = +(1000 * r.jitterBufferTargetDelay / r.jitterBufferEmittedCount).toFixed(1);
        }
        if (r.type === 'inbound-rtp' && r.estimatedPlayoutTimestamp) {
          out[r.kind + 'PlayoutNtpMs'] = r.estimatedPlayoutTimestamp;
          out.statsTimestampMs = r.timestamp;
        }
        if (r.type === 'inbound-rtp' && r.kind === 'video') {
          // Cumulative: how many pictures arrived, were decoded, dropped or frozen, against the sender's below.
          out.videoFramesReceived = r.framesReceived;
          out.videoFramesDecoded = r.framesDecoded;
          out.videoFramesDropped = r.framesDropped;
          out.videoFreezeCount = r.freezeCount;
          out.videoFreezesS = r.totalFreezesDuration;
        }
        if (r.type === 'media-playout' && r.totalSamplesCount) {
          out.audioPlayoutDelayMs = +(1000 * r.totalPlayoutDelay / r.totalSamplesCount).toFixed(1);
          out.audioPlayoutTotalS = r.totalPlayoutDelay;
          out.audioPlayoutSamples = r.totalSamplesCount;
        }
      });
    }
    if (page.sender) {
      const sent = await page.sender.getStats();
      sent.forEach(function (r) {
        if (r.type === 'media-source' && r.kind === 'video') out.sourceFrames = r.frames;
        if (r.type === 'outbound-rtp' && r.kind === 'video') {
          out.videoFramesEncoded = r.framesEncoded;
          out.videoFramesSent = r.framesSent;
          out.videoQualityLimitation = r.qualityLimitationReason;
        }
      });
    }
    fetch('/probe?' + encodeURIComponent(JSON.stringify(out))).catch(function () {});
  }
  setInterval(report, 5000);
})();
