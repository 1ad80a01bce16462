package live.recbot.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Text written to stderr and the progress line never share a line. */
class ProgressConsoleTest {
    private final ByteArrayOutputStream screen = new ByteArrayOutputStream();
    private final ProgressConsole console = new ProgressConsole(new PrintStream(screen, true, StandardCharsets.UTF_8),
            StandardCharsets.UTF_8);
    private final PrintStream err = new PrintStream(console, true, StandardCharsets.UTF_8);

    private String screen() {
        return screen.toString(StandardCharsets.UTF_8);
    }

    @Test
    void aLogLineErasesTheLineWhichIsDrawnAgainBelowIt() {
        console.show("0:00:01  30.0 fps");
        console.show("0:00:02  29.9 fps");
        err.print("12:00:00.000 INFO  X - output file started\n");
        console.show("0:00:03  30.0 fps");
        console.end();

        assertThat(screen()).isEqualTo("\r0:00:01  30.0 fps\033[K" + "\r0:00:02  29.9 fps\033[K"
                + "\r\033[K" + "12:00:00.000 INFO  X - output file started\n" + "\r0:00:02  29.9 fps\033[K"
                + "\r0:00:03  30.0 fps\033[K" + "\r\033[K");
    }

    @Test
    void textWrittenInPiecesIsNotInterrupted() {
        console.show("line 1");
        err.print("recbot: session failed: ");
        console.show("line 2");
        err.println("page-unreachable");
        console.end();
        console.show("line 3");
        err.println("session ended");

        assertThat(screen()).isEqualTo("\rline 1\033[K" + "\r\033[K" + "recbot: session failed: " + "page-unreachable\n"
                + "\rline 2\033[K" + "\r\033[K" + "session ended\n");
    }

    @Test
    void onlyATerminalWithCursorMovementThatWasNotOptedOutOfGetsALine() {
        Map<String, String> xterm = Map.of("TERM", "xterm-256color");
        assertThat(ProgressLine.wanted(false, false, true, xterm)).isTrue();
        assertThat(ProgressLine.wanted(true, false, true, xterm)).as("--no-progress").isFalse();
        assertThat(ProgressLine.wanted(false, true, true, xterm)).as("--log-format json").isFalse();
        assertThat(ProgressLine.wanted(false, false, false, xterm)).as("stderr redirected").isFalse();
        assertThat(ProgressLine.wanted(false, false, true, Map.of("TERM", "dumb"))).isFalse();
        assertThat(ProgressLine.wanted(false, false, true, Map.of())).isFalse();
    }

    @Test
    void terminalDevicesAndWidths() {
        assertThat(StderrTerminal.isTerminalDevice("/dev/pts/3")).isTrue();
        assertThat(StderrTerminal.isTerminalDevice("/dev/tty1")).isTrue();
        assertThat(StderrTerminal.isTerminalDevice("/dev/null")).isFalse();
        assertThat(StderrTerminal.isTerminalDevice("/tmp/run/stderr.txt")).isFalse();
        assertThat(StderrTerminal.isTerminalDevice("pipe:[123456]")).isFalse();
        assertThat(StderrTerminal.columns("132")).contains(132);
        assertThat(StderrTerminal.columns("0")).isEmpty();
        assertThat(StderrTerminal.columns("wide")).isEmpty();
        assertThat(StderrTerminal.width(java.nio.file.Path.of("/dev/null"), Map.of("COLUMNS", "100"))).isEqualTo(100);
        assertThat(StderrTerminal.width(java.nio.file.Path.of("/dev/null"), Map.of())).isEqualTo(80);
    }
}
