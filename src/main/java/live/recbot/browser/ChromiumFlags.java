package live.recbot.browser;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import live.recbot.config.HMSResolution;

/** Chromium's command line for a session: a kiosk window that plays and renders unattended. */
final class ChromiumFlags {
    private ChromiumFlags() {
    }

    static List<String> forSession(HMSResolution size, Path profile, boolean sandbox) {
        List<String> args = new ArrayList<>(List.of(
                "--kiosk",
                "--window-position=0,0",
                // The picture and, below it, the strip where the page stamps its frames.
                "--window-size=" + size.width() + "," + PictureStamp.windowHeight(size.height()),
                "--force-device-scale-factor=1",
                "--user-data-dir=" + profile,
                // chromedriver attaches here; Chromium writes the port it got to the profile.
                "--remote-debugging-port=0",
                // What chromedriver adds when it launches Chromium itself: no infobar about
                // unsupported flags, no hang dialog, no blocked pop-ups or repost prompts.
                "--test-type",
                "--disable-hang-monitor",
                "--disable-popup-blocking",
                "--disable-prompt-on-repost",
                "--no-service-autorun",
                "--no-first-run",
                "--no-default-browser-check",
                "--disable-infobars",
                "--noerrdialogs",
                "--disable-session-crashed-bubble",
                "--hide-scrollbars",
                "--autoplay-policy=no-user-gesture-required",
                "--use-fake-ui-for-media-stream",
                "--use-fake-device-for-media-stream",
                "--disable-notifications",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--disable-default-apps",
                "--disable-extensions",
                "--disable-domain-reliability",
                "--disable-client-side-phishing-detection",
                "--disable-breakpad",
                "--disable-quic",
                "--metrics-recording-only",
                "--no-pings",
                "--password-store=basic",
                "--use-mock-keychain",
                "--disable-dev-shm-usage",
                "--disable-gpu",
                // A meeting in a hidden or occluded window must still render and play at full rate.
                "--disable-background-timer-throttling",
                "--disable-backgrounding-occluded-windows",
                "--disable-renderer-backgrounding",
                // WebUIOmnibox* to SpareRendererForSitePerProcess: the omnibox popup's WebUI,
                // preloaded in its own renderer even in kiosk mode, and a spare renderer; each a
                // process that competes with the meeting page for the CPU while it loads.
                // AudioServiceOutOfProcess: the audio service runs in the browser process, so the
                // page's load does not wait for its process to start (docs/architecture.md, record 11).
                "--disable-features=Translate,MediaRouter,OptimizationHints,AutofillServerCommunication,"
                        + "CalculateNativeWinOcclusion,InterestFeedContentSuggestions,DialMediaRouteProvider,"
                        + "WebUIOmniboxPopup,WebUIOmniboxAimPopup,WebUIOmniboxFullPopup,PreloadTopChromeWebUI,"
                        + "SpareRendererForSitePerProcess,AudioServiceOutOfProcess",
                // The network service runs in the browser process too, so the page's request does
                // not wait for the service's process to start (docs/architecture.md, record 11).
                "--enable-features=NetworkServiceInProcess2",
                "--alsa-output-device=null"));
        if (!sandbox) {
            args.add("--no-sandbox");
        }
        return args;
    }
}
