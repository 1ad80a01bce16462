package live.recbot.config;

import static live.recbot.config.ConfigErrors.RTMP_WITH_KEY;
import static live.recbot.config.ConfigErrors.assertConfigError;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.util.List;
import live.recbot.core.HostPolicy;
import org.junit.jupiter.api.Test;

/** POST /v1/outputs' body: the URL rules of a start, then the session's outputs and the limits of a start. */
class OutputChangeTest {
    private static final String A = "rtmp://a.example.com/live/key-a";
    private static final String B = "rtmp://b.example.com/live/key-b";
    private static final String C = "rtmps://c.example.com/live/key-c";
    private static final String D = "rtmp://d.example.com/live/key-d";
    private static final URI MEETING = URI.create("https://meet.example.com/room");

    private static OutputChange parse(String json) {
        return OutputChange.parse(json, AllowedHosts.ANY);
    }

    private static HMSRecordingConfig session(boolean record, String... rtmp) {
        return new HMSRecordingConfig(MEETING, List.of(rtmp).stream().map(URI::create).toList(), record, null);
    }

    @Test
    void addsAndRemovesByTheRulesOfAStart() {
        OutputChange change = parse("{\"add\": [\"" + B + "\"], \"remove\": [\"" + A + "\"]}");
        assertThat(change.add()).containsExactly(URI.create(B));
        assertThat(change.remove()).containsExactly(URI.create(A));
        assertThat(change.applyTo(session(false, A, C)).rtmpUrls()).containsExactly(URI.create(C), URI.create(B));
        assertThat(parse("{\"remove\": [\"" + A + "\"]}").applyTo(session(true, A)).rtmpUrls()).isEmpty();
    }

    @Test
    void aBodyThatBreaksAUrlRuleNamesTheEntry() {
        assertConfigError(() -> parse("{\"add\": [\"http://a.example.com/live/k\"]}"), "add[0]", "rtmp://");
        assertConfigError(() -> parse("{\"add\": [\"" + A + "\", \"rtmp://b.example.com/nokey\"]}"), "add[1]",
                "application and a stream path");
        assertConfigError(() -> parse("{\"add\": [\"" + A + "\", \"" + A + "\"]}"), "add", "only once");
        assertConfigError(() -> parse("{\"add\": [\"" + A + "\"], \"remove\": [\"" + A + "\"]}"), "add[0]",
                "also in remove");
        assertConfigError(() -> parse("{\"add\": [\"" + A + "\", \"" + B + "\", \"" + C + "\", \"" + D + "\"]}"),
                "add", "at most 3");
        assertConfigError(() -> parse("{\"add\": \"" + A + "\"}"), "add", "array of strings");
        assertConfigError(() -> parse("{\"rtmpUrls\": [\"" + A + "\"]}"), "rtmpUrls", "known: add, remove");
        assertConfigError(() -> parse("{}"), "body", "give add or remove");
        assertConfigError(() -> parse("{\"add\": [\"" + RTMP_WITH_KEY + "\"], \"remove\": [\" \"]}"), "remove[0]",
                "must not be empty");
    }

    @Test
    void anAddedHostMustBeAllowedAsAtStart() {
        AllowedHosts only = new AllowedHosts(HostPolicy.ANY, new HostPolicy(List.of("a.example.com")), HostPolicy.ANY);
        assertThat(OutputChange.parse("{\"add\": [\"" + A + "\"]}", only).add()).hasSize(1);
        assertConfigError(() -> OutputChange.parse("{\"add\": [\"" + A + "\", \"" + RTMP_WITH_KEY + "\"]}", only),
                "add[1]", "live.example.com is not in allowedRtmpHosts");
    }

    @Test
    void theSessionsOutputsDecideWhatMayBeRemovedOrAdded() {
        assertConfigError(() -> parse("{\"remove\": [\"" + RTMP_WITH_KEY + "\"]}").applyTo(session(true, A)),
                "remove[0]", "is not one of the session's rtmpUrls");
        assertConfigError(() -> parse("{\"add\": [\"" + B + "\", \"" + A + "\"]}").applyTo(session(true, A)),
                "add[1]", "already one of the session's rtmpUrls");
        assertConfigError(() -> parse("{\"add\": [\"" + D + "\"]}").applyTo(session(true, A, B, C)),
                "rtmpUrls", "at most 3 URLs, got 4");
        assertConfigError(() -> parse("{\"remove\": [\"" + A + "\"]}").applyTo(session(false, A)),
                "remove", "would leave nothing running");
        // Removing one makes room for another in the same change.
        assertThat(parse("{\"add\": [\"" + D + "\"], \"remove\": [\"" + A + "\"]}").applyTo(session(false, A, B, C))
                .rtmpUrls()).hasSize(3);
    }
}
