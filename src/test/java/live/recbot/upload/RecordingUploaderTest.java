package live.recbot.upload;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import live.recbot.config.UploadSettings;
import live.recbot.config.UploadUrl;
import live.recbot.core.ErrorCode;
import live.recbot.core.RecbotError;
import live.recbot.core.Redactor;
import live.recbot.status.StatusDocument;
import live.recbot.status.StatusReporter;
import live.recbot.testing.S3ProxyServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.HeadObjectResponse;

/** The uploader against a real S3-compatible server (S3Proxy on loopback), with small generated files. */
class RecordingUploaderTest {
    private static final String BUCKET = "recordings";
    private static final int PART = 5 << 20;
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final URI MEETING = URI.create("https://meet.example.com/meeting/abc-defg-hij?token=s3cr3tT0ken42");

    @TempDir
    static Path storage;
    @TempDir
    Path dir;

    private static S3ProxyServer server;
    private static S3Client reader;

    @BeforeAll
    static void startServer() throws Exception {
        server = S3ProxyServer.start(storage);
        server.createBucket(BUCKET);
        reader = server.client();
    }

    @AfterAll
    static void stopServer() throws Exception {
        reader.close();
        server.close();
    }

    private static ObjectStore store(String accessKey, String secretKey) {
        AwsCredentialsProvider credentials = StaticCredentialsProvider.create(AwsBasicCredentials.create(accessKey,
                secretKey));
        return ObjectStore.create(Optional.of(server.endpoint()), Region.of(S3ProxyServer.REGION), credentials);
    }

    private static ObjectStore store() {
        return store(S3ProxyServer.ACCESS_KEY, S3ProxyServer.SECRET_KEY);
    }

    private Path recording(String name, int bytes) throws IOException {
        byte[] data = new byte[bytes];
        new Random(bytes).nextBytes(data);
        return Files.write(dir.resolve(name), data);
    }

    private static Manifest draft() {
        StatusDocument status = new StatusDocument(
                new StatusDocument.RtmpStreamingState(false, null, null, List.of(new StatusDocument.Output(
                        "rtmp://live.example.com/app/***", false, new StatusDocument.Error("rtmp-output-gave-up",
                        "gave up after 60 s"), 0))),
                new StatusDocument.BrowserRecordingState(false, null, null, "/rec/room-1.mp4"),
                StatusDocument.ServerRecordingState.IDLE, Redactor.meetingUrl(MEETING),
                new StatusDocument.Resolution(1280, 720), null, Instant.now());
        return Manifest.draft(MEETING, status, Instant.parse("2026-12-04T05:00:00Z"),
                Instant.parse("2026-12-04T05:00:12.500Z"), "stopped");
    }

