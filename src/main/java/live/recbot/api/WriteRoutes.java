package live.recbot.api;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.util.Optional;
import live.recbot.config.ConfigException;
import live.recbot.config.ConfigField;
import live.recbot.config.ConfigLoader;
import live.recbot.config.ConfigOverrides;
import live.recbot.config.OutputChange;
import live.recbot.config.RecbotConfig;
import live.recbot.config.WorkerSettings;
import live.recbot.core.ErrorCode;
import live.recbot.session.Worker;
import live.recbot.status.StatusJson;

/**
 * The routes that change the worker (start, stop, outputs, pause, resume), kept apart from the
 * server's dispatch so request parsing and the mapping of outcomes to HTTP codes sit together.
 * The caller has already checked the method, the token and that the port is writable.
 */
final class WriteRoutes {
    private final Worker worker;
    private final WorkerSettings settings;
    private final String workerName;

    WriteRoutes(Worker worker, WorkerSettings settings, String workerName) {
        this.worker = worker;
        this.settings = settings;
        this.workerName = workerName;
    }

    void start(HttpExchange ex) throws IOException {
        Optional<String> read = RequestBody.readOrRefuse(ex);
        if (read.isEmpty()) {
            return;
        }
        String body = read.get();
        RecbotConfig config;
        try {
            ConfigOverrides request = ConfigLoader.fromJson(body, "body", ConfigField.of(ConfigField.Scope.REQUEST));
            config = new RecbotConfig(settings, ConfigLoader.request(request));
        } catch (ConfigException e) {
            Replies.sendError(ex, 400, ErrorCode.INVALID_CONFIG, e.getMessage());
            return;
        }
        answer(ex, worker.start(config), Optional.of(workerName));
    }

    /** POST /v1/outputs: a body that breaks a URL rule is a 400; one the session's outputs refuse, a 409. */
    void changeOutputs(HttpExchange ex) throws IOException {
        Optional<String> read = RequestBody.readOrRefuse(ex);
        if (read.isEmpty()) {
            return;
        }
        String body = read.get();
        OutputChange change;
        try {
            change = OutputChange.parse(body, settings.allowedHosts());
        } catch (ConfigException e) {
            Replies.sendError(ex, 400, ErrorCode.INVALID_CONFIG, e.getMessage());
            return;
        }
        answer(ex, worker.changeOutputs(change));
    }

    void stop(HttpExchange ex) throws IOException {
        answer(ex, worker.stop());
    }

    void pause(HttpExchange ex) throws IOException {
        Optional<Boolean> streams = PauseRequest.read(ex, true);
        if (streams.isPresent()) {
            answer(ex, worker.pause(streams.get()));
        }
    }

    void resume(HttpExchange ex) throws IOException {
        if (PauseRequest.read(ex, false).isPresent()) {
            answer(ex, worker.resume());
        }
    }

    private void answer(HttpExchange ex, Worker.Outcome outcome) throws IOException {
        answer(ex, outcome, Optional.empty());
    }

    /** {@code named}: the worker's name leads the body, for a start's answer. */
    private void answer(HttpExchange ex, Worker.Outcome outcome, Optional<String> named) throws IOException {
        if (outcome instanceof Worker.Outcome.Success s) {
            if (named.isEmpty()) {
                Replies.sendJson(ex, 200, StatusJson.write(s.status()));
                return;
            }
            ObjectNode root = StatusJson.mapper().createObjectNode().put("worker", named.get());
            root.setAll((ObjectNode) StatusJson.mapper().valueToTree(s.status()));
            Replies.sendJson(ex, 200, StatusJson.mapper().writeValueAsString(root));
            return;
        }
        Worker.Outcome.Failure f = (Worker.Outcome.Failure) outcome;
        int code = switch (f.kind()) {
            case CONFLICT -> 409;
            case SESSION_FAILED -> 502;
            case HOST -> 500;
        };
        Replies.sendError(ex, code, f.code(), f.message(), f.status(), named);
    }
}
