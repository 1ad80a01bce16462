package live.recbot.browser;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import live.recbot.core.ErrorCode;

/**
 * The throw-away profile and home directory of one browser. The profile starts with the
 * permissions a meeting needs (camera and microphone allowed, notifications blocked) and no
 * password prompts: these are profile preferences, not flags.
 */
final class ChromiumProfile {
    private static final ObjectMapper JSON = new ObjectMapper();
    /** {@code BatterySaverModeState::kEnabled} of Chromium's performance_manager prefs. */
    private static final int ENERGY_SAVER_ALWAYS = 3;

    private ChromiumProfile() {
    }

    /**
     * Creates the directories of a browser in {@code runDir} and its profile, unless done already,
     * and returns the profile; written while the X server starts, it is off the start-up path.
     */
    static Path prepare(Path runDir) throws BrowserException {
        Path profile = runDir.resolve("chromium-profile");
        Path prefs = profile.resolve("Default").resolve("Preferences");
        if (Files.exists(prefs)) {
            return profile;
        }
        try {
            Files.createDirectories(home(runDir));
            writePreferences(prefs);
            if (!Boolean.getBoolean(ChromiumBrowser.FULL_FRAME_RATE_PROPERTY)) {
                writeLocalState(profile.resolve("Local State"));
            }
            return profile;
        } catch (IOException e) {
            throw BrowserException.session(ErrorCode.BROWSER_START_FAILED, "Chromium's profile could not be written: "
                    + e.getMessage(), true);
        }
    }

    /** Chromium's HOME, where it keeps what it writes outside its profile. */
    static Path home(Path runDir) {
        return runDir.resolve("chromium-home");
    }

    /**
     * Chromium's energy saver, always on: it sends the page a frame every other tick of its 60 Hz
     * clock, so the browser draws the 30 pictures a second that are captured, at about half the
     * CPU, and the capture stays in step with its clock.
     */
    private static void writeLocalState(Path localState) throws IOException {
        Files.writeString(localState, JSON.writeValueAsString(
                Map.of("performance_tuning", Map.of("battery_saver_mode", Map.of("state", ENERGY_SAVER_ALWAYS)))));
    }

    private static void writePreferences(Path prefs) throws IOException {
        Files.createDirectories(prefs.getParent());
        Map<String, Object> preferences = Map.of(
                "profile", Map.of(
                        "default_content_setting_values", Map.of("media_stream_mic", 1, "media_stream_camera", 1,
                                "notifications", 2),
                        "password_manager_enabled", false),
                "credentials_enable_service", false);
        Files.writeString(prefs, JSON.writeValueAsString(preferences));
    }
}
