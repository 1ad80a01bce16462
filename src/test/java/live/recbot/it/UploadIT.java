package live.recbot.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import live.recbot.testing.HlsPlaylist;
import live.recbot.testing.S3ProxyServer;
import live.recbot.testpage.TestPageServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * The packaged recbot uploads what it recorded to a real S3-compatible server (S3Proxy on
 * loopback), configured as a container would be: the upload URL plus the AWS SDK's variables.
 */
class UploadIT {
    private static final String BUCKET = "rooms";
    private static final String TOKEN = "mtgT0ken7f6e5d4c";
    private static final Duration EXIT_TIMEOUT = Duration.ofSeconds(90);

    @TempDir
    static Path storage;
    @TempDir
    Path dir;

    private static S3ProxyServer server;
    private static S3Client reader;
    private static TestPageServer page;

    @BeforeAll
    static void start() throws Exception {
        server = S3ProxyServer.start(storage);
        server.createBucket(BUCKET);
        reader = server.client();
        page = TestPageServer.start(0);
    }

    @AfterAll
    static void stop() throws Exception {
        page.close();
        reader.close();
        server.close();
    }

    /** The SDK's own variables; no region lookup or credential source beyond them reaches the network. */
    private static Map<String, String> awsEnv(String secretKey) {
        return Map.of("AWS_ENDPOINT_URL_S3", server.endpoint().toString(), "AWS_REGION", S3ProxyServer.REGION,
                "AWS_ACCESS_KEY_ID", S3ProxyServer.ACCESS_KEY, "AWS_SECRET_ACCESS_KEY", secretKey,
                "AWS_EC2_METADATA_DISABLED", "true");
    }

