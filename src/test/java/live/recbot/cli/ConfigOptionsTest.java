package live.recbot.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import live.recbot.config.ConfigField;
import live.recbot.config.ConfigLoader;
import live.recbot.config.ConfigOverrides;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;

class ConfigOptionsTest {
    /** The names users and scripts already rely on: generated, they must still come out exactly so. */
    private static final Map<ConfigField, String> FLAGS = Map.ofEntries(
            Map.entry(ConfigField.MEETING_URL, "--meeting-url"), Map.entry(ConfigField.RTMP_URLS, "--rtmp-url"),
            Map.entry(ConfigField.RECORD, "--record"), Map.entry(ConfigField.RESOLUTION, "--resolution"),
            Map.entry(ConfigField.HLS, "--hls"), Map.entry(ConfigField.HLS_SEGMENT_SECONDS, "--hls-segment-seconds"),
            Map.entry(ConfigField.AUDIO_ONLY, "--audio-only"),
            Map.entry(ConfigField.OUTPUT_DIR, "--output-dir"), Map.entry(ConfigField.MAX_DURATION, "--max-duration"),
            Map.entry(ConfigField.STATUS_FILE, "--status-file"), Map.entry(ConfigField.END_CONDITION, "--end-condition"),
            Map.entry(ConfigField.PAGE_LOAD_TIMEOUT, "--page-load-timeout"),
            Map.entry(ConfigField.SERVER_RECORDING, "--server-recording"),
            Map.entry(ConfigField.RTMP_RETRY_TIMEOUT, "--rtmp-retry-timeout"),
            Map.entry(ConfigField.NO_MEDIA_TIMEOUT, "--no-media-timeout"),
            Map.entry(ConfigField.BROWSER_RECOVERIES, "--browser-recoveries"),
            Map.entry(ConfigField.SANDBOX, "--sandbox"),
            Map.entry(ConfigField.ALLOWED_MEETING_HOSTS, "--allowed-meeting-host"),
            Map.entry(ConfigField.ALLOWED_RTMP_HOSTS, "--allowed-rtmp-host"),
            Map.entry(ConfigField.ALLOWED_WEBHOOK_HOSTS, "--allowed-webhook-host"),
            Map.entry(ConfigField.UPLOAD_URL, "--upload-url"),
            Map.entry(ConfigField.DELETE_AFTER_UPLOAD, "--delete-after-upload"),
            Map.entry(ConfigField.UPLOAD_TIMEOUT, "--upload-timeout"));

    private static CommandSpec parsed(String command, String... args) {
        CommandLine cl = Main.commandLine();
        String[] argv = new String[args.length + 1];
        argv[0] = command;
        System.arraycopy(args, 0, argv, 1, args.length);
        cl.parseArgs(argv);
        return cl.getSubcommands().get(command).getCommandSpec();
    }

    @Test
    void flagsKeepTheirNamesAndEachEnvironmentVariableIsRecbotAndTheFieldName() {
        assertThat(FLAGS).hasSize(ConfigField.values().length);
        for (ConfigField f : ConfigField.values()) {
            assertThat(f.flag()).as(f.json()).isEqualTo(FLAGS.get(f));
            assertThat(f.env()).isEqualTo("RECBOT_" + f.json().replace('.', '_').replaceAll("([A-Z])", "_$1").toUpperCase());
        }
    }

    @Test
    void runTakesEveryFieldAsAFlag() {
        CommandSpec run = parsed("run");
        for (ConfigField f : ConfigField.values()) {
            assertThat(run.findOption(f.flag())).as(f.flag()).isNotNull();
        }
    }

    @Test
    void serveTakesTheWorkerSettingsAndTheArchivalPageButNoOutputsOfASession() {
        CommandSpec serve = parsed("serve");
        for (ConfigField f : ConfigField.of(ConfigField.Scope.WORKER)) {
            assertThat(serve.findOption(f.flag())).as(f.flag()).isNotNull();
        }
        assertThat(serve.findOption("--meeting-url")).isNotNull();
        assertThat(serve.findOption("--resolution")).isNotNull();
        assertThat(serve.findOption("--rtmp-url")).isNull();
        assertThat(serve.findOption("--record")).isNull();
    }

    @Test
    void givenFlagsBecomeOverridesAndAbsentOnesStayNotGiven() {
        CommandSpec run = parsed("run", "--meeting-url", "https://m.example.com/r", "--rtmp-url", "rtmp://a/app/1",
                "--rtmp-url", "rtmp://b/app/2", "--no-record", "--max-duration", "15m", "--server-recording",
                "--browser-recoveries", "5");
        ConfigOverrides given = ConfigOptions.given(run);
        assertThat(given.text(ConfigField.MEETING_URL)).contains("https://m.example.com/r");
        assertThat(given.list(ConfigField.RTMP_URLS)).contains(List.of("rtmp://a/app/1", "rtmp://b/app/2"));
        assertThat(given.text(ConfigField.RECORD)).contains("false");
        assertThat(given.text(ConfigField.SERVER_RECORDING)).contains("true");
        assertThat(given.text(ConfigField.MAX_DURATION)).contains("15m");
        assertThat(given.text(ConfigField.BROWSER_RECOVERIES)).contains("5");
        assertThat(given.values().keySet()).containsExactlyInAnyOrder(ConfigField.MEETING_URL, ConfigField.RTMP_URLS,
                ConfigField.RECORD, ConfigField.MAX_DURATION, ConfigField.SERVER_RECORDING, ConfigField.BROWSER_RECOVERIES);
    }

    @Test
    void theSandboxIsTurnedOffOnlyByItsNegatedFlag() {
        assertThat(ConfigOptions.given(parsed("run", "--no-sandbox")).text(ConfigField.SANDBOX)).contains("false");
        assertThat(ConfigOptions.given(parsed("serve", "--sandbox")).text(ConfigField.SANDBOX)).contains("true");
        assertThat(ConfigLoader.settings(ConfigOptions.given(parsed("serve", "--no-sandbox"))).sandbox()).isFalse();
        assertThat(ConfigLoader.settings(ConfigOverrides.NONE).sandbox()).isTrue();
    }

    @Test
    void noFlagsGiveNoOverrides() {
        assertThat(ConfigOptions.given(parsed("run"))).isEqualTo(ConfigOverrides.NONE);
        assertThat(ConfigOptions.given(parsed("serve", "--port", "0"))).isEqualTo(ConfigOverrides.NONE);
    }

    @Test
    void helpNamesEachFlagItsVariableAndItsDefault() {
        StringWriter out = new StringWriter();
        CommandLine run = Main.commandLine().getSubcommands().get("run");
        run.usage(new PrintWriter(out));
        String help = out.toString().replaceAll("\\s+", " ");
        for (ConfigField f : ConfigField.values()) {
            String flag = f.kind() == ConfigField.Kind.BOOLEAN ? "--[no-]" + f.flag().substring(2) : f.flag();
            assertThat(help).contains(flag, f.env());
        }
        assertThat(help).contains("--[no-]record", "default 6h", "default 1280x720", "(required;");
        List<OptionSpec> boolFlags = Arrays.stream(ConfigField.values())
                .filter(f -> f.kind() == ConfigField.Kind.BOOLEAN)
                .map(f -> run.getCommandSpec().findOption(f.flag())).toList();
        assertThat(boolFlags).allMatch(OptionSpec::negatable);
    }
}
