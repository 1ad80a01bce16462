package live.recbot.output;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.bytedeco.ffmpeg.global.avutil.AV_PIX_FMT_BGR0;

import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import live.recbot.browser.ChromiumBrowser;
import live.recbot.config.HMSResolution;
import live.recbot.core.ComponentState;
import live.recbot.core.ErrorCode;
import live.recbot.core.RecbotError;
import live.recbot.core.Redactor;
import live.recbot.encode.AudioEncoder;
import live.recbot.encode.EncoderSettings;
import live.recbot.encode.FFmpegException;
import live.recbot.encode.PacketSink;
import live.recbot.encode.VideoEncoder;
import live.recbot.status.StatusReporter;
import live.recbot.testing.HlsPlaylist;
import org.bytedeco.javacpp.BytePointer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** One output supervised end to end, fed by the real encoders: a fragmented MP4 file, and an RTMP ingest that is down. */
class MuxerOutputTest {
    private static final HMSResolution SIZE = new HMSResolution(320, 180);
    private static final RetryPolicy RETRY = RetryPolicy.giveUpAfter(Duration.ofSeconds(10));
    @TempDir
    Path dir;

    @Test
    void aFileRunsOnceMediaFlowsAndStopsCleanlyWhenFinished() throws Exception {
        Path file = dir.resolve("out.mp4");
        try (StatusReporter status = reporter(Optional.of(file), List.of());
             Media media = new Media()) {
            MuxerOutput out = media.output(new OutputTarget.RecordingFile(file), status, RETRY);
            out.start();
            media.feed(Duration.ofSeconds(1));
            await().atMost(Duration.ofSeconds(10)).until(() -> status.state(StatusReporter.FILE).running());
            assertThat(out.up()).isTrue();
            media.feed(Duration.ofSeconds(1));

            out.finish(Duration.ofSeconds(10));

            assertThat(status.state(StatusReporter.FILE)).isEqualTo(new ComponentState.Stopped(null));
            assertThat(out.failed()).isFalse();
            assertThat(out.packetsWritten()).as("2 s of pictures and sound").isGreaterThan(120);
            assertThat(out.packetsDropped()).isZero();
            assertThat(out.bytesSent()).as("every byte of the file, trailer included").isEqualTo(Files.size(file));
            assertThat(out.queueDepth()).isZero();
            assertThat(out.reconnects()).isZero();
            assertThat(out.up()).isFalse();
            String bytes = new String(Files.readAllBytes(file), StandardCharsets.ISO_8859_1);
            assertThat(bytes.substring(4, 8)).isEqualTo("ftyp");
            assertThat(bytes).as("written in fragments").contains("moof");
        }
    }

    @Test
    void aFileThatCannotBeOpenedFailsAtOnce() throws Exception {
        Path file = dir.resolve("missing").resolve("out.mp4");
        try (StatusReporter status = reporter(Optional.of(file), List.of());
             Media media = new Media()) {
            MuxerOutput out = media.output(new OutputTarget.RecordingFile(file), status, RETRY);
            out.start();

            await().atMost(Duration.ofSeconds(10)).until(out::failed);
            media.feed(Duration.ofMillis(500));
            out.finish(Duration.ofSeconds(10));

            RecbotError error = status.state(StatusReporter.FILE).error();
            assertThat(status.state(StatusReporter.FILE)).isInstanceOf(ComponentState.Failed.class);
            assertThat(error.code()).isEqualTo(ErrorCode.RECORDING_WRITE_FAILED);
            assertThat(error.retryable()).isFalse();
            assertThat(error.message()).startsWith("opening " + file);
            assertThat(out.packetsWritten()).isZero();
        }
    }

    @Test
    void anAbandonedFileReportsWhyAndTakesNoMorePackets() throws Exception {
        Path file = dir.resolve("out.mp4");
        RecbotError removed = new RecbotError.OutputError(file.toString(), ErrorCode.RECORDING_FILE_REMOVED,
                "the recording file was deleted while recording", false);
        try (StatusReporter status = reporter(Optional.of(file), List.of());
             Media media = new Media()) {
            MuxerOutput out = media.output(new OutputTarget.RecordingFile(file), status, RETRY);
            out.start();
            media.feed(Duration.ofMillis(500));
            await().atMost(Duration.ofSeconds(10)).until(() -> out.packetsWritten() == media.produced());
            long producedBefore = media.produced();

            out.abandon(removed);

            assertThat(out.failed()).isTrue();
            assertThat(status.state(StatusReporter.FILE)).isEqualTo(new ComponentState.Failed(removed));
            media.feed(Duration.ofMillis(500));
            out.finish(Duration.ofSeconds(10));
            assertThat(media.produced()).isGreaterThan(producedBefore);
            assertThat(out.packetsWritten()).as("nothing taken once abandoned").isEqualTo(producedBefore);
            assertThat(status.state(StatusReporter.FILE)).as("the failure stays the final state")
                    .isEqualTo(new ComponentState.Failed(removed));
        }
    }

