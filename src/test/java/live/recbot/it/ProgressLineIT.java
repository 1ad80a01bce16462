package live.recbot.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import live.recbot.testpage.TestPageServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code recbot run} in a pseudo-terminal, read back byte for byte: one progress line redrawn in
 * place, log lines on lines of their own; with stderr redirected, plain log lines and no line.
 */
class ProgressLineIT {
    private static final Duration EXIT = Duration.ofSeconds(90);
    /** A terminal that redraws, wide enough that nothing is cut ({@code script}'s terminal has no size). */
    private static final Map<String, String> TERMINAL = Map.of("TERM", "xterm", "COLUMNS", "200");
    /** One draw: back to the line's start, the line, erase to its end; never a line break inside. */
    private static final Pattern DRAW = Pattern.compile(
            "\r(\\d+):(\\d\\d):(\\d\\d)  ([0-9.]+|-) fps  (\\d+|-) kbit/s  A/V ([^\r\n\033]*)\033\\[K");
    private static final Pattern LOG_LINE = Pattern.compile("\\d\\d:\\d\\d:\\d\\d\\.\\d{3} (INFO|WARN|ERROR) ");
    private static final String ERASE = "\r\033[K";

    @TempDir
    Path dir;

    private record Draw(int start, int end, long elapsed, double fps, long kbits, String rest) {
    }

    @Test
    void aTerminalShowsOneLineRedrawnInPlaceAndRedirectedStderrGetsPlainLines() throws Exception {
        try (TestPageServer page = TestPageServer.start(0);
             LocalIngest ingest = LocalIngest.start(dir.resolve("ingest"))) {
            Path tty = Files.createDirectories(dir.resolve("tty"));
            try (RecbotRun run = RecbotRun.startInTerminal(tty, TERMINAL, false, "run", "--meeting-url",
                    page.url().toString(), "--record", "--rtmp-url", ingest.rtmpUrl("progress"), "--resolution", "256x144",
                    "--max-duration", "5s", "--output-dir", tty.resolve("out").toString())) {
                assertThat(run.waitForExit(EXIT)).as(run.stdout()).isZero();
                String screen = run.stdout();
                List<Draw> draws = draws(screen);

                assertThat(draws).as(screen).hasSizeGreaterThanOrEqualTo(4);
                assertThat(draws).extracting(Draw::elapsed).as("elapsed seconds, draw after draw").isSorted();
                assertThat(draws.stream().map(Draw::elapsed).distinct().count()).isGreaterThanOrEqualTo(3);
                assertThat(draws).as("a draw while recording and streaming").anySatisfy(d -> {
                    assertThat(d.fps()).isPositive();
                    assertThat(d.kbits()).isPositive();
                    assertThat(d.rest()).matches("\\d+ ms  file up  rtmp-0 up");
                });
                // Each draw is followed by the next draw or by the erase that precedes other text.
                for (Draw d : draws) {
                    assertThat(d.end() == screen.length() || screen.charAt(d.end()) == '\r')
                            .as("what follows the draw at %d: %s", d.start(), excerpt(screen, d.end())).isTrue();
                }
                assertThat(screen.indexOf(ERASE, draws.get(draws.size() - 1).end())).as("the last line erased")
                        .isPositive();
                Matcher log = LOG_LINE.matcher(screen);
                int logLines = 0;
                while (log.find()) {
                    String before = screen.substring(0, log.start());
                    assertThat(before.endsWith("\n") || before.endsWith(ERASE))
                            .as("a log line starts its own line: %s", excerpt(screen, log.start())).isTrue();
                    logLines++;
                }
                assertThat(logLines).as("output started, finished, session ended...").isGreaterThanOrEqualTo(3);
            }

            Path redirected = Files.createDirectories(dir.resolve("redirected"));
            try (RecbotRun run = RecbotRun.startInTerminal(redirected, TERMINAL, true, "run", "--meeting-url",
                    page.url().toString(), "--record", "--resolution", "256x144", "--max-duration", "2s",
                    "--output-dir", redirected.resolve("out").toString())) {
                assertThat(run.waitForExit(EXIT)).as(run.stderr()).isZero();
                assertThat(run.stderr()).contains("INFO").contains("session ended").doesNotContain("\r")
                        .doesNotContain("\033");
                assertThat(run.stdout()).as("the terminal, still recbot's stdout").doesNotContain(" fps ");
            }
        }
    }

    private static List<Draw> draws(String screen) {
        List<Draw> draws = new ArrayList<>();
        Matcher m = DRAW.matcher(screen);
        while (m.find()) {
            long elapsed = Long.parseLong(m.group(1)) * 3600 + Long.parseLong(m.group(2)) * 60
                    + Long.parseLong(m.group(3));
            double fps = m.group(4).equals("-") ? -1 : Double.parseDouble(m.group(4));
            long kbits = m.group(5).equals("-") ? -1 : Long.parseLong(m.group(5));
            draws.add(new Draw(m.start(), m.end(), elapsed, fps, kbits, m.group(6)));
        }
        return draws;
    }

    private static String excerpt(String screen, int at) {
        return screen.substring(Math.max(0, at - 60), Math.min(screen.length(), at + 60))
                .replace("\r", "\\r").replace("\n", "\\n").replace("\033", "\\e");
    }
}
