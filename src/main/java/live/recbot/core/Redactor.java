package live.recbot.core;

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
    private static final int MIN_VALUE_SECRET = 6;
    /** Replaced whole when a secret is learnt, so a scrub reads one consistent list without a lock. */
    private volatile List<String> secrets;

    private Redactor(Collection<String> secrets) {
        this.secrets = ordered(secrets);
    }

    /** Longest first, so a secret that contains another is masked whole. */
    private static List<String> ordered(Collection<String> secrets) {
        return secrets.stream().filter(s -> s != null && s.length() >= 3).distinct()
                .sorted(Comparator.comparingInt(String::length).reversed()).toList();
    }

    /**
     * Masks the secrets of an RTMP URL given after the session started (an output added while
     * running) from now on, everywhere this redactor is used. Secrets are never forgotten.
     */
    public synchronized void learnRtmpUrl(URI url) {
        List<String> more = new ArrayList<>(secrets);
        more.addAll(rtmpSecrets(url));
        secrets = ordered(more);
    }

    public static Redactor none() {
        return new Redactor(List.of());
    }

    /** A redactor that also masks every secret of these URLs wherever it appears in free text. */
    public static Redactor of(URI meeting, List<URI> rtmpUrls) {
        List<String> secrets = new ArrayList<>();
        for (URI url : rtmpUrls) {
            secrets.addAll(rtmpSecrets(url));
        }
        addQueryAndUserInfo(meeting, secrets);
        return new Redactor(secrets);
    }

    /**
     * A whole query and user info, and each query value and password on its own, since a log line
     * may quote one parameter. Short values ("role=host") are left: masking them would mangle
     * unrelated words, and real tokens are long.
     */
    private static void addQueryAndUserInfo(URI url, List<String> secrets) {
        if (url.getRawQuery() != null) {
            secrets.add(url.getRawQuery());
            for (String pair : url.getRawQuery().split("&")) {
                int eq = pair.indexOf('=');
                String value = eq >= 0 ? pair.substring(eq + 1) : pair;
                if (value.length() >= MIN_VALUE_SECRET) {
                    secrets.add(value);
                }
            }
        }
        if (url.getRawUserInfo() != null) {
            String info = url.getRawUserInfo();
            secrets.add(info);
            int colon = info.indexOf(':');
            if (colon >= 0 && info.length() - colon - 1 >= 3) {
                secrets.add(info.substring(colon + 1));
            }
        }
    }

    private static List<String> rtmpSecrets(URI url) {
        List<String> s = new ArrayList<>();
        String path = url.getRawPath() == null ? "" : url.getRawPath();
        String key = path.substring(path.lastIndexOf('/') + 1);
        s.add(key);
        if (url.getRawQuery() != null) {
            s.add(key + "?" + url.getRawQuery());
        }
        addQueryAndUserInfo(url, s);
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
        List<String> list = secrets;
        if (text == null || list.isEmpty()) {
            return text;
        }
        String out = text;
        for (String secret : list) {
            out = out.replace(secret, MASK);
        }
        return out;
    }
}
