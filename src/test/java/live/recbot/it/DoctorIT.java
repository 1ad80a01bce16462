package live.recbot.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code scripts/recbot doctor} on this machine, which scripts/setup has set up: every check passes.
 * A host without fonts, or without fontconfig's fc-list, fails the fonts row with its fix and exit 1,
 * and scripts/setup, which ends with the doctor, fails with it.
 */
class DoctorIT {
    private static final List<String> CHECKS = List.of("Chromium", "chromedriver", "Xvfb", "PulseAudio", "FFmpeg",
            "libyuv", "/dev/shm", "output dir", "sandbox", "fonts");
    private static final Duration TIMEOUT = Duration.ofSeconds(60);

    @TempDir
    Path dir;

    @Test
    void everyCheckPassesOnThisMachine() throws Exception {
        Path out = dir.resolve("out");
        try (RecbotRun run = RecbotRun.start(dir, "doctor", "--output-dir", out.toString())) {
            assertThat(run.waitForExit(TIMEOUT)).as(run.stdout() + run.stderr()).isZero();
            Map<String, String> rows = rows(run.stdout());
            assertThat(rows.keySet()).containsExactlyElementsOf(CHECKS);
            assertThat(rows).as(run.stdout()).allSatisfy((check, result) -> assertThat(result).isEqualTo("PASS"));
            assertThat(run.stdout()).endsWith("all " + CHECKS.size() + " checks passed\n").doesNotContain("fix:");
            assertThat(run.stdout()).contains(out + ": ");
            assertThat(run.stderr()).isEmpty();
            assertThat(out).as("the doctor creates nothing").doesNotExist();
        }
    }

    /** Fontconfig reads FONTCONFIG_FILE for fc-list as for Chromium: a configuration without font folders has no fonts. */
    @Test
    void withoutFontsTheFontsRowFailsWithTheFixAndTheDoctorExitsOne() throws Exception {
        try (RecbotRun run = RecbotRun.start(dir, Map.of("FONTCONFIG_FILE", emptyFontConfig().toString()), "doctor")) {
            assertThat(run.waitForExit(TIMEOUT)).as(run.stdout() + run.stderr()).isEqualTo(1);
            assertOnlyFontsFailed(run.stdout(), "fix: apt-get install fonts-dejavu-core fonts-liberation");
            assertThat(run.stdout()).contains("no DejaVu or Liberation font among 0 font families");
        }
    }

    @Test
    void withoutFcListOnThePathTheFixIsFontconfig() throws Exception {
        // What the launcher itself runs through PATH, and nothing else: no fc-list.
        Path bin = Files.createDirectories(dir.resolve("bin"));
        for (String tool : List.of("bash", "dirname", "find", "grep", "df", "tail", "tr", "java")) {
            Files.createSymbolicLink(bin.resolve(tool), onPath(tool));
        }
        try (RecbotRun run = RecbotRun.start(dir, Map.of("PATH", bin.toString()), "doctor")) {
            assertThat(run.waitForExit(TIMEOUT)).as(run.stdout() + run.stderr()).isEqualTo(1);
            assertOnlyFontsFailed(run.stdout(), "fix: apt-get install fontconfig");
            assertThat(run.stdout()).contains("fc-list: not found");
        }
    }

    @Test
    void setupEndsWithTheDoctorAndExitsWithItsCode() throws Exception {
        Process ok = setup(Map.of());
        assertThat(ok.waitFor(TIMEOUT.toSeconds(), TimeUnit.SECONDS)).isTrue();
        String okOut = RecbotRun.read(dir.resolve("setup.txt"));
        assertThat(ok.exitValue()).as(okOut).isZero();
        assertThat(okOut).contains("setup: ok (all)\nCHECK ").endsWith("all " + CHECKS.size() + " checks passed\n");

        Process failing = setup(Map.of("FONTCONFIG_FILE", emptyFontConfig().toString()));
        assertThat(failing.waitFor(TIMEOUT.toSeconds(), TimeUnit.SECONDS)).isTrue();
        String failingOut = RecbotRun.read(dir.resolve("setup.txt"));
        assertThat(failing.exitValue()).as(failingOut).isEqualTo(1);
        assertThat(failingOut).endsWith("1 of " + CHECKS.size() + " checks failed\n");
    }

    private Process setup(Map<String, String> env) throws IOException {
        Path script = Path.of(System.getProperty("recbot.root", ".")).resolve("scripts/setup");
        ProcessBuilder pb = new ProcessBuilder(script.toString()).redirectErrorStream(true)
                .redirectOutput(dir.resolve("setup.txt").toFile())
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
        pb.environment().keySet().removeIf(k -> k.startsWith("RECBOT_"));
        pb.environment().putAll(env);
        pb.environment().put("RECBOT_JAVA_OPTS", "-Djava.io.tmpdir=" + Files.createDirectories(dir.resolve("tmp")));
        return pb.start();
    }

    private Path emptyFontConfig() throws IOException {
        return Files.writeString(dir.resolve("fonts.conf"),
                "<?xml version=\"1.0\"?>\n<fontconfig><cachedir>" + dir + "</cachedir></fontconfig>\n");
    }

    private static void assertOnlyFontsFailed(String stdout, String fix) {
        Map<String, String> rows = rows(stdout);
        assertThat(rows.keySet()).containsExactlyElementsOf(CHECKS);
        rows.forEach((check, result) -> assertThat(result).as(check + " in\n" + stdout)
                .isEqualTo(check.equals("fonts") ? "FAIL" : "PASS"));
        assertThat(stdout).contains(fix).endsWith("1 of " + CHECKS.size() + " checks failed\n");
    }

    /** Check name to PASS or FAIL, read at the header's RESULT column; a fix line has no name. */
    private static Map<String, String> rows(String table) {
        List<String> lines = table.lines().toList();
        assertThat(lines).as(table).isNotEmpty();
        int column = lines.get(0).indexOf("RESULT");
        assertThat(lines.get(0)).as(table).startsWith("CHECK ");
        Map<String, String> rows = new LinkedHashMap<>();
        for (String line : lines.subList(1, lines.size() - 1)) {
            String name = line.substring(0, Math.min(column, line.length())).strip();
            if (!name.isEmpty()) {
                rows.put(name, line.substring(column, column + 4));
            }
        }
        return rows;
    }

    private static Path onPath(String tool) {
        for (String folder : System.getenv("PATH").split(File.pathSeparator)) {
            Path candidate = Path.of(folder, tool);
            if (Files.isExecutable(candidate)) {
                return candidate;
            }
        }
        throw new AssertionError(tool + " is not on PATH");
    }
}
