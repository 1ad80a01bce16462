package live.recbot.cli;

import java.nio.file.Path;
import java.util.List;
import live.recbot.config.ConfigOverrides;
import picocli.CommandLine.Option;

/** How every session of a worker behaves, whichever command starts it: run and serve share these. */
final class SessionOptions {
    @Option(names = "--output-dir", paramLabel = "DIR", description = "Where recordings go (default ./recordings).")
    Path outputDir;

    @Option(names = "--max-duration", paramLabel = "DURATION",
            description = "End a session after this long: 90, 20s, 15m, 2h (default 6h).")
    String maxDuration;

    @Option(names = "--end-condition", paramLabel = "JS",
            description = "JavaScript expression; the meeting has ended once it is true (default: window.recbotMeetingEnded === true).")
    String endCondition;

    @Option(names = "--page-load-timeout", paramLabel = "DURATION", description = "How long the page may take to load (default 30s).")
    String pageLoadTimeout;

    @Option(names = "--rtmp-retry-timeout", paramLabel = "DURATION",
            description = "How long an RTMP output may stay down, reconnecting, before it is failed (default 60s).")
    String rtmpRetryTimeout;

    @Option(names = "--browser-recoveries", paramLabel = "N",
            description = "How many times a crashed or hung browser is restarted before the session fails (default 3).")
    String browserRecoveries;

    @Option(names = "--no-media-timeout", paramLabel = "DURATION",
            description = "End a session after this long of silence and a frozen picture (default 10m; 0 never).")
    String noMediaTimeout;

    /** These options with the recording request's own fields; nulls are "not given". */
    ConfigOverrides overrides(String meetingUrl, List<String> rtmpUrls, Boolean record, String resolution,
                              Boolean serverRecording) {
        return new ConfigOverrides(meetingUrl, rtmpUrls, record, resolution, outputDir, maxDuration, null,
                endCondition, pageLoadTimeout, serverRecording, rtmpRetryTimeout, noMediaTimeout, browserRecoveries);
    }
}
