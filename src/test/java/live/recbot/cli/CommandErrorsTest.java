package live.recbot.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import picocli.CommandLine;

/** Bad input to run and serve: exit code 2 and one stderr line naming the field, before anything starts. */
class CommandErrorsTest {
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();
    private PrintStream originalErr;

    @BeforeEach
    void captureStderr() {
        originalErr = System.err;
        System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    @AfterEach
    void restoreStderr() {
        System.setErr(originalErr);
    }

    private String stderr() {
        return err.toString(StandardCharsets.UTF_8);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "run --record"
                    + " | recbot: invalid config: meetingUrl: is required (--meeting-url, RECBOT_MEETING_URL or \"meetingUrl\" in --config)",
            "run --meeting-url http://127.0.0.1/ --record --max-duration soon"
                    + " | recbot: invalid config: maxDuration: must be a duration like 90, 20s, 15m, 2h or 1h30m, got 'soon'",
            "run --meeting-url http://127.0.0.1/ --no-record"
                    + " | recbot: invalid config: record: set record or hls to true or give at least one rtmpUrls entry",
            "run --meeting-url http://127.0.0.1/ --record --status-port 70000"
                    + " | recbot: invalid config: --status-port: must be between 0 and 65535",
            "run --meeting-url http://127.0.0.1/ --record --log-format xml"
                    + " | recbot: invalid config: --log-format: must be text or json, got 'xml'",
            "serve --port 70000 | recbot: invalid config: --port: must be between 0 and 65535",
            "serve --meeting-url http://127.0.0.1/"
                    + " | recbot: invalid config: --meeting-url: is only for --server-recording; the meeting of a session comes with POST /v1/start",
            "serve --resolution 640x360"
                    + " | recbot: invalid config: --resolution: is only for --server-recording; the meeting of a session comes with POST /v1/start",
            "serve --server-recording | recbot: invalid config: --meeting-url: is required with --server-recording",
            "serve --server-recording --meeting-url http://127.0.0.1/ --resolution 1281x720"
                    + " | recbot: invalid config: resolution.width: must be an even number, got 1281",
            "serve --max-duration 25h | recbot: invalid config: maxDuration: must be more than 0 and at most 24h",
            "serve --browser-recoveries 21 | recbot: invalid config: browserRecoveries: must be between 0 and 20, got 21",
            "run --meeting-url http://169.254.169.254/latest/meta-data/ --record | recbot: invalid config: meetingUrl: "
                    + "host 169.254.169.254 is link-local (metadata service); allow it with allowedMeetingHosts",
            "run --meeting-url http://127.0.0.1/ --record --allowed-meeting-host *.example.com"
                    + " | recbot: invalid config: meetingUrl: host 127.0.0.1 is not in allowedMeetingHosts",
            "run --meeting-url http://127.0.0.1/ --rtmp-url rtmp://metadata/app/key"
                    + " | recbot: invalid config: rtmpUrls[0]: host metadata is a cloud metadata service name; "
                    + "allow it with allowedRtmpHosts",
            "serve --allowed-rtmp-host http://a.example.com/ | recbot: invalid config: allowedRtmpHosts[0]: "
                    + "'http://a.example.com/' is not a host name, *.domain or IP address",
            "serve --webhook-url http://[fe80::1]/hook | recbot: invalid config: --webhook-url: "
                    + "host [fe80::1] is link-local (metadata service); allow it with allowedWebhookHosts"})
    void invalidConfigExitsTwoWithOneLine(String args, String line) {
        int code = Main.commandLine().execute(args.split(" "));
        assertThat(code).isEqualTo(Main.EXIT_INVALID_CONFIG);
        assertThat(stderr()).isEqualTo(line + System.lineSeparator());
    }

    @Test
    void unknownFlagIsAnInvalidArgument() {
        CommandLine cl = Main.commandLine();
        StringWriter out = new StringWriter();
        cl.setErr(new PrintWriter(out, true));
        assertThat(cl.execute("run", "--frobnicate")).isEqualTo(Main.EXIT_INVALID_CONFIG);
        assertThat(out.toString()).startsWith("recbot: invalid arguments: Unknown option: '--frobnicate'")
                .hasLineCount(1);
    }
}
