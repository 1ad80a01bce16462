package live.recbot.bench;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * The A/V pages of every kind (src/test/resources/avpages, and the bundled canvas page) in one
 * directory with the clip the {@code <video>} page plays, served by a plain static file server on
 * the loopback: files as they are, no server logic, as any web server would serve a meeting app.
 */
public final class AvPages implements AutoCloseable {
    /**
     * A page kind: its name in benchmark variants and reports, its path and query, whether it
     * plays the marker clip (whose own A/V offset is then the reference), and whether every media
     * element it plays audibly plays a WebRTC stream, so that recbot follows the receiver's own A/V
     * (docs/architecture.md, record 25).
     */
    public record Kind(String name, String path, boolean playsClip, boolean streamsOnly) {
    }

    public static final Kind CANVAS = new Kind("canvas", "canvas.html", false, false);
    public static final Kind VIDEO = new Kind("video", "video.html", true, false);
    public static final Kind WEBRTC = new Kind("webrtc", "webrtc.html", false, true);
    public static final Kind WEBRTC_AUDIO = new Kind("webrtc-audio", "webrtc.html?audio=element", false, true);
    /** The sound in a {@code new Audio()} that is never put in the document. */
    public static final Kind WEBRTC_DETACHED = new Kind("webrtc-detached", "webrtc.html?audio=detached", false, true);
    /** The clip's {@code <video>} inside a web component's closed shadow root. */
    public static final Kind VIDEO_SHADOW = new Kind("video-shadow", "video.html?tile=shadow", true, false);
    /** The clip as the main tile, beside a WebRTC participant heard through its tile and a canvas. */
    public static final Kind MIXED = new Kind("mixed", "mixed.html", true, false);
    /** Canvas and WebAudio markers as the main tile, beside the same WebRTC participant and canvas. */
    public static final Kind MIXED_CANVAS = new Kind("mixed-canvas", "mixed.html?markers=canvas", false, true);
    public static final List<Kind> KINDS = List.of(CANVAS, VIDEO, VIDEO_SHADOW, WEBRTC, WEBRTC_AUDIO, WEBRTC_DETACHED,
            MIXED, MIXED_CANVAS);
    private static final List<String> FILES = List.of("video.html", "webrtc.html", "mixed.html", "markers.js", "probe.js");
    private static final Map<String, String> TYPES = Map.of("html", "text/html; charset=utf-8",
            "js", "text/javascript", "webm", "video/webm");

    private final HttpServer server;
    private final ExecutorService handlers;

    private AvPages(HttpServer server, ExecutorService handlers) {
        this.server = server;
        this.handlers = handlers;
    }

    /** Fills {@code dir} (the clip {@code clipSeconds} long, made once; none when 0) and serves it. */
    public static AvPages serve(Path dir, int clipSeconds) throws IOException, InterruptedException {
        Files.createDirectories(dir);
        for (String f : FILES) {
            copy("/avpages/" + f, dir.resolve(f));
        }
        copy("/testpage/index.html", dir.resolve(CANVAS.path()));
        if (clipSeconds > 0) {
            MarkerClip.make(dir, clipSeconds);
        }
        Path root = dir.toAbsolutePath().normalize();
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 16);
        server.createContext("/", exchange -> {
            try (exchange) {
                Path file = root.resolve(exchange.getRequestURI().getPath().substring(1)).normalize();
                if (!file.startsWith(root) || !Files.isRegularFile(file)) {
                    exchange.sendResponseHeaders(404, -1);
                    return;
                }
                String name = file.getFileName().toString();
                String type = TYPES.getOrDefault(name.substring(name.lastIndexOf('.') + 1), "application/octet-stream");
                exchange.getResponseHeaders().set("Content-Type", type);
                exchange.sendResponseHeaders(200, Files.size(file));
                try (OutputStream out = exchange.getResponseBody()) {
                    Files.copy(file, out);
                }
            } catch (IOException e) {
                // The browser closed the connection (a media element reading only what it needs).
            }
        });
        // A media element holds its request while it reads the clip: pages served at once need threads of their own.
        ExecutorService handlers = Executors.newFixedThreadPool(8);
        server.setExecutor(handlers);
        server.start();
        return new AvPages(server, handlers);
    }

    /** The URL of a page kind, with {@code query} (such as {@code endAfter=12}) added. */
    public String url(Kind kind, String query) {
        String sep = kind.path().contains("?") ? "&" : "?";
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/" + kind.path()
                + (query.isEmpty() ? "" : sep + query);
    }

    private static void copy(String resource, Path to) throws IOException {
        try (InputStream in = AvPages.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IOException("resource " + resource + " missing");
            }
            Files.copy(in, to, StandardCopyOption.REPLACE_EXISTING);
        }
    }

    @Override
    public void close() {
        server.stop(0);
        handlers.shutdownNow();
    }
}
