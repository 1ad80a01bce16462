package live.recbot.browser;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ChromiumProfileTest {
    @Test
    void theProfileLetsTheMeetingUseItsDevicesAndBlocksNotifications(@TempDir Path dir) throws Exception {
        Path profile = ChromiumBrowser.prepareProfile(dir);

        assertThat(profile).isEqualTo(dir.resolve("chromium-profile"));
        assertThat(dir.resolve("chromium-home")).isDirectory();
        JsonNode prefs = new ObjectMapper().readTree(profile.resolve("Default").resolve("Preferences").toFile());
        JsonNode content = prefs.path("profile").path("default_content_setting_values");
        assertThat(content.path("media_stream_mic").asInt()).isEqualTo(1);
        assertThat(content.path("media_stream_camera").asInt()).isEqualTo(1);
        assertThat(content.path("notifications").asInt()).isEqualTo(2);
        assertThat(prefs.path("profile").path("password_manager_enabled").asBoolean(true)).isFalse();
    }

    @Test
    void aProfilePreparedAheadIsLeftAsItIsAtLaunch(@TempDir Path dir) throws Exception {
        // The session prepares the profile while the X server starts; launch's own call finds it done.
        Path prefs = ChromiumBrowser.prepareProfile(dir).resolve("Default").resolve("Preferences");
        Files.writeString(prefs, "{\"kept\":true}");

        ChromiumBrowser.prepareProfile(dir);

        assertThat(prefs).hasContent("{\"kept\":true}");
    }
}
