package live.recbot.api;

import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Every bound on the work a client can cause the API, in one place. The gate in front enforces the
 * connection caps and the request deadline; the JDK server behind it only ever sees whole requests.
 *
 * @param poolThreads     threads handling requests; the SSE streams have their own, see {@link ApiServer}
 * @param perClient       open connections one client address may hold; more are answered 429
 * @param maxConnections  open connections in all; more are closed unanswered
 * @param requestDeadline from accept until the head and body have arrived; later is answered 408
 * @param maxHeadBytes    request line and headers; more is answered 431
 */
record ApiLimits(int poolThreads, int perClient, int maxConnections, Duration requestDeadline, int maxHeadBytes) {
    private static final Logger log = LoggerFactory.getLogger(ApiLimits.class);
    static final int WANTED_CONNECTIONS = 2048;
    // Descriptors kept for the worker itself: browser, encoder, files, sockets of a session.
    private static final long RESERVED_DESCRIPTORS = 512;
    private static volatile boolean jdkConfigured;

    /** The production bounds; the connection cap shrinks to fit the open-file limit (each connection may take two). */
    static ApiLimits forThisProcess() {
        long fdLimit = openFileLimit();
        int fit = (int) Math.max(64, Math.min(WANTED_CONNECTIONS, (fdLimit - RESERVED_DESCRIPTORS) / 2));
        if (fit < WANTED_CONNECTIONS) {
            log.warn("open-file limit {} allows {} API connections, not {}: raise ulimit -n", fdLimit, fit,
                    WANTED_CONNECTIONS);
        }
        return new ApiLimits(8, 32, fit, Duration.ofSeconds(10), 16 * 1024);
    }

    private static long openFileLimit() {
        if (ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.UnixOperatingSystemMXBean unix) {
            return unix.getMaxFileDescriptorCount();
        }
        return WANTED_CONNECTIONS * 2L + RESERVED_DESCRIPTORS;
    }

    /**
     * Sets the JDK server's own bounds; they are system properties read once, when its first server is
     * created, so this runs before that. An operator's explicit -D setting wins. No response time
     * bound ({@code sun.net.httpserver.maxRspTime}): it would cut the SSE stream.
     */
    void configureJdkServer() {
        if (jdkConfigured) {
            return;
        }
        // A backstop only: the gate hands on whole requests, so reading one takes no time.
        setIfAbsent("sun.net.httpserver.maxReqTime", Long.toString(requestDeadline.toSeconds()));
        // The gate closes a kept-alive connection it sees idle for a request deadline, so the server
        // never closes one under a request the gate is sending on it.
        setIfAbsent("sun.net.httpserver.idleInterval", Long.toString(requestDeadline.toSeconds() * 2));
        setIfAbsent("sun.net.httpserver.maxIdleConnections", Integer.toString(maxConnections));
        // An answer is written as a head and a body: on a kept link, Nagle's algorithm would hold the
        // body until the gate's delayed acknowledgement of the head, 40 ms later.
        setIfAbsent("sun.net.httpserver.nodelay", "true");
        setIfAbsent("sun.net.httpserver.maxReqHeaders", "64");
        setIfAbsent("sun.net.httpserver.maxReqHeaderSize", Integer.toString(maxHeadBytes));
        setIfAbsent("jdk.httpserver.maxConnections", Integer.toString(maxConnections));
        jdkConfigured = true;
    }

    /** The request handlers; a full queue is refused, as the gate's cap is then beyond what they can catch up with. */
    ExecutorService requestPool() {
        return new ThreadPoolExecutor(poolThreads, poolThreads, 0, TimeUnit.SECONDS, new ArrayBlockingQueue<>(256),
                daemons("recbot-api-"));
    }

    /** One thread per SSE listener, {@code streams} at most, none while nobody listens. */
    static ExecutorService streamPool(int streams) {
        return new ThreadPoolExecutor(0, streams, 30, TimeUnit.SECONDS, new SynchronousQueue<>(),
                daemons("recbot-api-events-"));
    }

    private static ThreadFactory daemons(String prefix) {
        AtomicInteger n = new AtomicInteger();
        return r -> {
            Thread t = new Thread(r, prefix + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
    }

    private static void setIfAbsent(String key, String value) {
        if (System.getProperty(key) == null) {
            System.setProperty(key, value);
        }
    }
}
