package live.recbot.config;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;

/** URL rules shared by every config source. Messages never echo a stream key or a query. */
final class Validation {
    private Validation() {
    }

    static URI parseUri(String field, String text) {
        if (text == null || text.isBlank()) {
            throw new ConfigException(field, "must not be empty");
        }
        String t = text.trim();
        if (t.chars().anyMatch(c -> c <= ' ')) {
            throw new ConfigException(field, "must not contain spaces or control characters");
        }
        try {
            return new URI(t);
        } catch (URISyntaxException e) {
            throw new ConfigException(field, "is not a valid URL");
        }
    }

    static void meetingUrl(URI url) {
        if (url == null) {
            throw new ConfigException("meetingUrl", "is required");
        }
        String scheme = scheme(url);
        if (!scheme.equals("http") && !scheme.equals("https")) {
            throw new ConfigException("meetingUrl", "must be an http:// or https:// URL, got scheme '" + scheme + "'");
        }
        if (url.getHost() == null || url.getHost().isEmpty()) {
            throw new ConfigException("meetingUrl", "must name a host");
        }
        port("meetingUrl", url);
    }

    private static void port(String field, URI url) {
        if (url.getPort() == 0 || url.getPort() > 65535) {
            throw new ConfigException(field, "port must be between 1 and 65535");
        }
    }

    static void rtmpUrl(String field, URI url) {
        if (url == null) {
            throw new ConfigException(field, "must not be null");
        }
        String scheme = scheme(url);
        if (!scheme.equals("rtmp") && !scheme.equals("rtmps")) {
            throw new ConfigException(field, "must be an rtmp:// or rtmps:// URL, got scheme '" + scheme + "'");
        }
        if (url.getHost() == null || url.getHost().isEmpty()) {
            throw new ConfigException(field, "must name a host");
        }
        port(field, url);
        String path = url.getRawPath() == null ? "" : url.getRawPath();
        // rtmp://host/app/streamkey: an application and a stream name are both required.
        String[] parts = path.replaceAll("^/+", "").split("/+");
        if (parts.length < 2 || parts[0].isEmpty() || parts[parts.length - 1].isEmpty()) {
            throw new ConfigException(field, "must have an application and a stream path, like rtmp://host/app/stream");
        }
        if (url.getRawFragment() != null) {
            throw new ConfigException(field, "must not have a #fragment");
        }
    }

    private static String scheme(URI url) {
        return url.getScheme() == null ? "" : url.getScheme().toLowerCase(Locale.ROOT);
    }
}
