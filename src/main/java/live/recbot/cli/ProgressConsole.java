package live.recbot.cli;

import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;

/**
 * Stderr while a progress line is shown: everything else written there (log lines, which
 * Logback's console appender writes through {@link System#err} as it is at each write, and
 * recbot's own messages) first erases the line, and the line is drawn again below it once the
 * text ends its line. One lock orders the two, so a log line never lands inside the progress line.
 */
final class ProgressConsole extends OutputStream {
    /** Back to the line's start, then erase to its end. */
    private static final byte[] ERASE = "\r\033[K".getBytes(StandardCharsets.US_ASCII);

    private final PrintStream terminal;
    private final Charset charset;
    private byte[] line;
    private boolean drawn;
    private boolean atLineStart = true;
    private boolean closed;

    ProgressConsole(PrintStream terminal, Charset charset) {
        this.terminal = terminal;
        this.charset = charset;
    }

    /** Puts a console in front of the current {@link System#err}; {@link #uninstall} puts it back. */
    static ProgressConsole install() {
        PrintStream original = System.err;
        // What the JVM encodes System.err with when it is not told otherwise.
        String name = System.getProperty("sun.stderr.encoding");
        Charset charset = name != null && Charset.isSupported(name) ? Charset.forName(name) : Charset.defaultCharset();
        ProgressConsole console = new ProgressConsole(original, charset);
        System.setErr(new PrintStream(console, true, charset));
        return console;
    }

    @Override
    public void write(int b) {
        write(new byte[] {(byte) b}, 0, 1);
    }

    @Override
    public synchronized void write(byte[] b, int off, int len) {
        if (len == 0) {
            return;
        }
        if (drawn) {
            terminal.write(ERASE, 0, ERASE.length);
            drawn = false;
        }
        terminal.write(b, off, len);
        atLineStart = b[off + len - 1] == '\n';
        if (atLineStart && line != null) {
            draw();
        }
        terminal.flush();
    }

    @Override
    public synchronized void flush() {
        terminal.flush();
    }

    /** Draws {@code text} in place of the line shown; while other text is mid-line, at the end of it. */
    synchronized void show(String text) {
        if (closed) {
            return;
        }
        line = ("\r" + text + "\033[K").getBytes(charset);
        if (atLineStart) {
            draw();
            terminal.flush();
        }
    }

    private void draw() {
        terminal.write(line, 0, line.length);
        drawn = true;
    }

    /** Erases the line for good: nothing is drawn after. */
    synchronized void end() {
        if (drawn) {
            terminal.write(ERASE, 0, ERASE.length);
            terminal.flush();
            drawn = false;
        }
        line = null;
        closed = true;
    }

    /** Ends the line and gives stderr back to the stream {@link #install} put this console in front of. */
    void uninstall() {
        end();
        System.setErr(terminal);
    }
}
