package live.recbot.browser;

import live.recbot.core.ErrorCode;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import live.recbot.config.HMSResolution;
import live.recbot.proc.ChildProcess;

/**
 * A private X server for one session, as large as the browser window (the picture and the
 * {@link PictureStamp} strip below it) and one pixel more each way. Xvfb picks a free display
 * number itself (-displayfd), so sessions side by side never collide.
 */
public final class XvfbDisplay implements AutoCloseable {
    private static final org.slf4j.Logger log = org.slf4j.LoggerFactory.getLogger(XvfbDisplay.class);
    public static final String XVFB = "/usr/bin/Xvfb";
    private static final Duration START_TIMEOUT = Duration.ofSeconds(15);

    private final ChildProcess process;
    private final int number;

    private XvfbDisplay(ChildProcess process, int number) {
        this.process = process;
        this.number = number;
    }

    /** Starts an X server and waits until it accepts connections. */
    public static XvfbDisplay start(HMSResolution size, Path runDir) throws BrowserException {
        return spawn(size, runDir).awaitUp();
    }

    /**
     * Starts an X server and returns at once; {@link Starting#awaitUp} waits until it accepts
     * connections, about 0.15 s later.
     */
    public static Starting spawn(HMSResolution size, Path runDir) throws BrowserException {
        if (!Files.isExecutable(Path.of(XVFB))) {
            throw BrowserException.host(ErrorCode.XVFB_MISSING, XVFB + " is not installed (run scripts/setup)");
        }
        // Chromium shrinks a window that would fill the whole screen by a pixel each way, which
        // would leave the picture's right column and bottom row black.
        String screen = (size.width() + 1) + "x" + (PictureStamp.windowHeight(size.height()) + 1) + "x24";
        try {
            ChildProcess p = ChildProcess.start("Xvfb", List.of(XVFB, "-displayfd", "1", "-screen", "0",
                            screen, "-nolisten", "tcp", "-noreset",
                            "-dpi", "96", "+extension", "RANDR",
                            // Nothing renders through OpenGL (Chromium runs without a GPU), and
                            // loading Mesa for GLX takes half of Xvfb's start-up.
                            "-extension", "GLX"),
                    Map.of(ChildProcess.SESSION_ENV, runDir.toString()), runDir.resolve("xvfb.log"),
                    ProcessBuilder.Redirect.PIPE);
            return new Starting(p, runDir);
        } catch (IOException e) {
            throw BrowserException.host(ErrorCode.XVFB_FAILED, "Xvfb did not start: " + e.getMessage());
        }
    }

    /** An X server that has been started and has not yet said which display it serves. */
    public static final class Starting {
        private final ChildProcess process;
        private final Path runDir;

        private Starting(ChildProcess process, Path runDir) {
            this.process = process;
            this.runDir = runDir;
        }

        /** Waits until the server accepts connections; stops it if it does not within the timeout. */
        public XvfbDisplay awaitUp() throws BrowserException {
            // Xvfb writes the display number once it accepts connections.
            CompletableFuture<String> line = CompletableFuture.supplyAsync(() -> {
                try (BufferedReader r = new BufferedReader(new InputStreamReader(
                        process.process().getInputStream(), StandardCharsets.US_ASCII))) {
                    return r.readLine();
                } catch (IOException e) {
                    return null;
                }
            });
            try {
                String n = line.get(START_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
                if (n == null || !n.trim().matches("\\d+")) {
                    throw BrowserException.host(ErrorCode.XVFB_FAILED, "Xvfb did not start; "
                            + BrowserException.seeLog(runDir.resolve("xvfb.log")));
                }
                log.debug("X display :{} up", n.trim());
                return new XvfbDisplay(process, Integer.parseInt(n.trim()));
            } catch (BrowserException e) {
                process.close();
                throw e;
            } catch (Exception e) {
                process.close();
                if (e instanceof InterruptedException) {
                    Thread.currentThread().interrupt();
                }
                throw BrowserException.host(ErrorCode.XVFB_FAILED, "Xvfb did not start within " + START_TIMEOUT.toSeconds()
                        + " s: " + e.getClass().getSimpleName());
            }
        }
    }

    /** ":N", the value for DISPLAY. */
    public String name() {
        return ":" + number;
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    @Override
    public void close() {
        process.close();
    }
}
