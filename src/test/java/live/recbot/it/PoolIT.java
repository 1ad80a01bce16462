package live.recbot.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import live.recbot.api.WorkerName;
import live.recbot.testpage.TestPageServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The warm pool for real: three `recbot serve` workers behind HAProxy, whose active health checks
 * on /readyz are what a Kubernetes Service's readiness does. Starts land on idle workers only, a
 * start with every worker busy is refused with a clean answer, and each start's answer names the
 * worker that status and stop then go to directly.
 */
class PoolIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration EXIT = Duration.ofSeconds(60);
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @TempDir
    Path dir;

    record Answer(int code, JsonNode body, HttpResponse<String> raw) {
    }

    @Test
    void startsGoToIdleWorkersOnlyAndAFullPoolRefusesCleanly() throws Exception {
        List<RecbotRun> workers = new ArrayList<>();
        try (TestPageServer page = TestPageServer.start(0)) {
            // Each worker is named by its address, as RECBOT_WORKER_NAME=$(POD_IP):8080 names a pod.
            Map<String, Integer> servers = new LinkedHashMap<>();
            Map<String, String> names = new LinkedHashMap<>();
            for (int i = 1; i <= 3; i++) {
                int port = LoadBalancer.freePort();
                String name = "127.0.0.1:" + port;
                servers.put("w" + i, port);
                names.put(name, "w" + i);
                // --no-warm: a warm stack is WarmStartIT's subject; these sessions are of other sizes.
                workers.add(RecbotRun.start(dir.resolve("w" + i), Map.of(WorkerName.ENV, name), "serve", "--no-warm", "--port",
                        Integer.toString(port), "--output-dir", dir.resolve("out").toString(), "--max-duration", "90s"));
            }
            workers.forEach(RecbotRun::awaitServePort);
            try (LoadBalancer lb = LoadBalancer.start(dir.resolve("lb"), servers)) {
                servers.keySet().forEach(s -> lb.awaitState(s, "UP"));
                String body = "{\"meetingUrl\": \"" + page.url() + "\", \"record\": true, \"resolution\": \"320x180\"}";
                URI pool = URI.create("http://127.0.0.1:" + lb.port());

                // Three starts through the pool: each lands on a worker that was idle, and names it.
                List<String> busy = new ArrayList<>();
                for (int i = 0; i < 3; i++) {
                    Answer a = post(pool, "/v1/start", body);
                    assertThat(a.code()).as(a.raw().body()).isEqualTo(200);
                    String worker = a.body().path("worker").asText();
                    assertThat(names).containsKey(worker);
                    assertThat(a.raw().headers().firstValue("X-Recbot-Worker")).contains(worker);
                    assertThat(busy).as("a busy worker is skipped").doesNotContain(worker);
                    assertThat(a.body().at("/browserRecordingState/running").asBoolean()).isTrue();
                    busy.add(worker);
                    lb.awaitState(names.get(worker), "DOWN");
                }

                // A fourth, with every worker busy: HAProxy's own JSON 503, no worker touched.
                Answer full = post(pool, "/v1/start", body);
                assertThat(full.code()).isEqualTo(503);
                assertThat(full.raw().headers().firstValue("Content-Type")).contains("application/json");
                assertThat(full.raw().headers().firstValue("Retry-After")).contains("5");
                assertThat(full.body().at("/error/code").asText()).isEqualTo(LoadBalancer.NO_IDLE_WORKER);

                // Status and stop go to the named worker; a start sent to a busy one directly is refused by it.
                String first = busy.get(0);
                URI direct = URI.create("http://" + first);
                assertThat(get(direct, "/v1/status").body().at("/browserRecordingState/running").asBoolean()).isTrue();
                Answer conflict = post(direct, "/v1/start", body);
                assertThat(conflict.code()).isEqualTo(409);
                assertThat(conflict.body().at("/error/code").asText()).isEqualTo("already-running");
                assertThat(conflict.body().path("worker").asText()).isEqualTo(first);
                // pool.yaml's preStop hook, pointed at this worker: it waits while the session runs, ends after it.
                Process preStop = new ProcessBuilder(preStopHook(servers.get(names.get(first))))
                        .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
                try {
                    await("preStop waits while busy").during(Duration.ofSeconds(1)).atMost(Duration.ofSeconds(3))
                            .until(preStop::isAlive);
                    Answer stopped = post(direct, "/v1/stop", "");
                    assertThat(stopped.code()).as(stopped.raw().body()).isEqualTo(200);
                    await("preStop ends once idle").atMost(Duration.ofSeconds(15)).until(() -> !preStop.isAlive());
                    assertThat(preStop.exitValue()).isZero();
                    Path file = Path.of(stopped.body().at("/browserRecordingState/file").asText());
                    assertThat(MediaProbe.of(file).decodeErrors()).isEmpty();
                } finally {
                    preStop.destroyForcibly();
                }

                // The only idle worker is the one just stopped: the next start finds it.
                lb.awaitState(names.get(first), "UP");
                Answer again = post(pool, "/v1/start", body);
                assertThat(again.code()).as(again.raw().body()).isEqualTo(200);
                assertThat(again.body().path("worker").asText()).isEqualTo(first);
                lb.awaitState(names.get(first), "DOWN");

                Set<String> stoppedWorkers = new HashSet<>();
                for (String worker : busy) {
                    Answer s = post(URI.create("http://" + worker), "/v1/stop", "");
                    assertThat(s.code()).as(worker + ": " + s.raw().body()).isEqualTo(200);
                    stoppedWorkers.add(s.raw().headers().firstValue("X-Recbot-Worker").orElseThrow());
                }
                assertThat(stoppedWorkers).containsExactlyInAnyOrderElementsOf(names.keySet());
                servers.keySet().forEach(s -> lb.awaitState(s, "UP"));
            }
            for (RecbotRun w : workers) {
                w.terminate();
            }
            for (RecbotRun w : workers) {
                assertThat(w.waitForExit(EXIT)).isZero();
                w.assertNothingLeftRunning();
            }
            try (var files = Files.list(dir.resolve("out"))) {
                assertThat(files.filter(f -> f.toString().endsWith(".mp4")).count()).isEqualTo(4);
            }
        } finally {
            workers.forEach(RecbotRun::close);
        }
    }

    /** The Deployment's preStop command from deploy/kubernetes/pool.yaml, for a worker on {@code port}. */
    private static List<String> preStopHook(int port) throws Exception {
        Path yaml = Path.of(System.getProperty("recbot.root", ".")).resolve("deploy/kubernetes/pool.yaml");
        try (MappingIterator<JsonNode> docs = new YAMLMapper().readerFor(JsonNode.class).readValues(yaml.toFile())) {
            for (JsonNode doc : docs.readAll()) {
                if (doc.path("kind").asText().equals("Deployment")) {
                    List<String> cmd = new ArrayList<>();
                    doc.at("/spec/template/spec/containers/0/lifecycle/preStop/exec/command")
                            .forEach(n -> cmd.add(n.asText().replace("/127.0.0.1/8080", "/127.0.0.1/" + port)));
                    assertThat(cmd.get(cmd.size() - 1)).contains("/127.0.0.1/" + port);
                    return cmd;
                }
            }
        }
        throw new AssertionError("no Deployment in " + yaml);
    }

    private Answer post(URI base, String path, String body) throws Exception {
        return send(HttpRequest.newBuilder(base.resolve(path)).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)));
    }

    private Answer get(URI base, String path) throws Exception {
        return send(HttpRequest.newBuilder(base.resolve(path)).GET());
    }

    private Answer send(HttpRequest.Builder b) throws Exception {
        HttpResponse<String> r = http.send(b.timeout(Duration.ofSeconds(90)).build(), HttpResponse.BodyHandlers.ofString());
        return new Answer(r.statusCode(), JSON.readTree(r.body()), r);
    }
}
