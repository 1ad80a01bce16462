package live.recbot.session;

import live.recbot.browser.PulseAudioServer;
import live.recbot.browser.XvfbDisplay;

/** The session's X server and sound server, once both run. */
record Devices(XvfbDisplay display, PulseAudioServer audio) {
}