    @Test
    void anRtmpIngestThatStaysDownIsRetriedUntilTheRetryTimeout() throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        URI url = URI.create("rtmp://127.0.0.1:" + port + "/live/secret-stream-key");
        String component = StatusReporter.rtmpComponent(0);
        RetryPolicy quick = new RetryPolicy(Duration.ofMillis(50), Duration.ofMillis(200), Duration.ofSeconds(1));
        try (StatusReporter status = reporter(Optional.empty(), List.of(Redactor.rtmpUrl(url)));
             Media media = new Media()) {
            MuxerOutput out = media.output(new OutputTarget.Rtmp(0, url), status, quick);
            out.start();

            ComponentState retrying = await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(5))
                    .until(() -> status.state(component), s -> s instanceof ComponentState.Retrying);
            RecbotError down = retrying.error();
            await().atMost(Duration.ofSeconds(10)).until(out::failed);
            out.finish(Duration.ofSeconds(10));

            assertThat(down.code()).isEqualTo(ErrorCode.RTMP_OUTPUT_DOWN);
            assertThat(down.retryable()).isTrue();
            RecbotError gaveUp = status.state(component).error();
            assertThat(gaveUp.code()).isEqualTo(ErrorCode.RTMP_OUTPUT_GAVE_UP);
            assertThat(gaveUp.retryable()).isFalse();
            assertThat(gaveUp.message()).startsWith("gave up after 1 s of failed reconnects: opening "
                    + Redactor.rtmpUrl(url));
            assertThat(gaveUp.message()).doesNotContain("secret-stream-key");
            assertThat(out.reconnects()).as("every retry counted").isPositive();
            assertThat(out.bytesSent()).isZero();
            assertThat(out.up()).isFalse();
        }
    }

    @Test
    void anHlsRenditionListsEachSegmentOnceCompleteAndEndsItsPlaylist() throws Exception {
        Path playlist = Files.createDirectories(dir.resolve("rec-hls")).resolve("index.m3u8");
        try (StatusReporter status = new StatusReporter(new StatusReporter.Layout("https://meet.example/room",
                SIZE.width(), SIZE.height(), Optional.empty(), List.of(), Optional.of(playlist.toString())),
                Redactor.none(), Clock.systemUTC());
             Media media = new Media(Duration.ofSeconds(2))) {
            MuxerOutput out = media.output(new OutputTarget.Hls(playlist, Duration.ofSeconds(2)), status, RETRY);
            out.start();
            for (int s = 0; s < 5; s++) {
                media.feed(Duration.ofSeconds(1));
                await().atMost(Duration.ofSeconds(10)).until(() -> out.packetsWritten() >= media.produced() - 2);
            }
            assertThat(status.state(StatusReporter.HLS).running()).isTrue();
            // Mid-run, as a killed process would leave it: the completed segments, no end.
            String live = Files.readString(playlist);
            assertThat(HlsPlaylist.durations(live)).hasSize(2);
            assertThat(live).contains("#EXT-X-PLAYLIST-TYPE:EVENT", "#EXT-X-MAP:URI=\"init.mp4\"")
                    .doesNotContain("#EXT-X-ENDLIST");
            assertPlaysAsItStands(playlist.getParent());
            media.feed(Duration.ofMillis(1500));

            out.finish(Duration.ofSeconds(10));

            assertThat(status.state(StatusReporter.HLS)).isEqualTo(new ComponentState.Stopped(null));
            String ended = Files.readString(playlist);
            assertThat(ended).contains("#EXT-X-ENDLIST");
            List<Double> durations = HlsPlaylist.durations(ended);
            assertThat(durations).hasSize(4);
            assertThat(durations.subList(0, 3)).allSatisfy(d -> assertThat(d).isCloseTo(2.0,
                    org.assertj.core.api.Assertions.within(0.1)));
            try (var files = Files.list(playlist.getParent())) {
                assertThat(files.map(f -> f.getFileName().toString()).sorted().toList()).containsExactly(
                        "index.m3u8", "init.mp4", "segment-00000.m4s", "segment-00001.m4s", "segment-00002.m4s",
                        "segment-00003.m4s");
            }
        }
    }

    /**
     * A copy of the folder as it stands, as a killed process would leave it, plays in Debian's
     * ffmpeg as a live playlist (which 5.1 refuses at once with a hold counter of 1).
     */
    private void assertPlaysAsItStands(Path folder) throws Exception {
        Path snapshot = Files.createDirectories(dir.resolve("snapshot"));
        try (var files = Files.list(folder)) {
            for (Path f : files.toList()) {
                Files.copy(f, snapshot.resolve(f.getFileName()));
            }
        }
        Process p = new ProcessBuilder("ffmpeg", "-nostdin", "-v", "error", "-live_start_index", "0",
                "-m3u8_hold_counters", "2", "-i", snapshot.resolve("index.m3u8").toString(), "-f", "null", "-")
                .redirectErrorStream(true).start();
        try {
            String said = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(p.waitFor(60, java.util.concurrent.TimeUnit.SECONDS)).as("ffmpeg ended").isTrue();
            assertThat(said).as("ffmpeg's errors").isEmpty();
            assertThat(p.exitValue()).isZero();
        } finally {
            p.destroyForcibly();
        }
    }

    private static StatusReporter reporter(Optional<Path> file, List<String> rtmp) {
        return new StatusReporter(new StatusReporter.Layout("https://meet.example/room", SIZE.width(), SIZE.height(),
                file.map(Path::toString), rtmp), Redactor.none(), Clock.systemUTC());
    }

    /** The two encoders, fed a grey picture every 33 ms and a tone every 20 ms on one clock. */
    private static final class Media implements AutoCloseable {
        private static final int SAMPLES = 960;
        private final Fanout fanout = new Fanout();
        private final AtomicLong produced = new AtomicLong();
        private final VideoEncoder video;
        private final AudioEncoder audio;
        private final BytePointer picture = new BytePointer((long) SIZE.width() * SIZE.height() * 4);
        private final BytePointer sound = new BytePointer(SAMPLES * 4L);
        private MuxerOutput output;
        private long nextPicture;
        private long nextSound;

        Media() throws FFmpegException {
            this(Duration.ZERO);
        }

        /** @param segment the HLS segment length the encoder puts keyframes for, or zero */
        Media(Duration segment) throws FFmpegException {
            EncoderSettings settings = EncoderSettings.forResolution(SIZE, ChromiumBrowser.FRAME_INTERVAL);
            PacketSink counted = p -> {
                produced.incrementAndGet();
                fanout.accept(p);
            };
            video = new VideoEncoder(settings, counted, segment);
            audio = new AudioEncoder(settings, counted);
            for (long i = 0; i < picture.capacity(); i++) {
                picture.put(i, (byte) 128);
            }
            for (int s = 0; s < SAMPLES; s++) {
                short v = (short) (8000 * Math.sin(2 * Math.PI * 440 * s / 48_000.0));
                sound.putShort(s * 4L, v);
                sound.putShort(s * 4L + 2, v);
            }
        }

        MuxerOutput output(OutputTarget target, StatusReporter status, RetryPolicy retry) {
            output = new MuxerOutput(target, List.of(video.stream(), audio.stream()), status, Redactor.none(),
                    Clock.systemUTC(), retry);
            fanout.attach(List.of(output));
            return output;
        }

        long produced() {
            return produced.get();
        }

        void feed(Duration length) throws FFmpegException {
            long end = nextSound + length.toNanos() / 1000;
            while (nextSound < end) {
                while (nextPicture <= nextSound) {
                    video.encode(picture, SIZE.width() * 4, AV_PIX_FMT_BGR0, nextPicture);
                    nextPicture += 33_333;
                }
                audio.encode(sound, SAMPLES * 4, nextSound);
                nextSound += 20_000;
            }
        }

        @Override
        public void close() {
            if (output != null) {
                output.close();
            }
            audio.close();
            video.close();
            picture.close();
            sound.close();
        }
    }
}
