package live.recbot.session;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import live.recbot.browser.ChromiumBrowser;
import live.recbot.config.HMSResolution;
import live.recbot.core.Redactor;
import live.recbot.encode.EncoderSettings;
import live.recbot.metrics.Meters;
import live.recbot.metrics.Metrics;
import live.recbot.output.OutputTarget;
import live.recbot.output.RetryPolicy;
import live.recbot.status.StatusReporter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A session's meters over a real (prepared, not started) media pipeline with a file and a stream. */
class MediaMetersTest {
    private static final URI STREAM = URI.create("rtmp://ingest.example:1935/live/sk-secret-key?auth=tok-secret");

    @TempDir
    Path dir;

    @Test
    void everyMeterOfTheSessionIsLabelledByItsKindAndIndexNeverItsUrlAndGoesWithTheSession() throws Exception {
        Path file = dir.resolve("recbot-secret-name.mp4");
        List<OutputTarget> targets = List.of(new OutputTarget.RecordingFile(file), new OutputTarget.Rtmp(0, STREAM));
        Redactor redactor = Redactor.of(URI.create("https://meet.example/room?token=secret"), List.of(STREAM));
        EncoderSettings settings = EncoderSettings.forResolution(new HMSResolution(320, 180),
                ChromiumBrowser.FRAME_INTERVAL);
        try (Metrics metrics = Metrics.start();
             StatusReporter status = new StatusReporter(new StatusReporter.Layout("https://meet.example/room?***", 320,
                     180, Optional.of(file.toString()), List.of(Redactor.rtmpUrl(STREAM))), redactor, Clock.systemUTC());
             MediaPipeline media = MediaPipeline.prepare(settings, true, targets, status, redactor, Clock.systemUTC(),
                     RetryPolicy.giveUpAfter(Duration.ofSeconds(1)))) {
            Meters meters = metrics.session("controlled");
            MediaMeters.bind(meters, media);
            String text = metrics.scrape();

            String session = "session=\"controlled\"";
            assertThat(text).contains("recbot_video_captured_frames_total{" + session + "} 0.0\n")
                    .contains("recbot_video_encoded_frames_total{" + session + "} 0.0\n")
                    .contains("recbot_encoded_bytes_total{" + session + "} 0.0\n")
                    .contains("recbot_video_dropped_frames_total{" + session + "} 0.0\n")
                    .contains("recbot_video_encode_seconds_count{" + session + "} 0\n")
                    .contains("recbot_sound_delay_seconds{" + session + "} 0.031\n")
                    .contains("recbot_picture_lag_seconds{" + session + "} NaN\n")
                    .contains("recbot_sound_steering_ratio{" + session + "} 0.0\n")
                    .contains("recbot_sound_steering_error_seconds{" + session + "} NaN\n");
            for (String output : List.of("kind=\"file\",output=\"0\"", "kind=\"rtmp\",output=\"0\"")) {
                String labels = "{" + output + "," + session + "}";
                assertThat(text).contains("recbot_output_up" + labels + " 0.0\n")
                        .contains("recbot_output_sent_bytes_total" + labels + " 0.0\n")
                        .contains("recbot_output_written_packets_total" + labels + " 0.0\n")
                        .contains("recbot_output_dropped_packets_total" + labels + " 0.0\n")
                        .contains("recbot_output_reconnects_total" + labels + " 0.0\n")
                        .contains("recbot_output_queue_packets" + labels + " 0.0\n");
            }
            assertThat(text).doesNotContain("secret").doesNotContain("ingest.example").doesNotContain("meet.example");

            meters.close();

            assertThat(metrics.scrape()).doesNotContain("recbot_video").doesNotContain("recbot_sound")
                    .doesNotContain("recbot_picture").doesNotContain("recbot_output")
                    .doesNotContain("recbot_encoded")
                    .contains("process_cpu_seconds_total ");
        }
    }

    @Test
    void aSessionOfTheSoundAloneHasNoMeterOfThePicture() throws Exception {
        Path file = dir.resolve("recbot.m4a");
        List<OutputTarget> targets = List.of(new OutputTarget.RecordingFile(file), new OutputTarget.Rtmp(0, STREAM));
        Redactor redactor = Redactor.of(URI.create("https://meet.example/room"), List.of(STREAM));
        EncoderSettings settings = EncoderSettings.forResolution(new HMSResolution(320, 180),
                ChromiumBrowser.FRAME_INTERVAL);
        try (Metrics metrics = Metrics.start();
             StatusReporter status = new StatusReporter(new StatusReporter.Layout("https://meet.example/room", 320,
                     180, Optional.of(file.toString()), List.of(Redactor.rtmpUrl(STREAM))), redactor, Clock.systemUTC());
             MediaPipeline media = MediaPipeline.prepare(settings, false, targets, status, redactor,
                     Clock.systemUTC(), RetryPolicy.giveUpAfter(Duration.ofSeconds(1)))) {
            Meters meters = metrics.session("controlled");
            MediaMeters.bind(meters, media);
            String text = metrics.scrape();

            assertThat(media.video()).isEmpty();
            assertThat(text).doesNotContain("recbot_video").doesNotContain("recbot_sound_delay")
                    .doesNotContain("recbot_picture")
                    .contains("recbot_encoded_bytes_total{session=\"controlled\"} 0.0\n")
                    .contains("recbot_sound_steering_ratio{session=\"controlled\"} 0.0\n")
                    .contains("recbot_output_up{kind=\"file\",output=\"0\",session=\"controlled\"} 0.0\n")
                    .contains("recbot_output_up{kind=\"rtmp\",output=\"0\",session=\"controlled\"} 0.0\n");
            meters.close();
        }
    }
}
