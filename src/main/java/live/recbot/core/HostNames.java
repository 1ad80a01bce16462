package live.recbot.core;

import java.math.BigInteger;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Host spellings as URL parsers read them. An IPv4 host is read both as Chromium and
 * inet_aton do (hex {@code 0x}, octal {@code 0} prefixes, 1 to 4 parts) and as java.net does
 * (decimal parts), so no spelling of a link-local address slips through either reader. Never
 * resolves a name: only literals are parsed.
 */
public final class HostNames {
    private static final BigInteger BYTE = BigInteger.valueOf(256);
    /** fd00:ec2::254, the IPv6 address of AWS's instance metadata service. */
    private static final byte[] AWS_METADATA_V6 = {(byte) 0xfd, 0, 0x0e, (byte) 0xc2, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
            0x02, 0x54};

    private HostNames() {
    }

    /** Lower case, without IPv6 brackets or trailing dots, an IP address in its usual form; empty if malformed. */
    public static Optional<String> canonicalHost(String host) {
        String h = bare(host);
        if (h.isEmpty()) {
            return Optional.empty();
        }
        if (h.contains(":")) {
            return ipv6(h).map(InetAddress::getHostAddress);
        }
        if (endsInNumber(h)) {
            return chromiumIpv4(h).map(HostNames::dotted);
        }
        return Optional.of(h);
    }

    /** As {@link #canonicalHost}, leaving a malformed host as given (bare, lower case). */
    static String canonical(String host) {
        return canonicalHost(host).orElse(bare(host));
    }

    /** True for an IP address literal, as {@link #canonicalHost} returns them. */
    public static boolean isAddress(String canonical) {
        return canonical.contains(":") || endsInNumber(canonical);
    }

    /** True if any reading of {@code host} is a link-local address (169.254.0.0/16, fe80::/10) or a metadata address. */
    public static boolean linkLocal(String host) {
        String h = bare(host);
        if (h.contains(":")) {
            return ipv6(h).map(HostNames::linkLocal).orElse(false);
        }
        return chromiumIpv4(h).map(HostNames::linkLocal4).orElse(false)
                || javaIpv4(h).map(HostNames::linkLocal4).orElse(false);
    }

    /** Why {@code entry} is no allow-list entry (a host name, {@code *.domain} or an IP address); empty if it is. */
    static Optional<String> entryProblem(String entry) {
        String e = entry == null ? "" : entry.strip();
        String name = e.startsWith("*.") ? e.substring(2) : e;
        String rule = "is not a host name, *.domain or IP address";
        if (name.isEmpty() || !name.matches("[A-Za-z0-9._\\-:\\[\\]]+") || name.contains("*")) {
            return Optional.of(rule);
        }
        Optional<String> canonical = canonicalHost(name);
        if (canonical.isEmpty() || (e.startsWith("*.") && isAddress(canonical.get()))) {
            return Optional.of(rule);
        }
        if (!name.contains(":") && (name.startsWith(".") || name.contains(".."))) {
            return Optional.of(rule);
        }
        return Optional.empty();
    }

    private static String bare(String host) {
        String h = host.strip().toLowerCase(Locale.ROOT);
        if (h.startsWith("[") && h.endsWith("]")) {
            h = h.substring(1, h.length() - 1);
        }
        while (h.endsWith(".")) {
            h = h.substring(0, h.length() - 1);
        }
        return h;
    }

    /** An IPv6 literal; a zone index or anything but hex digits, colons and dots is refused, so nothing is resolved. */
    private static Optional<InetAddress> ipv6(String h) {
        if (!h.matches("[0-9a-f:.]+")) {
            return Optional.empty();
        }
        try {
            return Optional.of(InetAddress.getByName("[" + h + "]"));
        } catch (UnknownHostException e) {
            return Optional.empty();
        }
    }

    private static boolean linkLocal(InetAddress a) {
        byte[] b = a.getAddress();
        if (a instanceof Inet4Address) {
            return linkLocal4(b);
        }
        boolean embedsIpv4 = Arrays.equals(b, 0, 12, new byte[12], 0, 12)
                || Arrays.equals(b, 0, 12, new byte[] {0, 0x64, (byte) 0xff, (byte) 0x9b, 0, 0, 0, 0, 0, 0, 0, 0}, 0, 12);
        return (b[0] & 0xff) == 0xfe && (b[1] & 0xc0) == 0x80
                || embedsIpv4 && linkLocal4(Arrays.copyOfRange(b, 12, 16))
                || Arrays.equals(b, AWS_METADATA_V6);
    }

    private static boolean linkLocal4(byte[] b) {
        return (b[0] & 0xff) == 169 && (b[1] & 0xff) == 254;
    }

    private static List<String> labels(String h) {
        return Arrays.asList(h.split("\\.", -1));
    }

    /** The WHATWG URL rule Chromium follows: a host whose last label is a number is an IPv4 address. */
    private static boolean endsInNumber(String h) {
        List<String> l = labels(h);
        String last = l.get(l.size() - 1);
        return last.matches("[0-9]+|0x[0-9a-f]*");
    }

    private static Optional<byte[]> chromiumIpv4(String h) {
        if (!endsInNumber(h)) {
            return Optional.empty();
        }
        List<BigInteger> parts = new ArrayList<>();
        for (String p : labels(h)) {
            if (p.matches("0x[0-9a-f]*")) {
                parts.add(p.length() == 2 ? BigInteger.ZERO : new BigInteger(p.substring(2), 16));
            } else if (p.matches("0[0-7]+")) {
                parts.add(new BigInteger(p.substring(1), 8));
            } else if (p.matches("0|[1-9][0-9]*")) {
                parts.add(new BigInteger(p));
            } else {
                return Optional.empty();
            }
        }
        return combine(parts);
    }

    /** java.net's reading: 1 to 4 decimal parts, a leading zero meaning nothing. */
    private static Optional<byte[]> javaIpv4(String h) {
        if (!h.matches("[0-9]+(\\.[0-9]+){0,3}")) {
            return Optional.empty();
        }
        return combine(labels(h).stream().map(BigInteger::new).toList());
    }

    /** a.b.c.d, a.b.c16, a.b24 or a32, as inet_aton combines them. */
    private static Optional<byte[]> combine(List<BigInteger> parts) {
        int n = parts.size();
        if (n > 4) {
            return Optional.empty();
        }
        BigInteger value = BigInteger.ZERO;
        for (int i = 0; i < n - 1; i++) {
            if (parts.get(i).compareTo(BYTE) >= 0) {
                return Optional.empty();
            }
            value = value.add(parts.get(i).shiftLeft(8 * (3 - i)));
        }
        BigInteger last = parts.get(n - 1);
        if (last.compareTo(BYTE.pow(5 - n)) >= 0) {
            return Optional.empty();
        }
        long v = value.add(last).longValue();
        return Optional.of(new byte[] {(byte) (v >>> 24), (byte) (v >>> 16), (byte) (v >>> 8), (byte) v});
    }

    private static String dotted(byte[] b) {
        return (b[0] & 0xff) + "." + (b[1] & 0xff) + "." + (b[2] & 0xff) + "." + (b[3] & 0xff);
    }
}
