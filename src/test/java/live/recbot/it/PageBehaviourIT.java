package live.recbot.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;
import live.recbot.browser.PictureStamp;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A meeting app that does what recbot did not write (src/test/resources/pages): greets with a
 * dialog before it loads, opens a popup, asks alert, confirm and prompt, starts a download, prints,
 * navigates itself past a beforeunload handler, reloads, replaces its body and finally closes its
 * window. Each phase paints the page its own colour, so decoding the recording shows what covered
 * the meeting and when.
 */
class PageBehaviourIT {
    private static final Duration RUNNING = Duration.ofSeconds(60);
    private static final Duration EXIT = Duration.ofSeconds(60);
    /** Samples per second of recording decoded for its colour. */
    private static final int FPS = 10;
    /** Samples of the popup over the meeting, at most. */
    private static final int MAX_FOREIGN_RUN = 3;
    /**
     * A cross-document navigation paints the new page over a few frames; a dialog, a popup left
     * open or a restarted browser would cover the meeting for seconds.
     */
    private static final int MAX_TRANSITION_RUN = 8;
    private static final Map<String, int[]> COLOURS = new LinkedHashMap<>();

    static {
        COLOURS.put("green", new int[] {0, 192, 0});
        COLOURS.put("yellow", new int[] {255, 255, 0});
        COLOURS.put("blue", new int[] {0, 0, 255});
        COLOURS.put("cyan", new int[] {0, 255, 255});
        COLOURS.put("grey", new int[] {128, 128, 128});
        COLOURS.put("magenta", new int[] {255, 0, 255});
        COLOURS.put("orange", new int[] {255, 128, 0});
        COLOURS.put("wrong-answers", new int[] {128, 0, 0});
        COLOURS.put("teal", new int[] {0, 128, 128});
        COLOURS.put("popup", new int[] {255, 0, 0});
        COLOURS.put("black", new int[] {0, 0, 0});
    }

    private static HttpServer pages;

    @TempDir
    Path dir;