    private static String sha256(byte[] data) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(data));
    }

    @Test
    void theRecordingAndItsManifestLeaveTheMachineAndTheLocalCopyGoes() throws Exception {
        Path out = dir.resolve("out");
        Path status = dir.resolve("status.json");
        try (RecbotRun run = RecbotRun.start(dir, awsEnv(S3ProxyServer.SECRET_KEY), "run",
                "--meeting-url", page.url() + "?endAfter=3&token=" + TOKEN, "--record", "--resolution", "640x360",
                "--output-dir", out.toString(), "--status-file", status.toString(),
                "--upload-url", "s3://" + BUCKET + "/it/", "--delete-after-upload")) {
            assertThat(run.waitForExit(EXIT_TIMEOUT)).as(run.stderr()).isZero();
            JsonNode last = RecbotRun.json(status);
            assertThat(last.at("/endReason").asText()).isEqualTo("meeting-ended");
            JsonNode upload = last.at("/browserRecordingState/upload");
            assertThat(upload.path("state").asText()).isEqualTo("uploaded");
            String url = upload.path("url").asText();
            assertThat(url).startsWith("s3://" + BUCKET + "/it/recbot-").endsWith(".mp4");
            assertThat(upload.path("manifest").asText()).isEqualTo(url.replaceFirst("\\.mp4$", ".json"));
            assertThat(upload.path("error").isNull()).isTrue();
            try (Stream<Path> left = Files.list(out)) {
                assertThat(left.filter(f -> f.toString().endsWith(".mp4")).toList()).as("deleted after upload").isEmpty();
            }

            String key = url.substring(("s3://" + BUCKET + "/").length());
            byte[] recording = reader.getObjectAsBytes(b -> b.bucket(BUCKET).key(key)).asByteArray();
            JsonNode manifest = new ObjectMapper().readTree(reader.getObjectAsBytes(b -> b.bucket(BUCKET)
                    .key(key.replaceFirst("\\.mp4$", ".json"))).asByteArray());
            assertThat(manifest.at("/recording/sha256").asText()).isEqualTo(sha256(recording));
            assertThat(manifest.at("/recording/bytes").asLong()).isEqualTo(recording.length).isPositive();
            assertThat(manifest.at("/recording/url").asText()).isEqualTo(url);
            assertThat(manifest.at("/endReason").asText()).isEqualTo("meeting-ended");
            assertThat(manifest.at("/meetingUrl").asText()).endsWith("?***");
            assertThat(manifest.at("/resolution/width").asInt()).isEqualTo(640);
            assertThat(manifest.at("/durationSeconds").asDouble()).isPositive();
            assertThat(manifest.at("/outputs/0/type").asText()).isEqualTo("file");

            Path downloaded = Files.write(dir.resolve("downloaded.mp4"), recording);
            assertThat(MediaProbe.of(downloaded).video()).isPresent();
            String everything = run.stdout() + run.stderr() + RecbotRun.read(status) + manifest;
            for (String secret : List.of(TOKEN, S3ProxyServer.SECRET_KEY)) {
                assertThat(everything).doesNotContain(secret);
            }
            run.assertNothingLeftRunning();
        }
    }

    @Test
    void refusedCredentialsFailTheRunClearlyAndKeepTheFile() throws Exception {
        Path out = dir.resolve("out");
        Path status = dir.resolve("status.json");
        String wrongSecret = "wrong-secret-4f3e2d1c";
        try (RecbotRun run = RecbotRun.start(dir, awsEnv(wrongSecret), "run",
                "--meeting-url", page.url() + "?endAfter=2", "--record", "--resolution", "640x360",
                "--output-dir", out.toString(), "--status-file", status.toString(),
                "--upload-url", "s3://" + BUCKET + "/denied/", "--delete-after-upload")) {
            assertThat(run.waitForExit(EXIT_TIMEOUT)).as(run.stderr()).isEqualTo(1);
            List<String> failures = run.stderr().lines().filter(l -> l.startsWith("recbot: ")).toList();
            assertThat(failures).hasSize(1);
            assertThat(failures.get(0)).startsWith("recbot: upload failed: upload-denied: ")
                    .contains("the recording stays in " + out);
            JsonNode upload = RecbotRun.json(status).at("/browserRecordingState/upload");
            assertThat(upload.path("state").asText()).isEqualTo("failed");
            assertThat(upload.at("/error/code").asText()).isEqualTo("upload-denied");
            try (Stream<Path> left = Files.list(out)) {
                assertThat(left.filter(f -> f.toString().endsWith(".mp4")).toList()).hasSize(1)
                        .allSatisfy(f -> assertThat(Files.size(f)).isPositive());
            }
            assertThat(reader.listObjectsV2(b -> b.bucket(BUCKET).prefix("denied/")).contents()).isEmpty();
            assertThat(run.stdout() + run.stderr() + RecbotRun.read(status)).doesNotContain(wrongSecret);
            run.assertNothingLeftRunning();
        }
    }

    @Test
    void eachHlsSegmentLeavesWhileTheRunGoesOnAndTheClosedPlaylistFollows() throws Exception {
        Path out = dir.resolve("out");
        Path status = dir.resolve("status.json");
        try (RecbotRun run = RecbotRun.start(dir, awsEnv(S3ProxyServer.SECRET_KEY), "run",
                "--meeting-url", page.url() + "?endAfter=7", "--record", "--hls", "--hls-segment-seconds", "2",
                "--resolution", "320x180", "--output-dir", out.toString(), "--status-file", status.toString(),
                "--upload-url", "s3://" + BUCKET + "/hls/")) {
            JsonNode up = RecbotRun.awaitStatus(status, EXIT_TIMEOUT, s -> s.at("/hlsRecordingState/running").asBoolean());
            Path playlist = Path.of(up.at("/hlsRecordingState/playlist").asText());
            String at = "hls/" + playlist.getParent().getFileName() + "/";
            await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(200))
                    .until(() -> reader.listObjectsV2(b -> b.bucket(BUCKET).prefix(at + "segment-")).hasContents());
            assertThat(ProcessHandle.of(run.pid()).map(ProcessHandle::isAlive)).as("a segment before the end")
                    .contains(true);
            assertThat(RecbotRun.json(status).at("/hlsRecordingState/running").asBoolean()).isTrue();

            assertThat(run.waitForExit(EXIT_TIMEOUT)).as(run.stderr()).isZero();
            String text = Files.readString(playlist);
            assertThat(text).contains("#EXT-X-ENDLIST");
            List<String> segments = HlsPlaylist.segments(text);
            assertThat(segments).hasSizeGreaterThanOrEqualTo(2);
            for (String name : Stream.concat(Stream.of("init.mp4", "index.m3u8"), segments.stream()).toList()) {
                assertThat(reader.getObjectAsBytes(b -> b.bucket(BUCKET).key(at + name)).asByteArray()).as(name)
                        .isEqualTo(Files.readAllBytes(playlist.resolveSibling(name)));
            }
            System.out.printf("HLS upload: %d segments stored beside the closed playlist%n", segments.size());
            run.assertNothingLeftRunning();
        }
    }
}
