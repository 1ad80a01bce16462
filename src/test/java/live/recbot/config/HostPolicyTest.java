package live.recbot.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Optional;
import live.recbot.core.HostPolicy;
import live.recbot.core.HostPolicy.Refusal;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Host matching: exact and wildcard entries, spellings, and the hosts refused without a list. */
class HostPolicyTest {
    private static HostPolicy list(String... entries) {
        return new HostPolicy(List.of(entries));
    }

    @Test
    void exactEntriesMatchWhateverTheCaseAndATrailingDot() {
        HostPolicy p = list("Meet.Example.com");
        assertThat(p.allows("meet.example.com")).isTrue();
        assertThat(p.allows("MEET.EXAMPLE.COM.")).isTrue();
        assertThat(p.refusal("example.com")).contains(Refusal.NOT_LISTED);
        assertThat(p.refusal("evil-meet.example.com")).contains(Refusal.NOT_LISTED);
        assertThat(p.refusal("meet.example.com.evil.org")).contains(Refusal.NOT_LISTED);
    }

    @Test
    void aWildcardCoversEveryNameUnderItButNotTheDomainItself() {
        HostPolicy p = list("*.example.com");
        assertThat(p.allows("a.example.com")).isTrue();
        assertThat(p.allows("a.b.Example.COM.")).isTrue();
        assertThat(p.refusal("example.com")).contains(Refusal.NOT_LISTED);
        assertThat(p.refusal("badexample.com")).contains(Refusal.NOT_LISTED);
        assertThat(p.refusal("example.com.evil.org")).contains(Refusal.NOT_LISTED);
    }

    @Test
    void ipv6IsMatchedWithOrWithoutBracketsInAnySpelling() {
        HostPolicy p = list("[::1]", "2001:db8::5");
        assertThat(p.allows("[::1]")).isTrue();
        assertThat(p.allows("[0:0:0:0:0:0:0:1]")).isTrue();
        assertThat(p.allows("[2001:DB8:0::5]")).isTrue();
        assertThat(p.refusal("[::2]")).contains(Refusal.NOT_LISTED);
    }

    @Test
    void anIpv4AddressMatchesItsOtherSpellings() {
        HostPolicy p = list("127.0.0.1");
        assertThat(p.allows("2130706433")).isTrue();
        assertThat(p.allows("0x7f.1")).isTrue();
        assertThat(p.allows("0177.0.0.1")).isTrue();
        assertThat(p.refusal("localhost")).contains(Refusal.NOT_LISTED);
    }

    @Test
    void withoutAListEveryOrdinaryHostIsAllowed() {
        assertThat(HostPolicy.ANY.allows("meet.example.com")).isTrue();
        assertThat(HostPolicy.ANY.allows("127.0.0.1")).isTrue();
        assertThat(HostPolicy.ANY.allows("[::1]")).isTrue();
        assertThat(HostPolicy.ANY.allows("10.0.0.1")).isTrue();
        assertThat(HostPolicy.ANY.allows("169.253.255.255")).isTrue();
        assertThat(HostPolicy.ANY.allows("169.255.0.1")).isTrue();
        assertThat(HostPolicy.ANY.allows("[fec0::1]")).isTrue();
        assertThat(HostPolicy.ANY.allows("metadata.example.com")).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {"169.254.169.254", "169.254.0.1", "169.254.255.255", "169.254.169.254.",
            "2852039166", "0xA9FEA9FE", "0xa9.0xfe.0xa9.0xfe", "0251.0376.0251.0376", "169.254.43518", "169.16689662",
            "0251.254.169.254", "0xa9fea9fe.", "[fe80::1]", "[FE80::a9fe:a9fe]", "[febf:ffff::1]", "[fe80::1%25eth0]",
            "[::ffff:169.254.169.254]", "[::ffff:a9fe:a9fe]", "[::169.254.1.1]", "[64:ff9b::169.254.169.254]",
            "[fd00:ec2::254]"})
    void linkLocalSpellingsAreRefusedWithoutAList(String host) {
        Optional<Refusal> r = HostPolicy.ANY.refusal(host);
        assertThat(r).as(host).isPresent();
        assertThat(r.get()).as(host).isIn(Refusal.LINK_LOCAL, Refusal.INVALID);
        assertThat(list("*.example.com").refusal(host)).as(host).isPresent();
    }

    @Test
    void theUsualSpellingsAreReadAsLinkLocalNotMerelyInvalid() {
        for (String h : List.of("169.254.169.254", "2852039166", "0xA9FEA9FE", "0251.0376.0251.0376", "[fe80::1]",
                "[::ffff:a9fe:a9fe]", "[fd00:ec2::254]")) {
            assertThat(HostPolicy.ANY.refusal(h)).as(h).contains(Refusal.LINK_LOCAL);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"metadata", "METADATA.", "metadata.google.internal", "Metadata.Google.Internal.",
            "instance-data", "instance-data.ec2.internal"})
    void metadataNamesAreRefusedWithoutAList(String host) {
        assertThat(HostPolicy.ANY.refusal(host)).contains(Refusal.METADATA);
    }

    @Test
    void onlyAnExactEntryLetsALinkLocalOrMetadataHostThrough() {
        assertThat(list("169.254.169.254").allows("0xa9fea9fe")).isTrue();
        assertThat(list("169.254.169.254").refusal("169.254.169.253")).contains(Refusal.LINK_LOCAL);
        assertThat(list("metadata.google.internal").allows("metadata.google.internal.")).isTrue();
        assertThat(list("*.google.internal").refusal("metadata.google.internal")).contains(Refusal.METADATA);
        assertThat(list("[fe80::1]").allows("[FE80:0::1]")).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {"1.2.3.256", "1.2.3.4.5", "0x1g.1.1.1", "08.1.1.1", "4294967296", "[::g]", "", " "})
    void malformedAddressesAreRefused(String host) {
        assertThat(HostPolicy.ANY.refusal(host)).contains(Refusal.INVALID);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "*", "*example.com", "*.", "a.*.com", "http://a.com", "a.com/x", "a..com", ".a.com",
            "*.10.0.0.1", "[::g]", "a com", "1.2.3.256"})
    void entriesThatAreNoHostAreRefused(String entry) {
        assertThatThrownBy(() -> list(entry)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("is not a host name, *.domain or IP address");
    }
}
