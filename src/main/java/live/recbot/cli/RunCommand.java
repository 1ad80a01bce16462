package live.recbot.cli;

import java.io.IOException;
import java.net.InetAddress;
import java.nio.file.Path;
import java.util.EnumSet;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import live.recbot.config.ConfigException;
import live.recbot.config.ConfigField;
import live.recbot.config.ConfigLoader;
import live.recbot.config.RecbotConfig;
import live.recbot.session.SessionException;
import picocli.CommandLine.Command;
import picocli.CommandLine.IModelTransformer;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(name = "run", mixinStandardHelpOptions = true, sortOptions = false, modelTransformer = RunCommand.Flags.class,
        description = {"Open the meeting page, record and/or stream it until the meeting ends, the max duration "
                + "passes or SIGINT/SIGTERM arrives; then finalise the file and exit.",
                "Config sources, each overriding the one before: --config FILE, RECBOT_* environment variables, flags.",
                "Exit codes: 0 normal end, 1 failure, 2 invalid configuration."})
final class RunCommand implements Callable<Integer> {
    @Option(names = "--config", paramLabel = "FILE", description = "JSON config file (see bot-config/).")
    Path configFile;

    @Option(names = "--status-port", paramLabel = "PORT",
            description = "Serve GET /v1/status, /v1/events, /v1/preview.jpg, /metrics, the status page /, "
                    + "/healthz and /readyz on 127.0.0.1:PORT.")
    Integer statusPort;

    @Option(names = "--no-progress",
            description = "No live progress line on a terminal's stderr: log lines only, as when stderr "
                    + "is not a terminal.")
    boolean noProgress;

    @Mixin
    WorkerOptions worker;

    @Spec
    CommandSpec spec;

    /** Every config field is a flag of run. */
    static final class Flags implements IModelTransformer {
        @Override
        public CommandSpec transform(CommandSpec spec) {
            return ConfigOptions.add(spec, EnumSet.allOf(ConfigField.class), Map.of());
        }
    }

    @Override
    public Integer call() {
        Map<String, String> env = System.getenv();
        RecbotConfig config;
        HostOptions hostOptions;
        try {
            config = ConfigLoader.load(Optional.ofNullable(configFile), env, ConfigOptions.given(spec));
            hostOptions = worker.validate(env, config.settings());
            if (statusPort != null && (statusPort < 0 || statusPort > 65535)) {
                throw new ConfigException("--status-port", "must be between 0 and 65535");
            }
        } catch (ConfigException e) {
            System.err.println("recbot: invalid config: " + e.getMessage());
            return Main.EXIT_INVALID_CONFIG;
        }
        worker.applyLogFormat();
        try (WorkerHost host = WorkerHost.open(hostOptions, Optional.of(config.recording()))) {
            host.showProgress(noProgress, worker.jsonLogs(), env);
            if (statusPort != null) {
                host.serveApi(InetAddress.getLoopbackAddress(), statusPort, config.settings(), Optional.empty(), true);
            }
            host.startArchival(config.serverRecording() ? Optional.of(config.archival()) : Optional.empty());
            return host.runToEnd(config);
        } catch (SessionException e) {
            System.err.println("recbot: " + e.error().code() + ": " + e.getMessage());
            return Main.EXIT_FAILED;
        } catch (IOException e) {
            System.err.println("recbot: --status-port: cannot listen on port " + statusPort + ": " + e.getMessage());
            return Main.EXIT_FAILED;
        }
    }
}