    private static String sha256(byte[] data) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(data));
    }

    private static byte[] download(String key) {
        return reader.getObjectAsBytes(b -> b.bucket(BUCKET).key(key)).asByteArray();
    }

    private static UploadOutcome upload(ObjectStore store, UploadUrl target, Path file, Duration budget,
                                        List<RecbotError> retries) {
        return new RecordingUploader(store, target, budget, PART, (e, attempt, wait) -> retries.add(e))
                .upload(file, draft());
    }

    @Test
    void uploadsTheRecordingThenAManifestThatVouchesForIt() throws Exception {
        Path file = recording("room-1.mp4", 300_000);
        UploadUrl target = new UploadUrl(BUCKET, "rooms/2026/");
        UploadOutcome outcome;
        try (ObjectStore store = store()) {
            outcome = upload(store, target, file, Duration.ofMinutes(1), new CopyOnWriteArrayList<>());
        }
        String sha = sha256(Files.readAllBytes(file));
        assertThat(outcome).isEqualTo(new UploadOutcome.Uploaded("s3://recordings/rooms/2026/room-1.mp4",
                "s3://recordings/rooms/2026/room-1.json", 300_000, sha));
        assertThat(sha256(download("rooms/2026/room-1.mp4"))).isEqualTo(sha);
        HeadObjectResponse head = reader.headObject(b -> b.bucket(BUCKET).key("rooms/2026/room-1.mp4"));
        assertThat(head.contentType()).isEqualTo("video/mp4");
        assertThat(head.metadata()).containsEntry("sha256", sha);
        // Even a small file goes up as a multipart upload of one part, whose ETag counts its parts.
        assertThat(head.eTag()).endsWith("-1\"");
        assertThat(file).as("the uploader itself never deletes").exists();

        String manifestText = new String(download("rooms/2026/room-1.json"), java.nio.charset.StandardCharsets.UTF_8);
        assertThat(manifestText).doesNotContain("s3cr3tT0ken42");
        JsonNode m = JSON.readTree(manifestText);
        assertThat(m.path("room").asText()).isEqualTo("abc-defg-hij");
        assertThat(m.path("meetingUrl").asText()).isEqualTo("https://meet.example.com/meeting/abc-defg-hij?***");
        assertThat(m.path("start").asText()).isEqualTo("2026-12-04T05:00:00Z");
        assertThat(m.path("end").asText()).isEqualTo("2026-12-04T05:00:12.500Z");
        assertThat(m.path("durationSeconds").asDouble()).isEqualTo(12.5);
        assertThat(m.path("endReason").asText()).isEqualTo("stopped");
        assertThat(m.path("resolution").path("width").asInt()).isEqualTo(1280);
        assertThat(m.path("resolution").path("height").asInt()).isEqualTo(720);
        assertThat(m.path("recording").path("file").asText()).isEqualTo("room-1.mp4");
        assertThat(m.path("recording").path("url").asText()).isEqualTo("s3://recordings/rooms/2026/room-1.mp4");
        assertThat(m.path("recording").path("bytes").asLong()).isEqualTo(300_000);
        assertThat(m.path("recording").path("sha256").asText()).isEqualTo(sha);
        assertThat(m.path("outputs")).hasSize(2);
        assertThat(m.path("outputs").get(0).path("type").asText()).isEqualTo("file");
        assertThat(m.path("outputs").get(0).path("bytes").asLong()).isEqualTo(300_000);
        assertThat(m.path("outputs").get(0).path("error").isNull()).isTrue();
        assertThat(m.path("outputs").get(1).path("target").asText()).isEqualTo("rtmp://live.example.com/app/***");
        assertThat(m.path("outputs").get(1).path("error").path("code").asText()).isEqualTo("rtmp-output-gave-up");
    }

    @Test
    void aFileLargerThanAPartGoesUpInPartsAndArrivesWhole() throws Exception {
        Path file = recording("long.mp4", 2 * PART + 123_457);
        try (ObjectStore store = store()) {
            UploadOutcome outcome = upload(store, new UploadUrl(BUCKET, ""), file, Duration.ofMinutes(1),
                    new CopyOnWriteArrayList<>());
            assertThat(outcome).isInstanceOf(UploadOutcome.Uploaded.class);
        }
        assertThat(sha256(download("long.mp4"))).isEqualTo(sha256(Files.readAllBytes(file)));
        // A multipart object's ETag is the digest of its parts' digests, with their count.
        assertThat(reader.headObject(b -> b.bucket(BUCKET).key("long.mp4")).eTag()).endsWith("-3\"");
    }

    @Test
    void anOutageOfAFewSecondsIsWaitedOut() throws Exception {
        Path file = recording("outage.mp4", 200_000);
        List<RecbotError> retries = new CopyOnWriteArrayList<>();
        server.stop();
        CompletableFuture<UploadOutcome> outcome;
        try (ObjectStore store = store()) {
            try {
                outcome = CompletableFuture.supplyAsync(() -> upload(store, new UploadUrl(BUCKET, "o/"), file,
                        Duration.ofMinutes(1), retries));
                await("the uploader to retry while the server is down").atMost(Duration.ofSeconds(20))
                        .until(() -> retries.size() >= 2);
            } finally {
                server.restart();
            }
            assertThat(outcome.get(60, java.util.concurrent.TimeUnit.SECONDS))
                    .isInstanceOf(UploadOutcome.Uploaded.class);
        }
        assertThat(retries).allSatisfy(e -> {
            assertThat(e.code()).isEqualTo(ErrorCode.UPLOAD_FAILED);
            assertThat(e.retryable()).isTrue();
            assertThat(e.message()).contains("cannot reach the storage");
        });
        assertThat(sha256(download("o/outage.mp4"))).isEqualTo(sha256(Files.readAllBytes(file)));
        assertThat(reader.headObject(b -> b.bucket(BUCKET).key("o/outage.json")).contentLength()).isPositive();
    }

    @Test
    void anUnreachableServerIsGivenUpAtTheTimeLimit() throws Exception {
        Path file = recording("late.mp4", 1000);
        List<RecbotError> retries = new CopyOnWriteArrayList<>();
        server.stop();
        UploadOutcome outcome;
        try (ObjectStore store = store()) {
            outcome = upload(store, new UploadUrl(BUCKET, ""), file, Duration.ofSeconds(2), retries);
        } finally {
            server.restart();
        }
        assertThat(outcome).isInstanceOf(UploadOutcome.Failed.class);
        RecbotError error = ((UploadOutcome.Failed) outcome).error();
        assertThat(error.code()).isEqualTo(ErrorCode.UPLOAD_FAILED);
        assertThat(error.message()).contains("gave up after").contains("time limit");
        assertThat(error).isInstanceOf(RecbotError.OutputError.class);
        assertThat(file).exists();
    }

    @Test
    void wrongCredentialsFailAtOnceWithAClearErrorAndNoSecret() throws Exception {
        Path file = recording("denied.mp4", 1000);
        List<RecbotError> retries = new CopyOnWriteArrayList<>();
        UploadOutcome outcome;
        try (ObjectStore store = store(S3ProxyServer.ACCESS_KEY, "wrong-secret-key-9876")) {
            outcome = upload(store, new UploadUrl(BUCKET, ""), file, Duration.ofMinutes(1), retries);
        }
        assertThat(outcome).isInstanceOf(UploadOutcome.Failed.class);
        RecbotError error = ((UploadOutcome.Failed) outcome).error();
        assertThat(error.code()).isEqualTo(ErrorCode.UPLOAD_DENIED);
        assertThat(error.retryable()).isFalse();
        assertThat(error.message()).contains("refused the credentials").contains("403")
                .doesNotContain("wrong-secret-key-9876").doesNotContain(S3ProxyServer.SECRET_KEY);
        assertNeverRetried(retries, ErrorCode.UPLOAD_DENIED);
        assertThat(file).exists();
        assertThat(reader.listObjectsV2(b -> b.bucket(BUCKET).prefix("denied")).contents()).isEmpty();
    }

    @Test
    void aBucketThatDoesNotExistFailsAtOnceWithAClearError() throws Exception {
        Path file = recording("nobucket.mp4", 1000);
        List<RecbotError> retries = new CopyOnWriteArrayList<>();
        UploadOutcome outcome;
        try (ObjectStore store = store()) {
            outcome = upload(store, new UploadUrl("no-such-bucket", "p/"), file, Duration.ofMinutes(1), retries);
        }
        assertThat(outcome).isEqualTo(new UploadOutcome.Failed("s3://no-such-bucket/p/nobucket.mp4",
                ((UploadOutcome.Failed) outcome).error()));
        RecbotError error = ((UploadOutcome.Failed) outcome).error();
        assertThat(error.code()).isEqualTo(ErrorCode.UPLOAD_BUCKET_MISSING);
        assertThat(error.message()).contains("the bucket does not exist");
        assertNeverRetried(retries, ErrorCode.UPLOAD_BUCKET_MISSING);
        assertThat(file).exists();
    }

    /**
     * A refusal is final at once. A connection kept alive from an earlier test's server may break
     * first, which is retried like any outage, but the refusal itself never is.
     */
    private static void assertNeverRetried(List<RecbotError> retries, ErrorCode refusal) {
        assertThat(retries).hasSizeLessThanOrEqualTo(1).allSatisfy(e -> {
            assertThat(e.code()).isEqualTo(ErrorCode.UPLOAD_FAILED);
            assertThat(e.message()).contains("cannot reach the storage");
        }).noneMatch(e -> e.code() == refusal);
    }

    @Test
    void theSessionStepShowsTheUploadInTheStatusAndDeletesOnlyWhenStoredAndAsked() throws Exception {
        Path kept = recording("kept.mp4", 1000);
        Path deleted = recording("deleted.mp4", 1000);
        Path failed = recording("failed.mp4", 1000);
        StatusDocument.Upload ok = step(kept, new UploadSettings(new UploadUrl(BUCKET, "s/"), false,
                Duration.ofMinutes(1)));
        assertThat(ok).isEqualTo(new StatusDocument.Upload("uploaded", "s3://recordings/s/kept.mp4",
                "s3://recordings/s/kept.json", null));
        assertThat(kept).exists();

        step(deleted, new UploadSettings(new UploadUrl(BUCKET, "s/"), true, Duration.ofMinutes(1)));
        assertThat(deleted).doesNotExist();
        assertThat(download("s/deleted.mp4")).hasSize(1000);

        StatusDocument.Upload no = step(failed, new UploadSettings(new UploadUrl("missing-bucket", "s/"), true,
                Duration.ofMinutes(1)));
        assertThat(no.state()).isEqualTo("failed");
        assertThat(no.error().code()).isEqualTo("upload-bucket-missing");
        assertThat(failed).as("kept when the upload failed, even if deletion was asked for").exists();
    }

    private StatusDocument.Upload step(Path file, UploadSettings settings) {
        StatusReporter status = new StatusReporter(new StatusReporter.Layout(Redactor.meetingUrl(MEETING), 1280, 720,
                Optional.of(file.toString()), List.of()), Redactor.of(MEETING, List.of()), Clock.systemUTC());
        try {
            new SessionUpload(settings, status, RecordingUploaderTest::store, PART).run(file, draft());
            return status.current().browserRecordingState().upload();
        } finally {
            status.close();
        }
    }
}
