package live.recbot.upload;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import live.recbot.config.UploadSettings;
import live.recbot.config.UploadUrl;
import live.recbot.core.ErrorCode;
import live.recbot.core.RecbotError;
import live.recbot.testing.S3ProxyServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * The HLS follower against a real S3-compatible server (S3Proxy on loopback), on a folder written
 * as FFmpeg's HLS muxer writes it: segments renamed once complete, the playlist replaced by a rename.
 */
class HlsUploadTest {
    private static final String BUCKET = "renditions";
    private static final Duration SOON = Duration.ofSeconds(10);

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

    private static ObjectStore store(String secretKey) {
        return ObjectStore.create(Optional.of(server.endpoint()), Region.of(S3ProxyServer.REGION),
                StaticCredentialsProvider.create(AwsBasicCredentials.create(S3ProxyServer.ACCESS_KEY, secretKey)));
    }

    private static HlsUpload follow(String prefix, Path folder, String secretKey) {
        HlsUpload upload = new HlsUpload(new UploadSettings(new UploadUrl(BUCKET, prefix), false,
                Duration.ofSeconds(20)), folder, () -> store(secretKey));
        upload.begin();
        return upload;
    }

    /** Writes under a temporary name and renames, as the muxer does. */
    private static byte[] complete(Path folder, String name, byte[] data) throws IOException {
        Path tmp = Files.write(folder.resolve(name + ".tmp"), data);
        Files.move(tmp, folder.resolve(name), StandardCopyOption.ATOMIC_MOVE);
        return data;
    }

    private static byte[] segment(Path folder, String name, int seed) throws IOException {
        byte[] data = new byte[50_000 + seed];
        new Random(seed).nextBytes(data);
        return complete(folder, name, data);
    }

    private static byte[] playlist(Path folder, int segments, boolean closed) throws IOException {
        StringBuilder text = new StringBuilder("#EXTM3U\n#EXT-X-VERSION:7\n#EXT-X-TARGETDURATION:2\n"
                + "#EXT-X-PLAYLIST-TYPE:EVENT\n#EXT-X-MAP:URI=\"init.mp4\"\n");
        for (int i = 0; i < segments; i++) {
            text.append("#EXTINF:2.000000,\nsegment-0000").append(i).append(".m4s\n");
        }
        if (closed) {
            text.append("#EXT-X-ENDLIST\n");
        }
        return complete(folder, "index.m3u8", text.toString().getBytes(StandardCharsets.UTF_8));
    }

    private static boolean stored(String key) {
        return reader.listObjectsV2(b -> b.bucket(BUCKET).prefix(key)).contents().stream()
                .anyMatch(o -> o.key().equals(key));
    }

    private static byte[] download(String key) {
        return reader.getObjectAsBytes(b -> b.bucket(BUCKET).key(key)).asByteArray();
    }

    @Test
    void eachSegmentLeavesOnceCompleteAndThePlaylistOnlyAfterAllItNames() throws Exception {
        Path folder = Files.createDirectory(dir.resolve("recbot-20261204-050000-hls"));
        String at = "live/recbot-20261204-050000-hls/";
        HlsUpload upload = follow("live/", folder, S3ProxyServer.SECRET_KEY);

        byte[] init = {1, 2, 3, 4};
        Files.write(folder.resolve("init.mp4"), init);
        Files.write(folder.resolve("segment-00000.m4s.tmp"), new byte[] {9});
        await().during(Duration.ofMillis(1500)).atMost(SOON).until(() -> !stored(at + "init.mp4"));

        byte[] s0 = segment(folder, "segment-00000.m4s", 0);
        // The playlist already names a segment still being written: it waits for it.
        playlist(folder, 2, false);
        await().atMost(SOON).until(() -> stored(at + "segment-00000.m4s"));
        assertThat(download(at + "init.mp4")).isEqualTo(init);
        assertThat(download(at + "segment-00000.m4s")).isEqualTo(s0);
        assertThat(stored(at + "index.m3u8")).isFalse();

        byte[] s1 = segment(folder, "segment-00001.m4s", 1);
        await().atMost(SOON).until(() -> stored(at + "index.m3u8"));
        assertThat(download(at + "segment-00001.m4s")).isEqualTo(s1);
        assertThat(new String(download(at + "index.m3u8"), StandardCharsets.UTF_8)).contains("segment-00001.m4s")
                .doesNotContain("#EXT-X-ENDLIST");

        byte[] s2 = segment(folder, "segment-00002.m4s", 2);
        byte[] last = playlist(folder, 3, true);
        assertThat(upload.finish()).isEmpty();
        assertThat(download(at + "segment-00002.m4s")).isEqualTo(s2);
        assertThat(download(at + "index.m3u8")).isEqualTo(last);
        assertThat(reader.headObject(b -> b.bucket(BUCKET).key(at + "index.m3u8")).contentType())
                .isEqualTo("application/vnd.apple.mpegurl");
        assertThat(reader.headObject(b -> b.bucket(BUCKET).key(at + "segment-00002.m4s")).contentType())
                .isEqualTo("video/mp4");
        assertThat(reader.listObjectsV2(b -> b.bucket(BUCKET).prefix(at)).contents()).hasSize(5);
    }

    @Test
    void refusedCredentialsStopTheFollowingAndBecomeTheRunsUploadFailure() throws Exception {
        Path folder = Files.createDirectory(dir.resolve("recbot-20261204-060000-hls"));
        String wrongSecret = "wrong-secret-9a8b7c6d";
        HlsUpload upload = follow("denied/", folder, wrongSecret);
        Files.write(folder.resolve("init.mp4"), new byte[] {1, 2, 3, 4});
        segment(folder, "segment-00000.m4s", 0);
        playlist(folder, 1, true);

        UploadOutcome recording = new UploadOutcome.Uploaded("s3://renditions/denied/r.mp4",
                "s3://renditions/denied/r.json", 10, "00");
        Optional<UploadOutcome> outcome = upload.finish(Optional.of(recording));
        assertThat(outcome).get().isInstanceOfSatisfying(UploadOutcome.Failed.class, f -> {
            assertThat(f.url()).isEqualTo("s3://renditions/denied/recbot-20261204-060000-hls/");
            RecbotError error = f.error();
            assertThat(error.code()).isEqualTo(ErrorCode.UPLOAD_DENIED);
            assertThat(error.message()).startsWith("upload denied/recbot-20261204-060000-hls/init.mp4: ")
                    .doesNotContain(wrongSecret);
        });
        assertThat(reader.listObjectsV2(b -> b.bucket(BUCKET).prefix("denied/")).contents()).isEmpty();
    }

    @Test
    void withoutAnUploadOrHlsNothingFollowsAndTheRecordingsOutcomeStands() {
        HlsUpload none = HlsUpload.start(Optional.empty(), Optional.of(dir.resolve("x-hls/index.m3u8")),
                new CompletableFuture<>());
        Optional<UploadOutcome> recording = Optional.of(new UploadOutcome.Uploaded("s3://b/r.mp4", "s3://b/r.json", 1,
                "00"));
        assertThat(none.finish(recording)).isEqualTo(recording);
    }
}
