package live.recbot.cli;

import static live.recbot.config.ConfigField.OUTPUT_DIR;
import static live.recbot.config.ConfigField.SANDBOX;

import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import live.recbot.config.ConfigException;
import live.recbot.config.ConfigLoader;
import live.recbot.config.ConfigOverrides;
import live.recbot.doctor.Checkup;
import live.recbot.doctor.Finding;
import live.recbot.doctor.FindingsTable;
import live.recbot.doctor.HostChecks;
import picocli.CommandLine.Command;
import picocli.CommandLine.IModelTransformer;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(name = "doctor", mixinStandardHelpOptions = true, sortOptions = false,
        modelTransformer = DoctorCommand.Flags.class,
        description = {"Check that this host has what recbot needs: Chromium and a matching chromedriver, Xvfb, "
                + "PulseAudio, FFmpeg's devices and encoder, libyuv, /dev/shm, room in the output directory, "
                + "Chromium's sandbox and fonts. Prints one table, with the fix for each failure.",
                "Exit codes: 0 every check passed, 1 a check failed, 2 invalid configuration."})
final class DoctorCommand implements Callable<Integer> {
    @Option(names = "--config", paramLabel = "FILE", description = "JSON config file whose outputDir is checked.")
    Path configFile;

    @Spec
    CommandSpec spec;

    /**
     * The output directory and the sandbox setting are found as run finds them: flag, over the
     * environment, over --config, over the default.
     */
    static final class Flags implements IModelTransformer {
        @Override
        public CommandSpec transform(CommandSpec spec) {
            return ConfigOptions.add(spec, EnumSet.of(OUTPUT_DIR, SANDBOX), Map.of());
        }
    }

    @Override
    public Integer call() {
        Path outputDir;
        boolean sandbox;
        try {
            outputDir = outputDir(Optional.ofNullable(configFile), System.getenv(), ConfigOptions.given(spec));
            sandbox = sandbox(Optional.ofNullable(configFile), System.getenv(), ConfigOptions.given(spec));
        } catch (ConfigException e) {
            System.err.println("recbot: invalid config: " + e.getMessage());
            return Main.EXIT_INVALID_CONFIG;
        } catch (InvalidPathException e) {
            System.err.println("recbot: invalid config: " + OUTPUT_DIR.json() + ": " + e.getMessage());
            return Main.EXIT_INVALID_CONFIG;
        }
        List<Finding> findings = Checkup.run(HostChecks.forRecbot(outputDir, sandbox));
        System.out.print(FindingsTable.format(findings));
        System.out.flush();
        return findings.stream().allMatch(Finding::passed) ? Main.EXIT_OK : Main.EXIT_FAILED;
    }

    /** The output directory run would use; only it matters here, the other settings are run's to validate. */
    static Path outputDir(Optional<Path> configFile, Map<String, String> env, ConfigOverrides flags) {
        ConfigOverrides given = ConfigLoader.merge(configFile, env, flags);
        return Path.of(given.text(OUTPUT_DIR).or(OUTPUT_DIR::defaultText).orElseThrow());
    }

    /** Whether Chromium would run in its sandbox (when not root), as run would decide it. */
    static boolean sandbox(Optional<Path> configFile, Map<String, String> env, ConfigOverrides flags) {
        ConfigOverrides given = ConfigLoader.merge(configFile, env, flags);
        return !given.text(SANDBOX).or(SANDBOX::defaultText).orElseThrow().strip().equalsIgnoreCase("false");
    }
}
