package live.recbot.browser;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import live.recbot.proc.ChildProcess;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Chromium's process on a blank tab: its command line and environment, with no page on either. */
final class ChromiumLaunch {
    private static final Logger log = LoggerFactory.getLogger(ChromiumLaunch.class);

    private ChromiumLaunch() {
    }

    static ChildProcess start(ChromiumBrowser.Spec spec, Path profile) throws IOException {
        Path runDir = spec.runDir();
        Path home = ChromiumProfile.home(runDir);
        Map<String, String> env = new HashMap<>();
        // The session's directory, not this browser's, so that the TMPDIR inside it is short
        // enough for Chromium's singleton socket path, which a deep directory would overflow.
        env.put(ChildProcess.SESSION_ENV, runDir.getParent().toString());
        env.put("DISPLAY", spec.display().name());
        env.put("PULSE_SERVER", spec.audio().serverAddress());
        env.put("PULSE_SINK", PulseAudioServer.SINK);
        env.put("HOME", home.toString());
        env.put("XDG_CONFIG_HOME", home.resolve(".config").toString());
        env.put("XDG_CACHE_HOME", home.resolve(".cache").toString());
        // No session bus exists here: without this Chromium's UI thread waits on failed D-Bus
        // connection attempts while it starts.
        env.put("DBUS_SESSION_BUS_ADDRESS", "disabled:");
        List<String> cmd = new ArrayList<>();
        cmd.add(ChromiumBrowser.CHROMIUM.toString());
        // Chromium refuses to start its sandbox as root, so there it is always off.
        cmd.addAll(ChromiumFlags.forSession(spec.size(), profile, spec.sandbox() && !ChromiumBrowser.runningAsRoot()));
        cmd.add("about:blank");
        ChildProcess p = ChildProcess.start("chromium", cmd, env, runDir.resolve("chromium.log"), null);
        log.debug("chromium launched");
        return p;
    }
}
