package live.recbot.cli;

import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import live.recbot.config.ConfigException;
import live.recbot.config.ConfigLoader;
import live.recbot.config.ConfigOverrides;
import live.recbot.config.RecbotConfig;
import live.recbot.session.EndReason;
import live.recbot.session.RecordingSession;
import live.recbot.session.SessionException;
import live.recbot.session.SessionResult;
import live.recbot.status.StatusFileWriter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import sun.misc.Signal;

@Command(name = "run", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Open the meeting page, record and/or stream it until the meeting ends, the max duration "
                + "passes or SIGINT/SIGTERM arrives; then finalise the file and exit.",
                "Config sources, each overriding the one before: --config FILE, RECBOT_* environment variables, flags.",
                "Exit codes: 0 normal end, 1 failure, 2 invalid configuration."})
final class RunCommand implements Callable<Integer> {
    private static final Logger log = LoggerFactory.getLogger(RunCommand.class);

    @Option(names = "--meeting-url", paramLabel = "URL", description = "The http(s) meeting page to open.")
    String meetingUrl;

    @Option(names = "--rtmp-url", paramLabel = "URL", description = "An rtmp:// or rtmps:// ingest URL; up to 3.")
    List<String> rtmpUrls;

    @Option(names = "--record", negatable = true, description = "Record to a file in --output-dir.")
    Boolean record;

    @Option(names = "--resolution", paramLabel = "WxH", description = "Picture size, default 1280x720; even sides 64-1920.")
    String resolution;

    @Option(names = "--output-dir", paramLabel = "DIR", description = "Where the recording goes (default ./recordings).")
    Path outputDir;

    @Option(names = "--max-duration", paramLabel = "DURATION", description = "End after this long: 90, 20s, 15m, 2h (default 6h).")
    String maxDuration;

    @Option(names = "--status-file", paramLabel = "FILE", description = "Keep the status document (JSON) in this file.")
    Path statusFile;

    @Option(names = "--end-condition", paramLabel = "JS",
            description = "JavaScript expression; the meeting has ended once it is true (default: window.recbotMeetingEnded === true).")
    String endCondition;

    @Option(names = "--page-load-timeout", paramLabel = "DURATION", description = "How long the page may take to load (default 30s).")
    String pageLoadTimeout;

    @Option(names = "--config", paramLabel = "FILE", description = "JSON config file (see bot-config/).")
    Path configFile;

    @Override
    public Integer call() {
        RecbotConfig config;
        try {
            config = ConfigLoader.load(Optional.ofNullable(configFile), System.getenv(), new ConfigOverrides(
                    meetingUrl, rtmpUrls, record, resolution, outputDir, maxDuration, statusFile, endCondition,
                    pageLoadTimeout));
        } catch (ConfigException e) {
            System.err.println("recbot: invalid config: " + e.getMessage());
            return Main.EXIT_INVALID_CONFIG;
        }
        RecordingSession session;
        try {
            session = RecordingSession.prepare(config, Clock.systemUTC());
        } catch (SessionException e) {
            System.err.println("recbot: " + e.error().code() + ": " + e.getMessage());
            return Main.EXIT_FAILED;
        }
        config.statusFile().ifPresent(f -> session.status().addListener(new StatusFileWriter(f)));
        Signal.handle(new Signal("TERM"), s -> session.requestStop(EndReason.STOPPED));
        Signal.handle(new Signal("INT"), s -> session.requestStop(EndReason.STOPPED));

        SessionResult result = session.run();
        if (result.succeeded()) {
            result.recording().ifPresent(f -> log.info("recording finalised: {}", f));
            log.info("session ended: {}", result.reason().label());
            return Main.EXIT_OK;
        }
        var error = result.error().orElseThrow();
        System.err.println("recbot: session failed: " + error.code() + ": " + error.message());
        return Main.EXIT_FAILED;
    }
}
