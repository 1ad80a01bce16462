package live.recbot.config;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A change of a running session's RTMP outputs, {@code {"add": [...], "remove": [...]}}. It is
 * checked twice: {@link #parse} holds it to the rules a start holds {@code rtmpUrls} to (scheme,
 * host, path, {@code allowedRtmpHosts}), which no session state can change; {@link #applyTo}
 * then holds it to the session's outputs, through the same {@link HMSRecordingConfig} a start
 * builds, so the limit of {@value HMSRecordingConfig#MAX_RTMP_URLS} URLs and "record or stream"
 * hold after every change. Messages name the field and the rule, never a URL.
 */
public record OutputChange(List<URI> add, List<URI> remove) {
    public static final String ADD = "add";
    public static final String REMOVE = "remove";

    public OutputChange {
        add = List.copyOf(add);
        remove = List.copyOf(remove);
    }

    /** Reads a request body; an invalid one is a {@link ConfigException} naming the field. */
    public static OutputChange parse(String json, AllowedHosts hosts) {
        Map<String, List<String>> lists = JsonSource.stringLists(json, "body", List.of(ADD, REMOVE),
                HMSRecordingConfig.MAX_RTMP_URLS);
        List<URI> add = new ArrayList<>();
        List<String> addText = lists.get(ADD);
        for (int i = 0; i < addText.size(); i++) {
            String field = field(ADD, i);
            URI url = Validation.parseUri(field, addText.get(i));
            Validation.rtmpUrl(field, url);
            hosts.checkRtmp(field, url);
            add.add(url);
        }
        List<URI> remove = new ArrayList<>();
        List<String> removeText = lists.get(REMOVE);
        for (int i = 0; i < removeText.size(); i++) {
            remove.add(Validation.parseUri(field(REMOVE, i), removeText.get(i)));
        }
        if (add.isEmpty() && remove.isEmpty()) {
            throw new ConfigException("body", "give " + ADD + " or " + REMOVE + ", each a list of rtmp:// URLs");
        }
        distinct(ADD, add);
        distinct(REMOVE, remove);
        for (int i = 0; i < add.size(); i++) {
            if (remove.contains(add.get(i))) {
                throw new ConfigException(field(ADD, i), "is also in " + REMOVE);
            }
        }
        return new OutputChange(add, remove);
    }

    /**
     * The session's request with this change made: removed URLs leave, added ones join at the
     * end. Refused, as a {@link ConfigException}, when a URL to remove is not one of the session's,
     * one to add already is, or the result breaks a rule of every start.
     */
    public HMSRecordingConfig applyTo(HMSRecordingConfig current) {
        List<URI> urls = new ArrayList<>(current.rtmpUrls());
        for (int i = 0; i < remove.size(); i++) {
            if (!urls.remove(remove.get(i))) {
                throw new ConfigException(field(REMOVE, i), "is not one of the session's " + ConfigField.RTMP_URLS.json());
            }
        }
        for (int i = 0; i < add.size(); i++) {
            if (current.rtmpUrls().contains(add.get(i))) {
                throw new ConfigException(field(ADD, i), "is already one of the session's " + ConfigField.RTMP_URLS.json());
            }
        }
        urls.addAll(add);
        if (!current.record() && current.hls().isEmpty() && urls.isEmpty()) {
            throw new ConfigException(REMOVE, "would leave nothing running: the session does not record and this "
                    + "removes its last stream");
        }
        return new HMSRecordingConfig(current.meetingUrl(), urls, current.record(), current.resolution(),
                current.hls(), current.audioOnly());
    }

    private static String field(String list, int i) {
        return list + "[" + i + "]";
    }

    private static void distinct(String field, List<URI> urls) {
        if (urls.stream().distinct().count() != urls.size()) {
            throw new ConfigException(field, "each URL may appear only once");
        }
    }
}
