package live.recbot.browser;

import live.recbot.core.ErrorCode;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import live.recbot.proc.ChildProcess;
import org.openqa.selenium.remote.http.HttpClient;
import org.openqa.selenium.remote.http.HttpMethod;
import org.openqa.selenium.remote.http.HttpRequest;
import org.openqa.selenium.remote.http.HttpResponse;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One chromedriver server for one browser. It needs neither the display nor the browser, so a
 * session starts it first, beside the X and sound servers, and it is ready by the time Chromium
 * is: it never launches Chromium itself, it attaches to the one {@link ChromiumBrowser} started.
 */
public final class Chromedriver implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(Chromedriver.class);
    public static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");
    private static final Duration START_TIMEOUT = Duration.ofSeconds(20);
    private static final int PORT_ATTEMPTS = 3;
    private static final String PORT_TAKEN = "Address already in use";
    private static final Pattern STARTED = Pattern.compile("started successfully on port (\\d+)");

    private final ChildProcess process;
    private final URL url;

    private Chromedriver(ChildProcess process, URL url) {
        this.process = process;
        this.url = url;
    }

    /**
     * Starts chromedriver on a port it picks itself and returns once it listens. Its log goes to
     * {@code runDir/chromedriver.log}.
     */
    public static Chromedriver start(Path runDir) throws BrowserException {
        if (!Files.isExecutable(CHROMEDRIVER)) {
            throw BrowserException.host(ErrorCode.BROWSER_MISSING, CHROMEDRIVER + " is not installed (run scripts/setup)");
        }
        for (int attempt = 1; ; attempt++) {
            try {
                return startOnce(runDir);
            } catch (BrowserException e) {
                // With --port=0 chromedriver takes a free IPv4 port, then binds the same number on
                // IPv6, which another process may hold: a fresh port is the fix.
                if (attempt >= PORT_ATTEMPTS || !e.error().message().contains(PORT_TAKEN)) {
                    throw e;
                }
                log.debug("chromedriver's port was taken on one address family; starting it again");
            }
        }
    }

    private static Chromedriver startOnce(Path runDir) throws BrowserException {
        Path logFile = runDir.resolve("chromedriver.log");
        ChildProcess p = null;
        try {
            Files.createDirectories(runDir);
            // --port=0: the kernel picks a free port, so there is no window in which another
            // process can take it, and the banner on stdout says which one once it listens.
            p = ChildProcess.start("chromedriver", List.of(CHROMEDRIVER.toString(), "--port=0", "--log-level=WARNING"),
                    // Its browser's folder lies in the session's directory, as Chromium's does.
                    Map.of(ChildProcess.SESSION_ENV, runDir.getParent().toString()), logFile,
                    ProcessBuilder.Redirect.PIPE);
            ChildProcess started = p;
            CompletableFuture<OptionalInt> port = CompletableFuture.supplyAsync(() -> readPort(started));
            OptionalInt n = port.get(START_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            if (n.isEmpty()) {
                throw BrowserException.session(ErrorCode.BROWSER_START_FAILED, "chromedriver exited at start"
                        + exitDetail(p, logFile) + " (" + BrowserException.seeLog(logFile) + ")", true);
            }
            Chromedriver driver = new Chromedriver(p, new URL("http://127.0.0.1:" + n.getAsInt()));
            log.debug("chromedriver listening on port {}", n.getAsInt());
            return driver;
        } catch (BrowserException e) {
            p.kill();
            throw e;
        } catch (Exception e) {
            if (p != null) {
                p.kill();
            }
            if (e instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
            throw BrowserException.session(ErrorCode.BROWSER_START_FAILED, "chromedriver did not start within "
                    + START_TIMEOUT.toSeconds() + " s: " + e.getClass().getSimpleName(), true);
        }
    }

    /**
     * Reads the banner until the port, then keeps draining stdout on the same thread: closing the
     * pipe would kill chromedriver with SIGPIPE the next time it printed.
     */
    private static OptionalInt readPort(ChildProcess p) {
        BufferedReader r = new BufferedReader(new InputStreamReader(p.process().getInputStream(), StandardCharsets.UTF_8));
        try {
            String line;
            while ((line = r.readLine()) != null) {
                Matcher m = STARTED.matcher(line);
                if (m.find()) {
                    int port = Integer.parseInt(m.group(1));
                    Thread drain = new Thread(() -> drain(r), "recbot-chromedriver-stdout");
                    drain.setDaemon(true);
                    drain.start();
                    return OptionalInt.of(port);
                }
            }
        } catch (IOException e) {
            log.debug("reading chromedriver's banner: {}", e.toString());
        }
        return OptionalInt.empty();
    }

    /**
     * The exit code and the last line chromedriver logged, for a start that failed: the run's
     * directory, and the log with it, may be gone by the time someone reads the error.
     */
    static String exitDetail(ChildProcess p, Path logFile) {
        StringBuilder b = new StringBuilder();
        try {
            if (p.process().waitFor(1, TimeUnit.SECONDS)) {
                b.append(" with code ").append(p.process().exitValue());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        try (Stream<String> lines = Files.lines(logFile, StandardCharsets.UTF_8)) {
            lines.filter(l -> !l.isBlank()).reduce((a, z) -> z)
                    .ifPresent(l -> b.append(": ").append(l.length() > 200 ? l.substring(0, 200) : l.strip()));
        } catch (IOException | java.io.UncheckedIOException e) {
            // No log: the code alone.
        }
        return b.toString();
    }

    private static void drain(BufferedReader r) {
        try (r) {
            while (r.readLine() != null) {
                // Nothing of interest after the banner; the log file has the rest.
            }
        } catch (IOException e) {
            // Ends with the process.
        }
    }

    /**
     * Loads and runs, once, the HTTP and JSON code that creating a WebDriver session needs, so
     * that the first session does not pay for class loading while the page is waiting.
     */
    public void warmUp() {
        HttpClient client = HttpClient.Factory.createDefault().createClient(LoopbackHttp.config(url));
        try {
            HttpResponse r = client.execute(new HttpRequest(HttpMethod.GET, "/status"));
            new org.openqa.selenium.json.Json().toType(org.openqa.selenium.remote.http.Contents.string(r), Map.class);
        } catch (RuntimeException e) {
            log.debug("chromedriver warm-up: {}", e.toString());
        } finally {
            client.close();
        }
    }

    public URL url() {
        return url;
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    /** chromedriver keeps no state worth a graceful exit: it is killed. */
    @Override
    public void close() {
        process.kill();
    }
}
