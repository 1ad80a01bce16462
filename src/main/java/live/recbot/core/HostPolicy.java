package live.recbot.core;

import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Which hosts one kind of target (meeting page, RTMP ingest, webhook) may name: any host when the
 * list is empty, else only a listed one, where {@code *.example.com} stands for every name under
 * example.com. Link-local addresses and cloud metadata names are refused even with an empty list,
 * unless listed exactly, since they reach the host's metadata service.
 *
 * @param allowed the entries, canonical (lower case, no trailing dot, no IPv6 brackets)
 */
public record HostPolicy(List<String> allowed) {
    /** No list: every host but the always-refused ones. */
    public static final HostPolicy ANY = new HostPolicy(List.of());

    /** Names that reach a cloud provider's instance metadata service from inside its network. */
    public static final Set<String> METADATA_NAMES = Set.of("metadata", "metadata.google.internal",
            "instance-data", "instance-data.ec2.internal");

    /** Why a host is refused. */
    public enum Refusal {
        LINK_LOCAL("is link-local (metadata service)"),
        METADATA("is a cloud metadata service name"),
        NOT_LISTED("is not in"),
        INVALID("is not a valid host");

        private final String text;

        Refusal(String text) {
            this.text = text;
        }

        public String text() {
            return text;
        }
    }

    public HostPolicy {
        allowed = allowed.stream().map(e -> {
            HostNames.entryProblem(e).ifPresent(problem -> {
                throw new IllegalArgumentException("'" + e + "' " + problem);
            });
            String entry = e.strip();
            return entry.startsWith("*.") ? "*." + HostNames.canonical(entry.substring(2)) : HostNames.canonical(entry);
        }).distinct().toList();
    }

    /** True when only listed hosts are allowed. */
    public boolean restricted() {
        return !allowed.isEmpty();
    }

    /** Why {@code host} (as a URL spells it, IPv6 in brackets or not) may not be used; empty when it may. */
    public Optional<Refusal> refusal(String host) {
        if (host == null || host.isBlank()) {
            return Optional.of(Refusal.INVALID);
        }
        Optional<String> canonical = HostNames.canonicalHost(host);
        if (canonical.isEmpty()) {
            return Optional.of(Refusal.INVALID);
        }
        String h = canonical.get();
        if (allowed.contains(h)) {
            return Optional.empty();
        }
        if (HostNames.linkLocal(host)) {
            return Optional.of(Refusal.LINK_LOCAL);
        }
        if (METADATA_NAMES.contains(h)) {
            return Optional.of(Refusal.METADATA);
        }
        if (restricted() && allowed.stream().noneMatch(e -> e.startsWith("*.") && h.endsWith(e.substring(1))
                && !HostNames.isAddress(h))) {
            return Optional.of(Refusal.NOT_LISTED);
        }
        return Optional.empty();
    }

    public boolean allows(String host) {
        return refusal(host).isEmpty();
    }
}
