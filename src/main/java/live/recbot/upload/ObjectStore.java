package live.recbot.upload;

import java.net.URI;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.core.checksums.ResponseChecksumValidation;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.regions.providers.DefaultAwsRegionProviderChain;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.S3ClientBuilder;
import software.amazon.awssdk.utils.SdkAutoCloseable;

/**
 * An S3 client and the credentials it signs with. The SDK does not retry: {@link Retrying} is the
 * one retry policy, so every attempt is counted and logged once and the deadline holds.
 */
public final class ObjectStore implements AutoCloseable {
    private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(10);
    private static final Duration READ_TIMEOUT = Duration.ofSeconds(60);
    private static final Duration ATTEMPT_TIMEOUT = Duration.ofMinutes(5);
    /** Any region does for a server of one's own, and AWS's clients redirect across regions. */
    private static final Region FALLBACK_REGION = Region.US_EAST_1;

    private final S3Client s3;
    private final AwsCredentialsProvider credentials;

    private ObjectStore(S3Client s3, AwsCredentialsProvider credentials) {
        this.s3 = s3;
        this.credentials = credentials;
    }

    /** Endpoint, region and credentials from the SDK's standard sources: variables, profiles, roles. */
    public static ObjectStore fromEnvironment(Map<String, String> env) {
        return create(S3Endpoint.fromEnv(env), region(env), DefaultCredentialsProvider.builder().build());
    }

    public static ObjectStore create(Optional<URI> endpoint, Region region, AwsCredentialsProvider credentials) {
        S3ClientBuilder b = S3Client.builder()
                .httpClientBuilder(UrlConnectionHttpClient.builder().connectionTimeout(CONNECT_TIMEOUT)
                        .socketTimeout(READ_TIMEOUT))
                .credentialsProvider(credentials)
                .region(region)
                // Servers other than AWS's do not all take the trailing checksums newer SDKs send by
                // default; the payload is signed (http) or carried by TLS (https) all the same.
                .requestChecksumCalculation(RequestChecksumCalculation.WHEN_REQUIRED)
                .responseChecksumValidation(ResponseChecksumValidation.WHEN_REQUIRED)
                .overrideConfiguration(o -> o.retryStrategy(AwsRetryStrategy.doNotRetry())
                        .apiCallAttemptTimeout(ATTEMPT_TIMEOUT));
        if (endpoint.isPresent()) {
            b.endpointOverride(endpoint.get()).forcePathStyle(true);
        } else {
            b.crossRegionAccessEnabled(true);
        }
        return new ObjectStore(b.build(), credentials);
    }

    private static Region region(Map<String, String> env) {
        String given = env.get("AWS_REGION");
        if (given != null && !given.isBlank()) {
            return Region.of(given.strip());
        }
        try {
            return new DefaultAwsRegionProviderChain().getRegion();
        } catch (SdkClientException e) {
            return FALLBACK_REGION;
        }
    }

    S3Client s3() {
        return s3;
    }

    /** Resolves the credentials now, so that missing ones fail at once instead of being retried as an outage. */
    void checkCredentials() {
        credentials.resolveCredentials();
    }

    @Override
    public void close() {
        s3.close();
        if (credentials instanceof SdkAutoCloseable c) {
            c.close();
        }
    }
}
