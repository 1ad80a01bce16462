package live.recbot.browser;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import live.recbot.core.HostPolicy;
import org.openqa.selenium.devtools.Command;
import org.openqa.selenium.devtools.Connection;
import org.openqa.selenium.devtools.Event;

/**
 * Refuses, in the browser, what the meeting's {@link HostPolicy} forbids: any request to a
 * link-local or metadata host, and, with an allow-list, the tab's navigation to another host,
 * which is aborted so the meeting stays on screen.
 *
 * <p>The DevTools Fetch domain is enabled on the browser target with URL patterns, so Chromium
 * pauses only the requests that match them (and, with an allow-list, documents) for a verdict
 * here; any other request never reaches recbot. The patterns only pre-select: the verdict reads
 * the host itself, so a pattern that matches too much costs a round trip, never a refusal.
 * WebSocket and WebRTC connections are not seen by the Fetch domain.
 */
final class RequestBlocker {
    private static final org.slf4j.Logger log = org.slf4j.LoggerFactory.getLogger(RequestBlocker.class);

    /** Chromium's canonical URL spellings of link-local and metadata hosts, with or without user info. */
    static final List<String> ALWAYS_PAUSED = List.of("169.254.*", "[fe8*", "[fe9*", "[fea*", "[feb*",
            "[::ffff:a9fe:*", "[::a9fe:*", "[64:ff9b::a9fe:*", "[fd00:ec2::254]*", "metadata*", "instance-data*");

    /** What becomes of a paused request. */
    sealed interface Verdict {
        record Proceed() implements Verdict {
        }

        /** @param errorReason the Fetch domain's reason: Aborted leaves the tab on its current page */
        record Refuse(String errorReason, String host, String why) implements Verdict {
        }
    }

    private final Connection connection;
    private final HostPolicy meeting;
    private final String mainFrame;
    private final AtomicBoolean reported = new AtomicBoolean();

    private RequestBlocker(Connection connection, HostPolicy meeting, String mainFrame) {
        this.connection = connection;
        this.meeting = meeting;
        this.mainFrame = mainFrame;
    }

    /**
     * Starts refusing requests of the browser behind {@code connection}, whose tab is {@code tab};
     * in force once the returned answer arrives. A tab's main frame has the tab's id.
     */
    static CompletableFuture<Map<String, Object>> install(Connection connection, String tab, HostPolicy meeting) {
        RequestBlocker blocker = new RequestBlocker(connection, meeting, tab);
        connection.addListener(new Event<Map<String, Object>>("Fetch.requestPaused", RequestBlocker::params),
                (seq, paused) -> blocker.paused(paused));
        return connection.send(null, command("Fetch.enable", Map.of("patterns", patterns(meeting))));
    }

    /** The Fetch patterns: the always-paused hosts, and every document when navigation is restricted. */
    static List<Map<String, Object>> patterns(HostPolicy meeting) {
        List<Map<String, Object>> patterns = new ArrayList<>();
        for (String host : ALWAYS_PAUSED) {
            patterns.add(Map.of("urlPattern", "*://" + host, "requestStage", "Request"));
            patterns.add(Map.of("urlPattern", "*@" + host, "requestStage", "Request"));
        }
        if (meeting.restricted()) {
            patterns.add(Map.of("urlPattern", "*", "resourceType", "Document", "requestStage", "Request"));
        }
        return List.copyOf(patterns);
    }

    /** The verdict on a request for {@code url}; {@code navigation} when it would replace the tab's page. */
    static Verdict verdict(String url, boolean navigation, HostPolicy meeting) {
        Optional<String> host = host(url);
        String shown = host.orElse("(unreadable)");
        Optional<HostPolicy.Refusal> refusal = host.isEmpty() ? Optional.of(HostPolicy.Refusal.INVALID)
                : meeting.refusal(host.get());
        if (refusal.isEmpty() || (refusal.get() == HostPolicy.Refusal.NOT_LISTED && !navigation)) {
            return new Verdict.Proceed();
        }
        String why = refusal.get() == HostPolicy.Refusal.NOT_LISTED ? "is not in allowedMeetingHosts"
                : refusal.get().text();
        return new Verdict.Refuse(navigation ? "Aborted" : "BlockedByClient", shown, why);
    }

    private void paused(Map<String, Object> p) {
        String requestId = String.valueOf(p.get("requestId"));
        String url = p.get("request") instanceof Map<?, ?> r ? String.valueOf(r.get("url")) : "";
        boolean navigation = "Document".equals(p.get("resourceType")) && mainFrame.equals(p.get("frameId"));
        Verdict v = verdict(url, navigation, meeting);
        if (v instanceof Verdict.Refuse refuse) {
            String what = navigation ? "navigation" : "request";
            if (reported.compareAndSet(false, true)) {
                log.warn("browser {} to host {} refused: it {}", what, refuse.host(), refuse.why());
            } else {
                log.debug("browser {} to host {} refused: it {}", what, refuse.host(), refuse.why());
            }
            connection.send(null, command("Fetch.failRequest",
                    Map.of("requestId", requestId, "errorReason", refuse.errorReason())));
        } else {
            connection.send(null, command("Fetch.continueRequest", Map.of("requestId", requestId)));
        }
    }

    /** The host as Chromium sent it; empty when the URL cannot be read, which is then refused. */
    private static Optional<String> host(String url) {
        try {
            return Optional.ofNullable(new URI(url).getHost()).filter(h -> !h.isEmpty());
        } catch (URISyntaxException e) {
            return Optional.empty();
        }
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> params(org.openqa.selenium.json.JsonInput input) {
        return (Map<String, Object>) input.read(Map.class);
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private static Command<Map<String, Object>> command(String method, Map<String, Object> params) {
        return new Command<>(method, params, (java.lang.reflect.Type) Map.class);
    }
}
