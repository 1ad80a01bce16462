package live.recbot.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import org.assertj.core.api.ThrowableAssert.ThrowingCallable;

/** Assertions shared by the config tests: which field failed, which rule it broke, and no secret leaked. */
final class ConfigErrors {
    /** Secrets carried by {@link #MEETING_WITH_TOKEN} and {@link #RTMP_WITH_KEY}; no message may contain them. */
    static final String MEETING_TOKEN = "mtgTok3n9f8e7d";
    static final String MEETING_PASSWORD = "mtgPassw0rd";
    static final String STREAM_KEY = "sk_live_9a8b7c6d5e";
    static final String STREAM_QUERY_TOKEN = "rtmpAuth0xBEEF";
    static final String RTMP_PASSWORD = "rtmpPassw0rd";

    static final String MEETING_WITH_TOKEN =
            "https://bot:" + MEETING_PASSWORD + "@meet.example.com/room/abc?token=" + MEETING_TOKEN;
    static final String RTMP_WITH_KEY =
            "rtmp://pub:" + RTMP_PASSWORD + "@live.example.com:1935/app/" + STREAM_KEY + "?auth=" + STREAM_QUERY_TOKEN;

    static final String[] ALL_SECRETS = {MEETING_TOKEN, MEETING_PASSWORD, STREAM_KEY, STREAM_QUERY_TOKEN, RTMP_PASSWORD};

    private ConfigErrors() {
    }

    /**
     * Runs {@code call}, expects a {@link ConfigException} for {@code field} whose rule contains every
     * fragment, and checks that neither its message nor its rule contains any known secret.
     */
    static ConfigException assertConfigError(ThrowingCallable call, String field, String... ruleFragments) {
        ConfigException e = catchThrowableOfType(ConfigException.class, call);
        assertThat(e).as("expected a ConfigException for field %s", field).isNotNull();
        assertThat(e.field()).isEqualTo(field);
        assertThat(e.getMessage()).isEqualTo(field + ": " + e.rule());
        for (String fragment : ruleFragments) {
            assertThat(e.rule()).contains(fragment);
        }
        assertNoSecrets(e);
        return e;
    }

    static void assertNoSecrets(ConfigException e) {
        assertThat(e.getMessage()).doesNotContain(ALL_SECRETS);
        assertThat(e.rule()).doesNotContain(ALL_SECRETS);
        assertThat(e.field()).doesNotContain(ALL_SECRETS);
    }
}
