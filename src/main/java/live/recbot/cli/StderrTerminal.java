package live.recbot.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/** Whether this process's stderr is a terminal that understands a line redrawn in place, and how wide it is. */
final class StderrTerminal {
    static final int DEFAULT_WIDTH = 80;
    private static final Path STDERR = Path.of("/proc/self/fd/2");

    private StderrTerminal() {
    }

    /**
     * The terminal device stderr writes to, if it is one: {@link System#console()} is null as soon
     * as stdin or stdout is redirected, whatever stderr is, so the link Linux keeps for file
     * descriptor 2 is read instead.
     */
    static Optional<Path> device() {
        try {
            Path target = Files.readSymbolicLink(STDERR);
            return isTerminalDevice(target.toString()) ? Optional.of(target) : Optional.empty();
        } catch (IOException | UnsupportedOperationException | SecurityException e) {
            return Optional.empty();
        }
    }

    static boolean isTerminalDevice(String path) {
        return path.startsWith("/dev/pts/") || path.matches("/dev/tty[A-Za-z0-9]*");
    }

    /** A terminal with cursor movement: TERM unset (no terminal emulator set it) or dumb has none. */
    static boolean redrawable(Map<String, String> env) {
        String term = env.get("TERM");
        return term != null && !term.isBlank() && !term.equals("dumb");
    }

    /** The device's columns as {@code stty} reports them, else COLUMNS, else 80. */
    static int width(Path device, Map<String, String> env) {
        return sttyColumns(device).orElseGet(() -> columns(env.get("COLUMNS")).orElse(DEFAULT_WIDTH));
    }

    private static Optional<Integer> sttyColumns(Path device) {
        try {
            Process stty = new ProcessBuilder("stty", "-F", device.toString(), "size")
                    .redirectError(ProcessBuilder.Redirect.DISCARD)
                    .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null"))).start();
            try {
                if (!stty.waitFor(2, TimeUnit.SECONDS)) {
                    return Optional.empty();
                }
                String out = new String(stty.getInputStream().readAllBytes(), StandardCharsets.US_ASCII).trim();
                String[] rowsCols = out.split("\\s+");
                return stty.exitValue() == 0 && rowsCols.length == 2 ? columns(rowsCols[1]) : Optional.empty();
            } finally {
                stty.destroyForcibly();
            }
        } catch (IOException e) {
            return Optional.empty();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.empty();
        }
    }

    /** A positive column count; a terminal whose size was never set reports 0. */
    static Optional<Integer> columns(String text) {
        if (text == null || !text.matches("\\d{1,4}")) {
            return Optional.empty();
        }
        int n = Integer.parseInt(text);
        return n > 0 ? Optional.of(n) : Optional.empty();
    }
}
