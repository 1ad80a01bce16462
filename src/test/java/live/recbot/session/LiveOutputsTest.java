package live.recbot.session;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.assertj.core.api.Assertions.tuple;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import live.recbot.capture.PreviewTap;
import live.recbot.config.AllowedHosts;
import live.recbot.config.ConfigException;
import live.recbot.config.ConfigField;
import live.recbot.config.ConfigLoader;
import live.recbot.config.ConfigOverrides;
import live.recbot.config.HMSRecordingConfig;
import live.recbot.config.HMSResolution;
import live.recbot.config.OutputChange;
import live.recbot.config.RecbotConfig;
import live.recbot.core.Redactor;
import live.recbot.metrics.Meters;
import live.recbot.metrics.Metrics;
import live.recbot.output.MuxerOutput;
import live.recbot.output.OutputTarget;
import live.recbot.output.PauseControl;
import live.recbot.status.StatusDocument;
import live.recbot.status.StatusReporter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Changes of a real (prepared, not capturing) pipeline's RTMP outputs, which point at a closed
 * loopback port and so fail at once: what a change refuses, which index an added output takes,
 * and what the status, the metrics and the redactor make of it.
 */
class LiveOutputsTest {
    private static final URI MEETING = URI.create("https://meet.example.com/room");

    @TempDir
    Path dir;

    @Test
    void aRemovalThatLeavesOnlyFailedOutputsIsRefusedAndAnAddedOutputTakesTheLowestFreeIndex() throws Exception {
        int closed = closedPort();
        URI first = URI.create("rtmp://127.0.0.1:" + closed + "/live/sk-first-secret");
        URI second = URI.create("rtmp://127.0.0.1:" + closed + "/live/sk-second-secret");
        URI added = URI.create("rtmp://127.0.0.1:" + closed + "/live/sk-added-secret");
        RecbotConfig config = new RecbotConfig(ConfigLoader.settings(ConfigOverrides.NONE
                .with(ConfigField.RTMP_RETRY_TIMEOUT, "0")),
                new HMSRecordingConfig(MEETING, List.of(first, second), false, new HMSResolution(320, 180)));
        Redactor redactor = Redactor.of(MEETING, List.of(first, second));
        List<String> names = List.of(Redactor.rtmpUrl(first), Redactor.rtmpUrl(second));
        try (Metrics metrics = Metrics.start();
             StatusReporter status = new StatusReporter(new StatusReporter.Layout(MEETING.toString(), 320, 180,
                     Optional.empty(), names), redactor, Clock.systemUTC())) {
            Meters meters = metrics.session("controlled");
            SessionPlan plan = new SessionPlan(config, dir, Optional.empty(), Optional.empty(), status, redactor, Clock.systemUTC(), meters,
                    new PreviewTap(320, 180), new PauseControl());
            try (MediaPipeline media = MediaPipeline.prepare(plan.encoderSettings(), true, plan.targets(), status, redactor,
                    plan.clock(), plan.retryPolicy())) {
                MediaMeters.bind(meters, media);
                media.release();
                await().atMost(Duration.ofSeconds(10)).until(() -> media.outputs().stream().allMatch(MuxerOutput::failed));
                LiveOutputs live = new LiveOutputs(media, plan);

                ConfigException refused = catchThrowableOfType(ConfigException.class, () -> live.change(change(List.of(),
                        List.of(second))));
                assertThat(refused).hasMessage("remove: would leave nothing running: every other output has failed");
                assertThat(media.outputs()).hasSize(2);

                assertThat(live.change(change(List.of(added), List.of(first)))).isTrue();
                assertThat(media.outputs()).extracting(o -> ((OutputTarget.Rtmp) o.target()).index(),
                        o -> ((OutputTarget.Rtmp) o.target()).uri()).containsExactlyInAnyOrder(
                        tuple(0, added), tuple(1, second));
                StatusDocument doc = status.current();
                assertThat(doc.rtmpStreamingState().outputs()).extracting(StatusDocument.Output::url)
                        .containsExactly(Redactor.rtmpUrl(added), Redactor.rtmpUrl(second));
                assertThat(doc.rtmpStreamingState().outputs().get(0).error()).as("the added one has failed too")
                        .isNotNull();
                assertThat(redactor.scrub("connecting to " + added)).doesNotContain("sk-added-secret");
                assertThat(metrics.scrape()).contains("recbot_output_up{kind=\"rtmp\",output=\"0\",session=\"controlled\"} 0.0")
                        .contains("recbot_output_up{kind=\"rtmp\",output=\"1\",session=\"controlled\"} 0.0")
                        .doesNotContain("secret");

                live.close();
                assertThat(live.change(change(List.of(first), List.of()))).as("after the session's end").isFalse();
            }
            meters.close();
        }
    }

    private static OutputChange change(List<URI> add, List<URI> remove) {
        return OutputChange.parse("{\"add\": [" + quoted(add) + "], \"remove\": [" + quoted(remove) + "]}",
                AllowedHosts.ANY);
    }

    private static String quoted(List<URI> urls) {
        return String.join(", ", urls.stream().map(u -> "\"" + u + "\"").toList());
    }

    /** A loopback port nothing listens on: connecting is refused at once. */
    private static int closedPort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }
}
