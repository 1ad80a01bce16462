package live.recbot.config;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Where recordings are uploaded: {@code s3://bucket/prefix/}. The prefix is a folder: empty, or
 * ending with one slash. Messages never echo the text, which may carry a misplaced secret.
 *
 * @param bucket an S3 bucket name
 * @param prefix the key prefix every object gets, "" or ending with "/"
 */
public record UploadUrl(String bucket, String prefix) {
    private static final Pattern BUCKET = Pattern.compile("[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]");
    private static final Pattern IP_ADDRESS = Pattern.compile("\\d+\\.\\d+\\.\\d+\\.\\d+");
    /** S3's longest key, with room left for a recording's name. */
    private static final int MAX_PREFIX_BYTES = 900;

    public UploadUrl {
        bucketRules(bucket);
        if (!prefix.isEmpty() && !prefix.endsWith("/")) {
            throw new IllegalArgumentException("a prefix ends with /");
        }
    }

    /** Parses {@code text} for {@code field}; a prefix without a trailing slash is a folder all the same. */
    public static UploadUrl parse(String field, String text) {
        URI url = Validation.parseUri(field, text);
        String scheme = url.getScheme() == null ? "" : url.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("s3")) {
            throw new ConfigException(field, "must be an s3://bucket/prefix/ URL, got scheme '" + scheme + "'");
        }
        if (url.getRawUserInfo() != null) {
            throw new ConfigException(field, "must not carry credentials; they come from AWS_ACCESS_KEY_ID and "
                    + "AWS_SECRET_ACCESS_KEY, a profile or a role");
        }
        if (url.getRawQuery() != null || url.getRawFragment() != null) {
            throw new ConfigException(field, "must not have a ?query or #fragment");
        }
        String bucket = url.getRawAuthority();
        if (bucket == null || bucket.isEmpty()) {
            throw new ConfigException(field, "must name a bucket: s3://bucket/prefix/");
        }
        String why = bucketProblem(bucket);
        if (why != null) {
            throw new ConfigException(field, why);
        }
        return new UploadUrl(bucket, prefix(field, url.getPath() == null ? "" : url.getPath()));
    }

    private static String prefix(String field, String path) {
        String p = path.replaceFirst("^/+", "");
        if (p.isEmpty()) {
            return "";
        }
        if (!p.endsWith("/")) {
            p = p + "/";
        }
        for (String segment : p.substring(0, p.length() - 1).split("/", -1)) {
            if (segment.isEmpty() || segment.equals(".") || segment.equals("..")) {
                throw new ConfigException(field, "prefix must not have empty, . or .. segments");
            }
        }
        if (p.chars().anyMatch(c -> c < ' ' || c == 0x7f || c == '\\')) {
            throw new ConfigException(field, "prefix must not contain control characters or backslashes");
        }
        if (p.getBytes(StandardCharsets.UTF_8).length > MAX_PREFIX_BYTES) {
            throw new ConfigException(field, "prefix must be at most " + MAX_PREFIX_BYTES + " bytes");
        }
        return p;
    }

    private static void bucketRules(String bucket) {
        String why = bucketProblem(bucket);
        if (why != null) {
            throw new IllegalArgumentException(why);
        }
    }

    /** S3's rules for a bucket name, or null when it follows them. */
    private static String bucketProblem(String b) {
        if (b.length() < 3 || b.length() > 63) {
            return "bucket name must be 3 to 63 characters, got " + b.length();
        }
        if (!BUCKET.matcher(b).matches()) {
            return "bucket name must be lower-case letters, digits, dots and hyphens, starting and ending "
                    + "with a letter or digit";
        }
        if (b.contains("..") || b.contains(".-") || b.contains("-.")) {
            return "bucket name must not have two dots, or a dot and a hyphen, side by side";
        }
        if (IP_ADDRESS.matcher(b).matches()) {
            return "bucket name must not look like an IP address";
        }
        if (b.startsWith("xn--") || b.startsWith("sthree-") || b.endsWith("-s3alias") || b.endsWith("--ol-s3")) {
            return "bucket name must not use a prefix or suffix S3 reserves";
        }
        return null;
    }

    /** The object key of {@code name} under the prefix. */
    public String key(String name) {
        return prefix + name;
    }

    /** {@code s3://bucket/prefix/name}, as status and logs show where an object went. */
    public String url(String name) {
        return "s3://" + bucket + "/" + key(name);
    }

    @Override
    public String toString() {
        return "s3://" + bucket + "/" + prefix;
    }
}
