package live.recbot.status;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HexFormat;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * POSTs every status change to a webhook, signed with HMAC-SHA256 of the raw body
 * ({@code X-Recbot-Signature: sha256=<hex>}), in order, on its own thread. A change the receiver
 * fails to take is redelivered unchanged, with exponential backoff, before any later one; the
 * pipeline never waits on it.
 */
public final class WebhookNotifier implements RoomStatus.ChangeListener, AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(WebhookNotifier.class);
    public static final String SIGNATURE_HEADER = "X-Recbot-Signature";
    static final Duration FIRST_BACKOFF = Duration.ofMillis(250);
    static final Duration MAX_BACKOFF = Duration.ofSeconds(10);
    private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(5);
    private static final byte[] END = new byte[0];

    private final URI url;
    private final SecretKeySpec key;
    private final HttpClient client;
    private final BlockingQueue<byte[]> queue = new LinkedBlockingQueue<>(10_000);
    private final Thread thread;
    private volatile boolean abandon;

    public WebhookNotifier(URI url, String secret) {
        this.url = url;
        this.key = new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256");
        this.client = HttpClient.newBuilder().connectTimeout(REQUEST_TIMEOUT).build();
        this.thread = new Thread(this::run, "recbot-webhook");
        thread.setDaemon(true);
        thread.start();
    }

    @Override
    public void onChange(RoomStatus.Change change) {
        String body = "{\"sequence\":" + change.sequence() + ",\"status\":" + StatusJson.write(change.status()) + "}";
        if (!queue.offer(body.getBytes(StandardCharsets.UTF_8))) {
            log.error("webhook receiver is too far behind; status change {} not delivered", change.sequence());
        }
    }

    /** The signature header's value for {@code body}: what a receiver recomputes to verify it. */
    public static String signature(byte[] body, SecretKeySpec key) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(key);
            return "sha256=" + HexFormat.of().formatHex(mac.doFinal(body));
        } catch (java.security.GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private void run() {
        try {
            while (true) {
                byte[] body = queue.take();
                if (body == END) {
                    return;
                }
                deliver(body);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void deliver(byte[] body) throws InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(url).timeout(REQUEST_TIMEOUT)
                .header("Content-Type", "application/json")
                .header(SIGNATURE_HEADER, signature(body, key))
                .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build();
        Duration backoff = FIRST_BACKOFF;
        for (int attempt = 1; !abandon; attempt++) {
            try {
                int status = client.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
                if (status / 100 == 2) {
                    return;
                }
                log.warn("webhook answered HTTP {} (attempt {}); retrying in {} ms", status, attempt, backoff.toMillis());
            } catch (IOException e) {
                log.warn("webhook delivery failed (attempt {}): {}; retrying in {} ms", attempt,
                        e.getClass().getSimpleName(), backoff.toMillis());
            }
            Thread.sleep(backoff.toMillis());
            backoff = backoff.multipliedBy(2).compareTo(MAX_BACKOFF) > 0 ? MAX_BACKOFF : backoff.multipliedBy(2);
        }
    }

    /** Delivers what is queued, waiting at most {@code maxWait} for the receiver, then stops. */
    public void close(Duration maxWait) {
        queue.offer(END);
        try {
            thread.join(maxWait.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (thread.isAlive()) {
            log.warn("webhook: {} status changes not delivered within {} s", queue.size(), maxWait.toSeconds());
            abandon = true;
            thread.interrupt();
        }
    }

    @Override
    public void close() {
        close(Duration.ofSeconds(10));
    }
}
