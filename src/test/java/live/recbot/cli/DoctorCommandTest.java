package live.recbot.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import live.recbot.config.ConfigField;
import live.recbot.config.ConfigOverrides;
import picocli.CommandLine.Model.CommandSpec;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DoctorCommandTest {
    @TempDir
    Path dir;

    @Test
    void theOutputDirectoryComesFromTheFlagOverTheEnvironmentOverTheConfigFileOverTheDefault() throws Exception {
        Path config = Files.writeString(dir.resolve("c.json"), "{\"outputDir\": \"/from/file\"}");
        Map<String, String> env = Map.of("RECBOT_OUTPUT_DIR", "/from/env");
        ConfigOverrides flag = ConfigOverrides.NONE.with(ConfigField.OUTPUT_DIR, "/from/flag");
        assertThat(DoctorCommand.outputDir(Optional.of(config), env, flag)).isEqualTo(Path.of("/from/flag"));
        assertThat(DoctorCommand.outputDir(Optional.of(config), env, ConfigOverrides.NONE)).isEqualTo(Path.of("/from/env"));
        assertThat(DoctorCommand.outputDir(Optional.of(config), Map.of(), ConfigOverrides.NONE))
                .isEqualTo(Path.of("/from/file"));
        assertThat(DoctorCommand.outputDir(Optional.empty(), Map.of(), ConfigOverrides.NONE))
                .isEqualTo(Path.of(ConfigField.OUTPUT_DIR.defaultText().orElseThrow()));
    }

    @Test
    void theSandboxSettingIsReadAsRunReadsIt() throws Exception {
        Path config = Files.writeString(dir.resolve("c.json"), "{\"sandbox\": false}");
        assertThat(DoctorCommand.sandbox(Optional.empty(), Map.of(), ConfigOverrides.NONE)).isTrue();
        assertThat(DoctorCommand.sandbox(Optional.of(config), Map.of(), ConfigOverrides.NONE)).isFalse();
        assertThat(DoctorCommand.sandbox(Optional.of(config), Map.of("RECBOT_SANDBOX", "yes"), ConfigOverrides.NONE))
                .isTrue();
        picocli.CommandLine cl = Main.commandLine();
        cl.parseArgs("doctor", "--no-sandbox");
        CommandSpec doctor = cl.getSubcommands().get("doctor").getCommandSpec();
        assertThat(DoctorCommand.sandbox(Optional.empty(), Map.of("RECBOT_SANDBOX", "true"),
                ConfigOptions.given(doctor))).isFalse();
    }

    @Test
    void anUnreadableConfigFileExitsTwoWithOneLineAndChecksNothing() {
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        PrintStream originalErr = System.err;
        PrintStream originalOut = System.out;
        System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
        System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
        int code;
        try {
            code = Main.commandLine().execute("doctor", "--config", dir.resolve("missing.json").toString());
        } finally {
            System.setErr(originalErr);
            System.setOut(originalOut);
        }
        assertThat(code).isEqualTo(Main.EXIT_INVALID_CONFIG);
        assertThat(err.toString(StandardCharsets.UTF_8).strip()).startsWith("recbot: invalid config: ").doesNotContain("\n");
        assertThat(out.toString(StandardCharsets.UTF_8)).isEmpty();
    }

    @Test
    void doctorIsACommandAndTakesTheOutputDirFlag() {
        var doctor = Main.commandLine().getSubcommands().get("doctor");
        assertThat(doctor).isNotNull();
        assertThat(doctor.getCommandSpec().findOption("--output-dir")).isNotNull();
    }
}
