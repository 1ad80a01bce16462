package live.recbot.browser;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import live.recbot.core.HostPolicy;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The Fetch patterns the browser is given and the verdict on each request they pause. */
class RequestBlockerTest {
    private static final HostPolicy ONLY_LOOPBACK = new HostPolicy(List.of("127.0.0.1"));

    /** Chromium's Fetch pattern matching: {@code *} any run of characters, {@code ?} one, over the whole URL. */
    private static boolean paused(String url, HostPolicy meeting, String resourceType) {
        return RequestBlocker.patterns(meeting).stream().anyMatch(p -> {
            String glob = (String) p.get("urlPattern");
            Object type = p.get("resourceType");
            String regex = Pattern.quote(glob).replace("*", "\\E.*\\Q").replace("?", "\\E.\\Q");
            return (type == null || type.equals(resourceType)) && url.matches(regex);
        });
    }

    @ParameterizedTest
    @ValueSource(strings = {"http://169.254.169.254/latest/meta-data/", "https://169.254.0.1:8443/x",
            "http://user:pw@169.254.169.254/", "http://[fe80::1]/", "http://[febf::1]:81/", "http://[::ffff:a9fe:a9fe]/",
            "http://[fd00:ec2::254]/latest", "http://metadata.google.internal/computeMetadata/v1/",
            "http://metadata./", "http://metadata:8080/", "http://instance-data.ec2.internal/"})
    void everyCanonicalSpellingOfAnAlwaysRefusedHostIsPausedAndRefused(String url) {
        assertThat(paused(url, HostPolicy.ANY, "Image")).as(url).isTrue();
        assertThat(RequestBlocker.verdict(url, false, HostPolicy.ANY))
                .isInstanceOfSatisfying(RequestBlocker.Verdict.Refuse.class,
                        r -> assertThat(r.errorReason()).isEqualTo("BlockedByClient"));
        assertThat(RequestBlocker.verdict(url, true, ONLY_LOOPBACK)).isInstanceOf(RequestBlocker.Verdict.Refuse.class);
    }

    @ParameterizedTest
    @ValueSource(strings = {"https://meet.example.com/room", "http://127.0.0.1:8080/", "http://[::1]/",
            "https://cdn.example.com/169.254.169.254.js", "http://10.0.0.1/"})
    void ordinaryRequestsAreNeverPausedWithoutAList(String url) {
        assertThat(paused(url, HostPolicy.ANY, "Document")).as(url).isFalse();
        assertThat(paused(url, HostPolicy.ANY, "Script")).as(url).isFalse();
    }

    @Test
    void withAListOnlyDocumentsArePausedBesidesTheAlwaysRefusedHosts() {
        assertThat(paused("https://cdn.example.com/app.js", ONLY_LOOPBACK, "Script")).isFalse();
        assertThat(paused("https://other.example.com/", ONLY_LOOPBACK, "Document")).isTrue();
        assertThat(RequestBlocker.patterns(ONLY_LOOPBACK)).contains(
                Map.of("urlPattern", "*", "resourceType", "Document", "requestStage", "Request"));
        assertThat(RequestBlocker.patterns(HostPolicy.ANY)).noneMatch(p -> p.containsKey("resourceType"));
    }

    @Test
    void anOffListNavigationIsAbortedSoThePageStaysButAFrameOrPictureLoads() {
        assertThat(RequestBlocker.verdict("http://localhost:8080/elsewhere", true, ONLY_LOOPBACK))
                .isEqualTo(new RequestBlocker.Verdict.Refuse("Aborted", "localhost", "is not in allowedMeetingHosts"));
        assertThat(RequestBlocker.verdict("http://localhost:8080/frame", false, ONLY_LOOPBACK))
                .isInstanceOf(RequestBlocker.Verdict.Proceed.class);
        assertThat(RequestBlocker.verdict("http://127.0.0.1:8080/next", true, ONLY_LOOPBACK))
                .isInstanceOf(RequestBlocker.Verdict.Proceed.class);
    }

    @Test
    void aPatternThatMatchesTooMuchCostsARoundTripNotARefusal() {
        String url = "https://metadata-viewer.example.com/x";
        assertThat(paused(url, HostPolicy.ANY, "Image")).isTrue();
        assertThat(RequestBlocker.verdict(url, false, HostPolicy.ANY)).isInstanceOf(RequestBlocker.Verdict.Proceed.class);
    }

    @Test
    void anExactEntryLetsTheMetadataServiceThrough() {
        HostPolicy listed = new HostPolicy(List.of("169.254.169.254"));
        assertThat(RequestBlocker.verdict("http://169.254.169.254/x", true, listed))
                .isInstanceOf(RequestBlocker.Verdict.Proceed.class);
        assertThat(RequestBlocker.verdict("http://169.254.169.253/x", false, listed))
                .isInstanceOf(RequestBlocker.Verdict.Refuse.class);
    }
}
