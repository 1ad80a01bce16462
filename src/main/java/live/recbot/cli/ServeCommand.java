package live.recbot.cli;

import java.io.IOException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.EnumSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Callable;
import live.recbot.api.WorkerName;
import live.recbot.config.ConfigException;
import live.recbot.config.ConfigField;
import live.recbot.config.ConfigLoader;
import live.recbot.config.ConfigOverrides;
import live.recbot.config.RecbotConfig;
import live.recbot.config.WorkerSettings;
import live.recbot.session.SessionException;
import picocli.CommandLine.Command;
import picocli.CommandLine.IModelTransformer;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(name = "serve", mixinStandardHelpOptions = true, sortOptions = false, modelTransformer = ServeCommand.Flags.class,
        description = {"Run a long-lived worker controlled over HTTP: POST /v1/start, POST /v1/stop, GET /v1/status, "
                + "GET /v1/events (SSE), GET /v1/preview.jpg, GET /metrics (Prometheus), GET / (status page), "
                + "GET /healthz, GET /readyz.",
                "Bound to a non-loopback address, /v1 routes, /metrics and / need 'Authorization: Bearer "
                + "$RECBOT_API_TOKEN' (the page also takes /?token=).",
                "Stops everything and exits 0 on SIGTERM/SIGINT."})
final class ServeCommand implements Callable<Integer> {
    static final String API_TOKEN_ENV = "RECBOT_API_TOKEN";
    /** The request fields serve takes at launch, for the archival recording only. */
    private static final Set<ConfigField> ARCHIVAL_FIELDS = EnumSet.of(ConfigField.MEETING_URL, ConfigField.RESOLUTION);

    @Option(names = "--port", defaultValue = "8080", description = "Port (default ${DEFAULT-VALUE}; 0 picks one).")
    int port;

    @Option(names = "--bind", defaultValue = "127.0.0.1", description = "Address to listen on (default ${DEFAULT-VALUE}).")
    String bind;

    @Option(names = "--worker-name", paramLabel = "NAME", description = "What the answers call this worker (X-Recbot-Worker, "
            + "and 'worker' in a start's answer), so a caller behind a load balancer sends status and stop to it "
            + "(default: " + WorkerName.ENV + ", else the host name).")
    String workerName;

    @Option(names = "--warm", negatable = true, defaultValue = "true", fallbackValue = "true",
            description = "Keep the next session's X server, sound server and Chromium (on a blank page, with a new "
                    + "profile each time) ready while idle, so a start only opens the meeting page (default true).")
    boolean warm;

    @Mixin
    WorkerOptions worker;

    @Spec
    CommandSpec spec;

    /** The worker settings are flags of serve; a session's request comes with POST /v1/start instead. */
    static final class Flags implements IModelTransformer {
        @Override
        public CommandSpec transform(CommandSpec spec) {
            Set<ConfigField> fields = EnumSet.copyOf(ConfigField.of(ConfigField.Scope.WORKER));
            fields.addAll(ARCHIVAL_FIELDS);
            return ConfigOptions.add(spec, fields, Map.of(
                    ConfigField.MEETING_URL, "The meeting page of the archival recording (with --server-recording).",
                    ConfigField.RESOLUTION, "Picture size of the archival recording (default "
                            + ConfigField.RESOLUTION.defaultText().orElseThrow() + ").",
                    ConfigField.SERVER_RECORDING, ConfigOptions.description(ConfigField.SERVER_RECORDING,
                            "keep an archival recording of --meeting-url for the worker's whole life")));
        }
    }

    @Override
    public Integer call() {
        Map<String, String> env = System.getenv();
        InetAddress address;
        WorkerSettings settings;
        HostOptions hostOptions;
        Optional<RecbotConfig> archival;
        String name;
        try {
            address = address(env);
            name = WorkerName.resolve(Optional.ofNullable(workerName), env);
            ConfigOverrides flags = ConfigOptions.given(spec);
            settings = ConfigLoader.settings(ConfigLoader.merge(Optional.empty(), env, flags)
                    .only(ConfigField.of(ConfigField.Scope.WORKER)));
            hostOptions = worker.validate(env, settings);
            archival = archival(settings, flags);
        } catch (ConfigException e) {
            System.err.println("recbot: invalid config: " + e.getMessage());
            return Main.EXIT_INVALID_CONFIG;
        }
        worker.applyLogFormat();
        try (WorkerHost host = WorkerHost.open(hostOptions, archival.map(RecbotConfig::recording),
                warm ? Optional.of(settings) : Optional.empty())) {
            int listening = host.serveApi(address, port, settings, Optional.ofNullable(env.get(API_TOKEN_ENV)), false,
                    name);
            // Orchestrators and tests read the actual port (with --port 0) from this line on stdout.
            System.out.println("recbot serving on http://" + address.getHostAddress() + ":" + listening);
            System.out.flush();
            host.startArchival(archival);
            host.awaitTermination();
            return Main.EXIT_OK;
        } catch (IOException e) {
            System.err.println("recbot: --port: cannot listen on " + bind + ":" + port + ": " + e.getMessage());
            return Main.EXIT_FAILED;
        } catch (SessionException e) {
            System.err.println("recbot: " + e.error().code() + ": " + e.getMessage());
            return Main.EXIT_FAILED;
        }
    }

    private InetAddress address(Map<String, String> env) {
        if (port < 0 || port > 65535) {
            throw new ConfigException("--port", "must be between 0 and 65535");
        }
        InetAddress address;
        try {
            address = InetAddress.getByName(bind);
        } catch (UnknownHostException e) {
            throw new ConfigException("--bind", "is not an address of this host: " + bind);
        }
        String token = env.get(API_TOKEN_ENV);
        if (!address.isLoopbackAddress() && (token == null || token.isBlank())) {
            throw new ConfigException("--bind", "a non-loopback address needs " + API_TOKEN_ENV + " to be set");
        }
        return address;
    }

    /** The archival recording's configuration when the settings ask for one: its page and size come as flags. */
    private static Optional<RecbotConfig> archival(WorkerSettings settings, ConfigOverrides flags) {
        ConfigField meeting = ConfigField.MEETING_URL;
        if (!settings.serverRecording()) {
            if (flags.has(meeting) || flags.has(ConfigField.RESOLUTION)) {
                throw new ConfigException(flags.has(meeting) ? meeting.flag() : ConfigField.RESOLUTION.flag(),
                        "is only for " + ConfigField.SERVER_RECORDING.flag()
                                + "; the meeting of a session comes with POST /v1/start");
            }
            return Optional.empty();
        }
        if (!flags.has(meeting)) {
            throw new ConfigException(meeting.flag(), "is required with " + ConfigField.SERVER_RECORDING.flag());
        }
        ConfigOverrides request = flags.only(ARCHIVAL_FIELDS).with(ConfigField.RECORD, "true");
        return Optional.of(new RecbotConfig(settings, ConfigLoader.request(request)).archival());
    }
}
