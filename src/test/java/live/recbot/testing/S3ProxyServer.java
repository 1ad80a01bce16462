package live.recbot.testing;

import static org.awaitility.Awaitility.await;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Properties;
import org.gaul.s3proxy.AuthenticationType;
import org.gaul.s3proxy.S3Proxy;
import org.jclouds.ContextBuilder;
import org.jclouds.blobstore.BlobStoreContext;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.core.checksums.ResponseChecksumValidation;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * A real S3-compatible server for tests: S3Proxy over jclouds' filesystem store, in this JVM, on
 * loopback, checking AWS signatures against one key pair. It can be stopped and started again on
 * the same port, over the same files, to play an outage.
 */
public final class S3ProxyServer implements AutoCloseable {
    public static final String ACCESS_KEY = "recbot-test-access";
    public static final String SECRET_KEY = "recbot-test-secret-0123456789";
    public static final String REGION = "us-east-1";

    private final BlobStoreContext context;
    private int port;
    private S3Proxy proxy;

    private S3ProxyServer(BlobStoreContext context) {
        this.context = context;
    }

    /** Starts a server keeping its buckets under {@code dir}, on a free loopback port. */
    public static S3ProxyServer start(Path dir) throws Exception {
        Properties properties = new Properties();
        properties.setProperty("jclouds.filesystem.basedir", dir.toAbsolutePath().toString());
        BlobStoreContext context = ContextBuilder.newBuilder("filesystem").credentials("unused", "unused")
                .overrides(properties).build(BlobStoreContext.class);
        S3ProxyServer server = new S3ProxyServer(context);
        try {
            server.startProxy(0);
        } catch (Exception e) {
            context.close();
            throw e;
        }
        return server;
    }

    private void startProxy(int onPort) throws Exception {
        S3Proxy p = S3Proxy.builder().blobStore(context.getBlobStore())
                .endpoint(URI.create("http://127.0.0.1:" + onPort))
                .awsAuthentication(AuthenticationType.AWS_V2_OR_V4, ACCESS_KEY, SECRET_KEY)
                .build();
        p.start();
        await("S3Proxy to start").atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(20))
                .until(() -> "STARTED".equals(p.getState()));
        proxy = p;
        port = p.getPort();
    }

    public int port() {
        return port;
    }

    public URI endpoint() {
        return URI.create("http://127.0.0.1:" + port);
    }

    /** Takes the server down, as an outage does; its files stay. */
    public void stop() throws Exception {
        if (proxy != null) {
            proxy.stop();
            proxy = null;
        }
    }

    /** Brings the server back on the same port. */
    public void restart() throws Exception {
        startProxy(port);
    }

    public void createBucket(String bucket) {
        context.getBlobStore().createContainerInLocation(null, bucket);
    }

    /** A client with the server's own key pair, to read back what was uploaded. */
    public S3Client client() {
        return S3Client.builder().endpointOverride(endpoint()).forcePathStyle(true).region(Region.of(REGION))
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(ACCESS_KEY, SECRET_KEY)))
                .httpClientBuilder(UrlConnectionHttpClient.builder())
                // S3Proxy knows none of the checksum headers newer SDKs add by default.
                .requestChecksumCalculation(RequestChecksumCalculation.WHEN_REQUIRED)
                .responseChecksumValidation(ResponseChecksumValidation.WHEN_REQUIRED)
                .build();
    }

    /** Stops the server and releases its store; Jetty's own failure to stop is the test's failure. */
    @Override
    public void close() {
        try {
            stop();
        } catch (Exception e) {
            throw new IllegalStateException("S3Proxy did not stop", e);
        } finally {
            context.close();
        }
    }
}
