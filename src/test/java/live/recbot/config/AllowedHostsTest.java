package live.recbot.config;

import static live.recbot.config.ConfigErrors.RTMP_WITH_KEY;
import static live.recbot.config.ConfigErrors.assertConfigError;
import static live.recbot.config.Flags.recording;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The allow-list fields, read from every source and applied to the meeting, RTMP and webhook hosts. */
class AllowedHostsTest {
    private static final String KEY = "/app/sk_live_9a8b7c6d5e";

    @Test
    void theMetadataServiceIsRefusedAsAMeetingWithOneLineNamingFieldAndRule() {
        ConfigException e = assertConfigError(() -> ConfigLoader.build(
                recording("http://169.254.169.254/latest/meta-data/").build()), "meetingUrl");
        assertThat(e.getMessage()).isEqualTo(
                "meetingUrl: host 169.254.169.254 is link-local (metadata service); allow it with allowedMeetingHosts");
    }

    @Test
    void aHostJavaNetCannotReadIsRefusedAsNoHost() {
        // Chromium reads this as 169.254.169.254; java.net.URI reads no host at all.
        assertConfigError(() -> ConfigLoader.build(recording("http://0251.0376.0251.0376/").build()), "meetingUrl",
                "must name a host");
    }

    @ParameterizedTest
    @ValueSource(strings = {"http://2852039166/", "http://0xA9FEA9FE/latest", "http://0251.254.169.254/",
            "http://[fe80::1]:8080/", "http://[::ffff:169.254.169.254]/", "https://metadata.google.internal./x",
            "http://metadata/computeMetadata/v1/"})
    void otherSpellingsOfTheMetadataServiceAreRefusedToo(String url) {
        assertConfigError(() -> ConfigLoader.build(recording(url).build()), "meetingUrl", "allowedMeetingHosts");
    }

    @Test
    void aMeetingHostOffTheListIsRefusedAndOneOnItAccepted() {
        Flags listed = recording("https://evil.example.org/room").hosts(ConfigField.ALLOWED_MEETING_HOSTS,
                "meet.example.com", "*.rooms.example.com");
        ConfigException e = assertConfigError(() -> ConfigLoader.build(listed.build()), "meetingUrl");
        assertThat(e.getMessage()).isEqualTo("meetingUrl: host evil.example.org is not in allowedMeetingHosts");
        assertThat(ConfigLoader.build(listed.meetingUrl("https://a.rooms.example.com/r?token=1").build())
                .recording().meetingUrl().getHost()).isEqualTo("a.rooms.example.com");
        assertThat(ConfigLoader.build(listed.meetingUrl("https://MEET.example.com./r").build())).isNotNull();
    }

    @Test
    void anExactEntryAllowsTheMetadataService() {
        RecbotConfig c = ConfigLoader.build(recording("http://169.254.169.254/latest/")
                .hosts(ConfigField.ALLOWED_MEETING_HOSTS, "169.254.169.254").build());
        assertThat(c.settings().allowedHosts().meeting().restricted()).isTrue();
    }

    @Test
    void rtmpHostsFollowTheirOwnList() {
        Flags f = recording("http://127.0.0.1/").rtmpUrls("rtmp://127.0.0.1" + KEY, RTMP_WITH_KEY)
                .hosts(ConfigField.ALLOWED_RTMP_HOSTS, "127.0.0.1");
        ConfigException e = assertConfigError(() -> ConfigLoader.build(f.build()), "rtmpUrls[1]");
        assertThat(e.getMessage()).isEqualTo("rtmpUrls[1]: host live.example.com is not in allowedRtmpHosts");
        assertConfigError(() -> ConfigLoader.build(recording("http://127.0.0.1/").rtmpUrls("rtmp://169.254.1.1" + KEY)
                .build()), "rtmpUrls[0]", "is link-local (metadata service); allow it with allowedRtmpHosts");
        // The meeting's list says nothing about RTMP hosts.
        assertThat(ConfigLoader.build(recording("http://127.0.0.1/").rtmpUrls(RTMP_WITH_KEY)
                .hosts(ConfigField.ALLOWED_MEETING_HOSTS, "127.0.0.1").build()).recording().rtmpUrls()).hasSize(1);
    }

    @Test
    void theListsComeFromTheEnvironmentAndJsonToo() {
        RecbotConfig env = ConfigLoader.load(Optional.empty(), Map.of("RECBOT_MEETING_URL", "http://127.0.0.1/",
                "RECBOT_RECORD", "true", "RECBOT_ALLOWED_MEETING_HOSTS", "127.0.0.1, *.example.com",
                "RECBOT_ALLOWED_WEBHOOK_HOSTS", "hooks.example.com"), ConfigOverrides.NONE);
        assertThat(env.settings().allowedHosts().meeting().allowed()).containsExactly("127.0.0.1", "*.example.com");
        assertThat(env.settings().allowedHosts().webhook().allowed()).containsExactly("hooks.example.com");
        assertThat(env.settings().allowedHosts().rtmp().restricted()).isFalse();

        ConfigOverrides json = ConfigLoader.fromJson("{\"allowedRtmpHosts\": [\"a.example.com\", \"b.example.com\","
                + " \"c.example.com\", \"d.example.com\"]}", "config.json");
        assertThat(ConfigLoader.settings(json).allowedHosts().rtmp().allowed()).hasSize(4);
        assertConfigError(() -> ConfigLoader.fromJson("{\"allowedRtmpHosts\": \"a.example.com\"}", "config.json"),
                "allowedRtmpHosts", "must be an array of strings");
    }

    @Test
    void anEntryThatIsNoHostIsNamedByItsPosition() {
        assertConfigError(() -> ConfigLoader.settings(Flags.flags().hosts(ConfigField.ALLOWED_MEETING_HOSTS,
                "meet.example.com", "https://meet.example.com/").build()), "allowedMeetingHosts[1]",
                "'https://meet.example.com/' is not a host name, *.domain or IP address");
    }

    @Test
    void theWebhookHostFollowsItsList() {
        AllowedHosts none = WorkerSettings.defaults().allowedHosts();
        none.checkWebhook("--webhook-url", URI.create("https://hooks.example.com/x"));
        assertConfigError(() -> none.checkWebhook("--webhook-url", URI.create("http://169.254.169.254/")),
                "--webhook-url", "allow it with allowedWebhookHosts");
        AllowedHosts listed = ConfigLoader.settings(Flags.flags()
                .hosts(ConfigField.ALLOWED_WEBHOOK_HOSTS, "hooks.example.com").build()).allowedHosts();
        assertConfigError(() -> listed.checkWebhook("--webhook-url", URI.create("https://other.example.com/")),
                "--webhook-url", "host other.example.com is not in allowedWebhookHosts");
    }

    @Test
    void theTableStatesTheRule() {
        assertThat(ConfigField.ALLOWED_MEETING_HOSTS.flag()).isEqualTo("--allowed-meeting-host");
        assertThat(ConfigField.ALLOWED_RTMP_HOSTS.env()).isEqualTo("RECBOT_ALLOWED_RTMP_HOSTS");
        assertThat(ConfigTable.markdown()).contains("| `allowedWebhookHosts` | `--allowed-webhook-host HOST` | none |")
                .contains("Link-local and metadata hosts need an exact entry in every list");
        assertThat(List.of(ConfigField.values())).contains(ConfigField.ALLOWED_MEETING_HOSTS);
    }
}
