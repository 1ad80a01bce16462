package live.recbot.config;

import java.net.URI;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;

/**
 * Keeps secrets out of logs, status and errors. An RTMP URL's stream key is its last path
 * segment plus its query; a meeting URL's secrets live in its query (tokens) and user info.
 */
public final class Redactor {
    public static final String MASK = "***";
    private final List<String> secrets;

    private Redactor(Collection<String> secrets) {
        // Longest first, so a secret that contains another is masked whole.
        this.secrets = secrets.stream().filter(s -> s != null && s.length() >= 3).distinct()
                .sorted(Comparator.comparingInt(String::length).reversed()).toList();
    }

    public static Redactor none() {
        return new Redactor(List.of());
    }

    /** A redactor that also masks every secret of this configuration wherever it appears in free text. */
    public static Redactor of(HMSRecordingConfig config) {
        List<String> secrets = new ArrayList<>();
        for (URI url : config.rtmpUrls()) {
            secrets.addAll(rtmpSecrets(url));
        }
        URI meeting = config.meetingUrl();
        if (meeting.getRawQuery() != null) {
            secrets.add(meeting.getRawQuery());
            for (String pair : meeting.getRawQuery().split("&")) {
                int eq = pair.indexOf('=');
                if (eq >= 0 && pair.length() - eq > 4) {
                    secrets.add(pair.substring(eq + 1));
                }
            }
        }
        if (meeting.getRawUserInfo() != null) {
            secrets.add(meeting.getRawUserInfo());
        }
        return new Redactor(secrets);
    }

    private static List<String> rtmpSecrets(URI url) {
        List<String> s = new ArrayList<>();
        String path = url.getRawPath() == null ? "" : url.getRawPath();
        String key = path.substring(path.lastIndexOf('/') + 1);
        s.add(key);
        if (url.getRawQuery() != null) {
            s.add(key + "?" + url.getRawQuery());
            s.add(url.getRawQuery());
        }
        if (url.getRawUserInfo() != null) {
            s.add(url.getRawUserInfo());
        }
        return s;
    }

    /** rtmp://user:pass@host:1935/app/key?x=y becomes rtmp://host:1935/app/*** */
    public static String rtmpUrl(URI url) {
        String path = url.getRawPath() == null ? "" : url.getRawPath();
        String app = path.substring(0, path.lastIndexOf('/') + 1);
        return url.getScheme() + "://" + hostPort(url) + app + MASK;
    }

    /** https://host/room?token=abc becomes https://host/room?*** */
    public static String meetingUrl(URI url) {
        return url.getScheme() + "://" + hostPort(url) + (url.getRawPath() == null ? "" : url.getRawPath())
                + (url.getRawQuery() == null ? "" : "?" + MASK);
    }

    private static String hostPort(URI url) {
        return url.getHost() + (url.getPort() > 0 ? ":" + url.getPort() : "");
    }

    /** Masks every known secret in free text, such as an FFmpeg log line or an exception message. */
    public String scrub(String text) {
        if (text == null || secrets.isEmpty()) {
            return text;
        }
        String out = text;
        for (String secret : secrets) {
            out = out.replace(secret, MASK);
        }
        return out;
    }
}
