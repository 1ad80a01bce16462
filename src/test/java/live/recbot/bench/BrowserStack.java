package live.recbot.bench;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import live.recbot.browser.Chromedriver;
import live.recbot.browser.ChromiumBrowser;
import live.recbot.browser.PulseAudioServer;
import live.recbot.browser.XvfbDisplay;
import live.recbot.config.HMSResolution;

/**
 * The ffmpeg-per-bot baseline's browser: the same Xvfb, PulseAudio and Chromium set-up that recbot
 * uses (recbot's own classes, so both sides show the same page the same way), in a process of its
 * own so that its JVM is not counted as capture work. Prints {@code READY <display> <pulse server>
 * <monitor source>} once the page has loaded, then holds everything until its stdin closes or it
 * gets SIGTERM.
 *
 * <p>Usage: {@code BrowserStack WIDTHxHEIGHT URL RUN_DIR}
 */
public final class BrowserStack {
    private BrowserStack() {
    }

    public static void main(String[] args) throws Exception {
        HMSResolution size = HMSResolution.parse("resolution", args[0]);
        URI url = URI.create(args[1]);
        // PulseAudio refuses a relative home directory.
        Path runDir = Files.createDirectories(Path.of(args[2]).toAbsolutePath());
        CountDownLatch closed = new CountDownLatch(1);
        CountDownLatch released = new CountDownLatch(1);
        // On SIGTERM the JVM waits for this hook, and the hook waits until the stack is closed.
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            closed.countDown();
            try {
                released.await(15, java.util.concurrent.TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }));
        try (XvfbDisplay display = XvfbDisplay.start(size, runDir);
             PulseAudioServer audio = PulseAudioServer.start(runDir);
             ChromiumBrowser browser = ChromiumBrowser.open(new ChromiumBrowser.Spec(size, display, audio,
                     Files.createDirectories(runDir.resolve("browser")), "false", Duration.ofSeconds(30),
                     live.recbot.core.HostPolicy.ANY, true), url,
                     () -> Chromedriver.start(runDir.resolve("browser")), () -> false)
                     .orElseThrow(() -> new IllegalStateException("the page did not load"))) {
            System.out.println("READY " + display.name() + " " + audio.serverAddress() + " " + audio.monitorSource());
            System.out.flush();
            Thread stdin = new Thread(() -> {
                try {
                    while (System.in.read() >= 0) {
                        // Only the end of input matters.
                    }
                } catch (java.io.IOException e) {
                    // Treated as the end of input.
                }
                closed.countDown();
            });
            stdin.setDaemon(true);
            stdin.start();
            closed.await();
        } finally {
            // The stack's directory is a session's: a folder its helpers got outside it goes too.
            Path helperTmp = live.recbot.proc.HelperTmpDir.of(runDir);
            if (!helperTmp.startsWith(runDir)) {
                Bench.deleteTree(helperTmp);
            }
            released.countDown();
        }
    }
}
