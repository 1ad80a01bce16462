package live.recbot.api;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Map;
import java.util.Optional;
import live.recbot.config.ConfigException;

/**
 * What a worker's answers call it: {@code RECBOT_WORKER_NAME} (on Kubernetes, the pod's address
 * from the downward API), else the host name. Behind a load balancer the caller reaches this
 * worker again by it.
 */
public final class WorkerName {
    public static final String ENV = "RECBOT_WORKER_NAME";
    public static final String HEADER = "X-Recbot-Worker";
    static final int MAX_LENGTH = 253;

    private WorkerName() {
    }

    /** {@code given} (a flag), else {@link #ENV}, else {@code HOSTNAME}, else what the resolver says. */
    public static String resolve(Optional<String> given, Map<String, String> env) {
        if (given.isPresent()) {
            return check("--worker-name", given.get().strip());
        }
        Optional<String> named = Optional.ofNullable(env.get(ENV)).filter(n -> !n.isBlank());
        if (named.isPresent()) {
            return check(ENV, named.get().strip());
        }
        return Optional.ofNullable(env.get("HOSTNAME")).filter(n -> !n.isBlank()).orElseGet(WorkerName::ofThisHost);
    }

    /** The host name, as a worker without a configured name is called. */
    public static String ofThisHost() {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            return "localhost";
        }
    }

    /** It goes into a header: printable ASCII only, so no answer can be split by it. */
    private static String check(String field, String name) {
        if (name.isEmpty() || name.length() > MAX_LENGTH || !name.chars().allMatch(c -> c > 0x20 && c < 0x7f)) {
            throw new ConfigException(field, "must be 1 to " + MAX_LENGTH
                    + " printable ASCII characters without spaces");
        }
        return name;
    }
}
