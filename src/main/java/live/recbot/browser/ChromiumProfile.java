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
