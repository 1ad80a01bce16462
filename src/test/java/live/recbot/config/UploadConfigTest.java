package live.recbot.config;

import static live.recbot.config.ConfigErrors.assertConfigError;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import live.recbot.upload.S3Endpoint;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class UploadConfigTest {
    private static WorkerSettings fromEnv(Map<String, String> env) {
        return ConfigLoader.load(Optional.empty(), env, Flags.recording("https://meet.example.com/r").build())
                .settings();
    }

    @Test
    void noUploadUnlessAnUrlIsGiven() {
        assertThat(WorkerSettings.defaults().upload()).isEmpty();
        assertThat(fromEnv(Map.of("RECBOT_UPLOAD_URL", " ")).upload()).as("a blank variable is none").isEmpty();
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({
            "s3://recordings/rooms/2026/, recordings, rooms/2026/",
            "s3://recordings/rooms,       recordings, rooms/",
            "s3://recordings,             recordings, ''",
            "s3://recordings/,            recordings, ''",
            "S3://my.bucket-1/a/b/,       my.bucket-1, a/b/"})
    void anS3UrlNamesABucketAndAFolder(String text, String bucket, String prefix) {
        UploadSettings upload = fromEnv(Map.of("RECBOT_UPLOAD_URL", text)).upload().orElseThrow();
        assertThat(upload.target()).isEqualTo(new UploadUrl(bucket, prefix));
        assertThat(upload.target().url("x.mp4")).isEqualTo("s3://" + bucket + "/" + prefix + "x.mp4");
        assertThat(upload.deleteAfterUpload()).isFalse();
        assertThat(upload.timeout()).isEqualTo(Duration.ofMinutes(15));
    }

    @Test
    void flagsSetEveryUploadField() {
        WorkerSettings s = ConfigLoader.settings(Flags.flags().build()
                .with(ConfigField.UPLOAD_URL, "s3://bucket/p/")
                .with(ConfigField.DELETE_AFTER_UPLOAD, "true")
                .with(ConfigField.UPLOAD_TIMEOUT, "2m"));
        assertThat(s.upload()).contains(new UploadSettings(new UploadUrl("bucket", "p/"), true, Duration.ofMinutes(2)));
        assertThat(ConfigField.UPLOAD_URL.flag()).isEqualTo("--upload-url");
        assertThat(ConfigField.UPLOAD_URL.env()).isEqualTo("RECBOT_UPLOAD_URL");
        assertThat(ConfigField.DELETE_AFTER_UPLOAD.flag()).isEqualTo("--delete-after-upload");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            https://bucket/p/                        | must be an s3://bucket/prefix/ URL
            s3:///p/                                 | must name a bucket
            s3://Recordings/                         | lower-case letters
            s3://ab/                                 | 3 to 63 characters
            s3://-bucket/                            | starting and ending with a letter or digit
            s3://my..bucket/                         | two dots
            s3://192.168.1.10/                       | IP address
            s3://my_bucket/                          | lower-case letters
            s3://xn--bucket/                         | reserves
            s3://bucket/a//b/                        | empty, . or .. segments
            s3://bucket/a/../b/                      | empty, . or .. segments
            s3://bucket/p/?X-Amz-Signature=s3cr3tSig | ?query
            s3://AKIAKEY:s3cr3tSig@bucket/p/         | must not carry credentials
            """)
    void aBadUploadUrlIsRefusedNamingTheFieldAndTheRule(String text, String rule) {
        ConfigException e = assertConfigError(() -> fromEnv(Map.of("RECBOT_UPLOAD_URL", text)), "uploadUrl", rule);
        assertThat(e.getMessage()).doesNotContain("s3cr3tSig");
    }

    @Test
    void deletingAfterUploadNeedsAnUpload() {
        assertConfigError(() -> fromEnv(Map.of("RECBOT_DELETE_AFTER_UPLOAD", "true")), "deleteAfterUpload",
                "needs uploadUrl");
    }

    @Test
    void theUploadTimeoutIsBounded() {
        assertConfigError(() -> fromEnv(Map.of("RECBOT_UPLOAD_URL", "s3://bucket/", "RECBOT_UPLOAD_TIMEOUT", "0")),
                "uploadTimeout", "more than 0");
        assertConfigError(() -> fromEnv(Map.of("RECBOT_UPLOAD_URL", "s3://bucket/", "RECBOT_UPLOAD_TIMEOUT", "25h")),
                "uploadTimeout");
    }

    @Test
    void theArchivalRecordingUploadsAsTheSessionDoes() {
        RecbotConfig c = ConfigLoader.load(Optional.empty(), Map.of("RECBOT_UPLOAD_URL", "s3://bucket/p/"),
                Flags.recording("https://meet.example.com/r").build());
        assertThat(c.archival().upload()).isEqualTo(c.upload());
    }

    @Test
    void theEndpointComesFromTheSdksVariablesAndABadOneIsRefusedByName() {
        assertThat(S3Endpoint.fromEnv(Map.of())).isEmpty();
        assertThat(S3Endpoint.fromEnv(Map.of("AWS_ENDPOINT_URL", "http://127.0.0.1:9000",
                "AWS_ENDPOINT_URL_S3", "http://127.0.0.1:9001"))).map(Object::toString).contains("http://127.0.0.1:9001");
        assertThat(S3Endpoint.fromEnv(Map.of("AWS_ENDPOINT_URL", "https://minio.example.com")))
                .map(Object::toString).contains("https://minio.example.com");
        assertConfigError(() -> S3Endpoint.fromEnv(Map.of("AWS_ENDPOINT_URL_S3", "ftp://h/")), "AWS_ENDPOINT_URL_S3",
                "http:// or https://");
        ConfigException e = assertConfigError(() -> S3Endpoint.fromEnv(Map.of("AWS_ENDPOINT_URL",
                "http://user:s3cr3tSig@h/")), "AWS_ENDPOINT_URL", "must not carry credentials");
        assertThat(e.getMessage()).doesNotContain("s3cr3tSig");
    }
}
