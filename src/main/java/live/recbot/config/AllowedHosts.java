package live.recbot.config;

import java.net.URI;
import java.util.List;
import live.recbot.core.HostPolicy;

/**
 * The worker's host allow-lists, one per kind of target, and the check of a URL against its list.
 * A DNS name is never resolved here: one that resolves to a link-local address is caught only by a
 * list that leaves it out, since an answer checked now may differ from the one used later.
 *
 * @param meeting the meeting page's hosts, also enforced on the tab's navigations
 * @param rtmp    the RTMP ingests' hosts
 * @param webhook the webhook's host
 */
public record AllowedHosts(HostPolicy meeting, HostPolicy rtmp, HostPolicy webhook) {
    public static final AllowedHosts ANY = new AllowedHosts(HostPolicy.ANY, HostPolicy.ANY, HostPolicy.ANY);

    /** Reads one list field, naming the entry that is not a host. */
    static HostPolicy policy(ConfigField field, List<String> entries) {
        for (int i = 0; i < entries.size(); i++) {
            try {
                new HostPolicy(List.of(entries.get(i)));
            } catch (IllegalArgumentException e) {
                throw new ConfigException(field.json() + "[" + i + "]", e.getMessage());
            }
        }
        return new HostPolicy(entries);
    }

    /** Refuses the request's meeting or RTMP host when its list does not allow it. */
    void check(HMSRecordingConfig request) {
        check(ConfigField.MEETING_URL.json(), request.meetingUrl(), meeting, ConfigField.ALLOWED_MEETING_HOSTS);
        for (int i = 0; i < request.rtmpUrls().size(); i++) {
            checkRtmp(ConfigField.RTMP_URLS.json() + "[" + i + "]", request.rtmpUrls().get(i));
        }
    }

    /** Refuses an RTMP URL whose host {@link #rtmp} does not allow; {@code field} names where it came from. */
    void checkRtmp(String field, URI url) {
        check(field, url, rtmp, ConfigField.ALLOWED_RTMP_HOSTS);
    }

    /** Refuses a webhook URL whose host {@link #webhook} does not allow; {@code field} names where it came from. */
    public void checkWebhook(String field, URI url) {
        check(field, url, webhook, ConfigField.ALLOWED_WEBHOOK_HOSTS);
    }

    private static void check(String field, URI url, HostPolicy policy, ConfigField list) {
        String host = url.getHost();
        policy.refusal(host).ifPresent(r -> {
            throw new ConfigException(field, switch (r) {
                case NOT_LISTED -> "host " + host + " is not in " + list.json();
                case INVALID -> "host " + host + " is not a valid host";
                default -> "host " + host + " " + r.text() + "; allow it with " + list.json();
            });
        });
    }
}
