package live.recbot.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import live.recbot.testpage.TestPageServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The command line's contract: exit codes, one-line errors, nothing started on bad input. */
class CliIT {
    @TempDir
    Path dir;

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            no meeting url                 | meetingUrl  | --record
            file scheme                    | meetingUrl  | --meeting-url file:///etc/passwd --record
            javascript scheme              | meetingUrl  | --meeting-url javascript:alert(1) --record
            neither record nor rtmp        | record      | --meeting-url http://127.0.0.1/
            four rtmp urls                 | rtmpUrls    | --meeting-url http://127.0.0.1/ --rtmp-url rtmp://h/a/1 --rtmp-url rtmp://h/a/2 --rtmp-url rtmp://h/a/3 --rtmp-url rtmp://h/a/4
            http rtmp url                  | rtmpUrls[0] | --meeting-url http://127.0.0.1/ --rtmp-url http://h/a/secretkey
            odd resolution                 | resolution  | --meeting-url http://127.0.0.1/ --record --resolution 1281x720
            huge resolution                | resolution  | --meeting-url http://127.0.0.1/ --record --resolution 4096x2160
            bad duration                   | maxDuration | --meeting-url http://127.0.0.1/ --record --max-duration soon
            unknown flag                   | --frobnicate | --meeting-url http://127.0.0.1/ --record --frobnicate
            """)
    void invalidConfigurationExitsTwoWithOneLineAndStartsNothing(String name, String field, String args) throws Exception {
        Path out = dir.resolve("out");
        String[] argv = ("run --output-dir " + out + " " + args).split(" ");
        try (RecbotRun run = RecbotRun.start(dir, argv)) {
            assertThat(run.waitForExit(Duration.ofSeconds(30))).isEqualTo(2);
            String err = run.stderr().strip();
            assertThat(err.lines().count()).as(err).isEqualTo(1);
            assertThat(err).contains(field).doesNotContain("Exception").doesNotContain("\tat ");
            assertThat(err).doesNotContain("secretkey");
            assertThat(out).doesNotExist();
            assertThat(run.leftoverProcesses()).isEmpty();
        }
    }

    /**
     * Which source won is read off the error: each case makes the losing source's value invalid and
     * the winner's valid, with a later field (maxDuration) invalid so that nothing starts.
     */
    @Test
    void configFileIsOverriddenByEnvironmentWhichIsOverriddenByFlags() throws Exception {
        Path config = dir.resolve("config.json");
        Files.writeString(config, "{\"meetingUrl\": \"http://127.0.0.1/\", \"record\": true, "
                + "\"resolution\": {\"width\": 1281, \"height\": 720}, \"maxDuration\": \"soon\"}");
        String out = dir.resolve("out").toString();
        try (RecbotRun run = RecbotRun.start(dir, Map.of("RECBOT_RESOLUTION", "640x360"),
                "run", "--config", config.toString(), "--output-dir", out)) {
            assertThat(run.waitForExit(Duration.ofSeconds(30))).isEqualTo(2);
            assertThat(run.stderr()).contains("maxDuration").doesNotContain("resolution");
        }
        try (RecbotRun run = RecbotRun.start(dir, Map.of("RECBOT_RESOLUTION", "643x360"),
                "run", "--config", config.toString(), "--resolution", "640x360", "--output-dir", out)) {
            assertThat(run.waitForExit(Duration.ofSeconds(30))).isEqualTo(2);
            assertThat(run.stderr()).contains("maxDuration").doesNotContain("resolution");
        }
        try (RecbotRun run = RecbotRun.start(dir, Map.of("RECBOT_RESOLUTION", "640x360"),
                "run", "--config", config.toString(), "--resolution", "645x360", "--output-dir", out)) {
            assertThat(run.waitForExit(Duration.ofSeconds(30))).isEqualTo(2);
            assertThat(run.stderr()).contains("resolution").contains("645");
        }
    }

    @Test
    void helpListsTheCommands() throws Exception {
        try (RecbotRun run = RecbotRun.start(dir, "--help")) {
            assertThat(run.waitForExit(Duration.ofSeconds(30))).isZero();
            assertThat(run.stdout()).contains("run").contains("test-page");
        }
    }

    @Test
    void unreachableMeetingPageFailsWithTheCauseAndLeavesNothingRunning() throws Exception {
        Path status = dir.resolve("status.json");
        int closedPort = LocalIngest.freePort();
        try (RecbotRun run = RecbotRun.start(dir, "run", "--meeting-url", "http://127.0.0.1:" + closedPort + "/room?token=sekrit123",
                "--record", "--output-dir", dir.resolve("out").toString(), "--status-file", status.toString())) {
            assertThat(run.waitForExit(Duration.ofSeconds(60))).isEqualTo(1);
            assertThat(run.stderr()).contains("page-unreachable").contains("ERR_CONNECTION_REFUSED")
                    .doesNotContain("sekrit123");
            assertThat(RecbotRun.json(status).at("/browserRecordingState/error/code").asText()).isEqualTo("page-unreachable");
            assertThat(RecbotRun.json(status).at("/endReason").asText()).isEqualTo("failed");
            run.assertNothingLeftRunning();
        }
    }

    @Test
    void httpErrorPageFailsWithTheStatus() throws Exception {
        try (TestPageServer page = TestPageServer.start(0);
             RecbotRun run = RecbotRun.start(dir, "run", "--meeting-url", page.url() + "status/503",
                     "--record", "--output-dir", dir.resolve("out").toString())) {
            assertThat(run.waitForExit(Duration.ofSeconds(60))).isEqualTo(1);
            assertThat(run.stderr()).contains("page-http-error").contains("503");
            run.assertNothingLeftRunning();
        }
    }

    /** A certificate nobody vouches for, a name that does not resolve, a server that never answers. */
    @ParameterizedTest(name = "{0}")
    @CsvSource({
            "tls error,     page-unreachable,  ERR_CERT_",
            "unknown host,  page-unreachable,  ERR_NAME_NOT_RESOLVED",
            "no answer,     page-load-timeout, did not load in time"})
    void aMeetingPageThatCannotBeOpenedFailsWithItsCauseWithinTheTimeout(String kind, String code, String cause)
            throws Exception {
        try (LocalIngest selfSigned = LocalIngest.start(dir.resolve("tls"));
             java.net.ServerSocket silent = new java.net.ServerSocket(0, 50, java.net.InetAddress.getLoopbackAddress())) {
            String url = switch (kind) {
                // nginx's TLS endpoint, with its self-signed certificate.
                case "tls error" -> "https://127.0.0.1:" + selfSigned.rtmpsPort + "/";
                case "unknown host" -> "http://recbot-meeting.invalid/";
                default -> "http://127.0.0.1:" + silent.getLocalPort() + "/";
            };
            long t0 = System.nanoTime();
            try (RecbotRun run = RecbotRun.start(dir, "run", "--meeting-url", url, "--record", "--page-load-timeout", "8s",
                    "--output-dir", dir.resolve("out").toString())) {
                assertThat(run.waitForExit(Duration.ofSeconds(60))).isEqualTo(1);
                assertThat(Duration.ofNanos(System.nanoTime() - t0)).isLessThan(Duration.ofSeconds(45));
                assertThat(run.stderr()).contains(code).contains(cause).doesNotContain("Exception");
                run.assertNothingLeftRunning();
            }
        }
    }
}