    @BeforeAll
    static void servePages() throws Exception {
        Path root = Path.of(PageBehaviourIT.class.getResource("/pages").toURI());
        pages = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 16);
        pages.createContext("/", exchange -> {
            try (exchange) {
                Path file = root.resolve(exchange.getRequestURI().getPath().substring(1)).normalize();
                if (!file.startsWith(root) || !Files.isRegularFile(file)) {
                    exchange.sendResponseHeaders(404, -1);
                    return;
                }
                byte[] body = Files.readAllBytes(file);
                exchange.getResponseHeaders().set("Content-Type", file.toString().endsWith(".html")
                        ? "text/html; charset=utf-8" : "application/octet-stream");
                exchange.getResponseHeaders().set("Cache-Control", "no-store");
                exchange.sendResponseHeaders(200, body.length);
                try (OutputStream out = exchange.getResponseBody()) {
                    out.write(body);
                }
            }
        });
        pages.start();
    }

    @AfterAll
    static void stopPages() {
        if (pages != null) {
            pages.stop(0);
        }
    }

    private static String base() {
        return "http://127.0.0.1:" + pages.getAddress().getPort() + "/";
    }

    @Test
    void whatTheMeetingPageDoesNeitherCoversNorBreaksTheRecordingAndItsCloseEndsTheSession() throws Exception {
        String token = "tok" + UUID.randomUUID().toString().replace("-", "");
        String key = "key-" + UUID.randomUUID().toString().replace("-", "");
        Path out = dir.resolve("out");
        Path status = dir.resolve("status.json");
        try (LocalIngest ingest = LocalIngest.start(dir.resolve("ingest"));
             // Secrets through the environment, as a deployment passes them: recbot's own command
             // line then holds none, and neither may any process it starts.
             RecbotRun run = RecbotRun.start(dir, Map.of("RECBOT_MEETING_URL", base() + "meeting.html?token=" + token,
                     "RECBOT_RTMP_URLS", ingest.rtmpUrl(key)), "run", "--record", "--resolution", "320x180",
                     "--output-dir", out.toString(), "--max-duration", "40s", "--status-file", status.toString())) {
            RecbotRun.awaitStatus(status, RUNNING, s -> s.at("/browserRecordingState/running").asBoolean());
            assertThat(commandLinesContaining(List.of(token, key))).as("command lines with a secret").isEmpty();

            assertThat(run.waitForExit(EXIT)).as(run.stderr()).isZero();
            JsonNode last = RecbotRun.json(status);
            assertThat(last.at("/endReason").asText()).isEqualTo("page-closed");
            assertThat(last.at("/browserRecordingState/error").isNull()).as(last.toString()).isTrue();
            assertThat(last.at("/rtmpStreamingState/error").isNull()).as(last.toString()).isTrue();

            String logs = run.stdout() + run.stderr();
            assertThat(logs).doesNotContain(token).doesNotContain(key).doesNotContain("navsecret0123456789")
                    .doesNotContain("browser lost").doesNotContain("unexpected alert");
            assertThat(logs).contains("opened a new window", "opened a alert dialog", "opened a confirm dialog",
                    "opened a prompt dialog", "navigated to " + base() + "next.html?***", "closed its window");

            List<String> colours = colours(PipelineIT.onlyRecording(out));
            assertPhasesInOrder(colours, List.of("green", "yellow", "cyan", "grey", "magenta", "orange"));
            assertThat(colours).as("the app saw other answers than accept and the default").doesNotContain("wrong-answers");
            assertThat(colours.stream().filter("popup"::equals).count()).as("samples with the popup over the meeting: "
                    + colours).isLessThanOrEqualTo(MAX_FOREIGN_RUN);
            assertThat(longestForeignRun(colours)).as("the longest run not showing the page: " + colours)
                    .isLessThanOrEqualTo(MAX_TRANSITION_RUN);
            assertThat(colours.get(colours.size() - 1)).as("the recording's end").isEqualTo("orange");
            assertThat(MediaProbe.of(ingest.recording(key)).video()).as("the stream").isPresent();

            assertThat(filesNamed(dir, "report.bin")).as("downloads saved").isEmpty();
            run.assertNothingLeftRunning();
        }
    }

    /**
     * recbot never gives a page the user activation Chromium requires before it shows a
     * {@code beforeunload} prompt or lets an element go full screen; a person at the bot's screen
     * could, and {@link UserGesture} stands in for one.
     */
    @Test
    void aPersonsGesturesPutATileFullScreenAndLeaveThePageAndThePromptNeverShows() throws Exception {
        Path out = dir.resolve("out");
        Path status = dir.resolve("status.json");
        try (RecbotRun run = RecbotRun.start(dir, "run", "--meeting-url", base() + "gesture.html", "--record",
                "--resolution", "320x180", "--output-dir", out.toString(), "--max-duration", "40s",
                "--status-file", status.toString())) {
            RecbotRun.awaitStatus(status, RUNNING, s -> s.at("/browserRecordingState/running").asBoolean());
            int port = org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(10))
                    .until(run::devToolsPort, java.util.OptionalInt::isPresent).getAsInt();
            assertThat(UserGesture.value(port, "String(document.fullscreenElement)"))
                    .as("full screen asked for without a gesture").isEqualTo("null");
            // One click: the tile goes full screen, and two seconds later the app leaves the page,
            // which by then has the activation its beforeunload prompt needs.
            UserGesture.run(port, "tileFullScreen(); setTimeout(leave, 2000)");

            assertThat(run.waitForExit(EXIT)).as(run.stderr()).isZero();
            JsonNode last = RecbotRun.json(status);
            assertThat(last.at("/endReason").asText()).isEqualTo("page-closed");
            String logs = run.stdout() + run.stderr();
            assertThat(logs).contains("opened a beforeunload dialog", "navigated to " + base() + "next.html?***")
                    .doesNotContain("navsecret0123456789").doesNotContain("browser lost");
            List<String> colours = colours(PipelineIT.onlyRecording(out));
            assertPhasesInOrder(colours, List.of("green", "teal", "magenta", "orange"));
            assertThat(longestForeignRun(colours)).as("the longest run not showing the page: " + colours)
                    .isLessThanOrEqualTo(MAX_TRANSITION_RUN);
            run.assertNothingLeftRunning();
        }
    }

    /**
     * recbot draws its picture stamp in the page's top document only: a frame the app adds while it
     * is recorded (a chat, a whiteboard) shows its own content down to its last row, with no strip
     * of recbot's at its bottom left, where a stamp drawn in the frame would lie.
     */
    @Test
    void aFrameThePageAddsShowsNoStampOfItsOwn() throws Exception {
        Path out = dir.resolve("out");
        try (RecbotRun run = RecbotRun.start(dir, "run", "--meeting-url", base() + "framed.html", "--record",
                "--resolution", "320x180", "--output-dir", out.toString(), "--max-duration", "5s", "--no-progress")) {
            assertThat(run.waitForExit(EXIT)).as(run.stderr()).isZero();
            run.assertNothingLeftRunning();
        }
        Path raw = dir.resolve("last.rgb");
        // The last second's picture: the frame over the top 90 rows, a magenta square in its middle,
        // and the rest cyan, the page's colour and the frame's, so that no edge blurs the rows looked at.
        MediaProbe.Result r = MediaProbe.run(List.of("ffmpeg", "-nostdin", "-v", "error", "-sseof", "-1",
                "-i", PipelineIT.onlyRecording(out).toString(), "-an", "-frames:v", "1", "-f", "rawvideo",
                "-pix_fmt", "rgb24", "-y", raw.toString()));
        assertThat(r.exit()).as(r.stderr()).isZero();
        byte[] px = Files.readAllBytes(raw);
        assertThat(px).hasSize(320 * 180 * 3);
        assertThat(nearest(pixel(px, 160, 45))).as("the frame's square").isEqualTo("magenta");
        assertThat(nearest(pixel(px, 160, 150))).as("the page below it").isEqualTo("cyan");
        List<String> frameBottom = new ArrayList<>();
        for (int y = 86; y < 90; y++) {
            for (int x = 0; x < PictureStamp.BITS * PictureStamp.blockWidth(320); x++) {
                String c = nearest(pixel(px, x, y));
                if (!c.equals("cyan")) {
                    frameBottom.add(x + "," + y + ": " + c);
                }
            }
        }
        assertThat(frameBottom).as("pixels of the frame's bottom left rows that are not the frame's").isEmpty();
    }

    private static int[] pixel(byte[] rgb, int x, int y) {
        int i = (y * 320 + x) * 3;
        return new int[] {rgb[i] & 0xff, rgb[i + 1] & 0xff, rgb[i + 2] & 0xff};
    }

    /** Processes of anyone on this host whose command line contains one of {@code secrets}. */
    private static List<String> commandLinesContaining(List<String> secrets) throws IOException {
        List<String> found = new ArrayList<>();
        try (Stream<Path> procs = Files.list(Path.of("/proc"))) {
            for (Path p : procs.filter(p -> p.getFileName().toString().matches("\\d+")).toList()) {
                String cmd;
                try {
                    cmd = new String(Files.readAllBytes(p.resolve("cmdline")), StandardCharsets.UTF_8).replace('\0', ' ');
                } catch (IOException e) {
                    continue; // Ended while being looked at.
                }
                if (secrets.stream().anyMatch(cmd::contains)) {
                    found.add(p.getFileName() + " " + cmd);
                }
            }
        }
        return found;
    }

    private static List<Path> filesNamed(Path root, String name) throws IOException {
        try (Stream<Path> files = Files.walk(root)) {
            return files.filter(f -> f.getFileName().toString().startsWith(name)).toList();
        }
    }

    /** The recording's picture, {@link #FPS} times a second, each named by its nearest page colour. */
    private static List<String> colours(Path file) throws IOException, InterruptedException {
        Path raw = file.resolveSibling("colours.rgb");
        MediaProbe.Result r = MediaProbe.run(List.of("ffmpeg", "-nostdin", "-v", "error", "-i", file.toString(), "-an",
                "-vf", "fps=" + FPS + ",scale=2:2:flags=area,format=rgb24", "-f", "rawvideo", "-y", raw.toString()));
        assertThat(r.exit()).as(r.stderr()).isZero();
        byte[] px = Files.readAllBytes(raw);
        Files.delete(raw);
        List<String> names = new ArrayList<>();
        for (int i = 0; i + 12 <= px.length; i += 12) {
            int[] mean = new int[3];
            for (int c = 0; c < 3; c++) {
                for (int p = 0; p < 4; p++) {
                    mean[c] += px[i + p * 3 + c] & 0xff;
                }
                mean[c] /= 4;
            }
            names.add(nearest(mean));
        }
        return names;
    }

    private static String nearest(int[] rgb) {
        for (Map.Entry<String, int[]> e : COLOURS.entrySet()) {
            int[] c = e.getValue();
            if (Math.abs(c[0] - rgb[0]) <= 40 && Math.abs(c[1] - rgb[1]) <= 40 && Math.abs(c[2] - rgb[2]) <= 40) {
                return e.getKey();
            }
        }
        return "other(" + rgb[0] + "," + rgb[1] + "," + rgb[2] + ")";
    }

    private static void assertPhasesInOrder(List<String> colours, List<String> phases) {
        int at = 0;
        for (String phase : phases) {
            int found = colours.subList(at, colours.size()).indexOf(phase);
            assertThat(found).as("phase " + phase + " after sample " + at + " in " + colours).isNotNegative();
            at += found;
        }
    }

    /** The longest run of samples that show no colour the meeting page paints itself. */
    private static int longestForeignRun(List<String> colours) {
        List<String> own = List.of("green", "yellow", "blue", "cyan", "grey", "magenta", "orange", "teal");
        int longest = 0;
        int run = 0;
        for (String c : colours) {
            run = own.contains(c) ? 0 : run + 1;
            longest = Math.max(longest, run);
        }
        return longest;
    }
}
