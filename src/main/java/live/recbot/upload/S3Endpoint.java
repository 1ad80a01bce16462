package live.recbot.upload;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import live.recbot.config.ConfigException;

/**
 * A storage endpoint other than AWS's own (MinIO, Ceph, S3Proxy), from the variables the AWS SDKs
 * read: {@code AWS_ENDPOINT_URL_S3}, else {@code AWS_ENDPOINT_URL}. Such servers are addressed
 * path-style, since their buckets have no DNS names of their own.
 */
public final class S3Endpoint {
    public static final String S3_VARIABLE = "AWS_ENDPOINT_URL_S3";
    public static final String VARIABLE = "AWS_ENDPOINT_URL";

    private S3Endpoint() {
    }

    /** The endpoint the environment names, if any; a bad one is refused naming its variable. */
    public static Optional<URI> fromEnv(Map<String, String> env) {
        for (String name : new String[] {S3_VARIABLE, VARIABLE}) {
            String value = env.get(name);
            if (value != null && !value.isBlank()) {
                return Optional.of(parse(name, value.strip()));
            }
        }
        return Optional.empty();
    }

    private static URI parse(String name, String text) {
        URI url;
        try {
            url = new URI(text);
        } catch (URISyntaxException e) {
            throw new ConfigException(name, "is not a valid URL");
        }
        String scheme = url.getScheme() == null ? "" : url.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("http") && !scheme.equals("https")) {
            throw new ConfigException(name, "must be an http:// or https:// URL, got scheme '" + scheme + "'");
        }
        if (url.getHost() == null || url.getHost().isEmpty()) {
            throw new ConfigException(name, "must name a host");
        }
        if (url.getRawUserInfo() != null || url.getRawQuery() != null || url.getRawFragment() != null) {
            throw new ConfigException(name, "must not carry credentials, a ?query or a #fragment");
        }
        return url;
    }
}
