package live.recbot.config;

import java.nio.file.Path;
import java.util.Arrays;

/** Builds a {@link ConfigOverrides} the way the command line would, one field at a time. */
final class Flags {
    private ConfigOverrides given = ConfigOverrides.NONE;

    static Flags flags() {
        return new Flags();
    }

    /** A minimal valid base: a meeting URL and record=true. */
    static Flags recording(String meetingUrl) {
        return new Flags().meetingUrl(meetingUrl).record(true);
    }

    private Flags set(ConfigField field, String value) {
        given = given.with(field, value);
        return this;
    }

    Flags meetingUrl(String v) {
        return set(ConfigField.MEETING_URL, v);
    }

    Flags rtmpUrls(String... v) {
        given = given.with(ConfigField.RTMP_URLS, Arrays.asList(v));
        return this;
    }

    Flags record(Boolean v) {
        return set(ConfigField.RECORD, v == null ? null : v.toString());
    }

    Flags audioOnly(Boolean v) {
        return set(ConfigField.AUDIO_ONLY, v == null ? null : v.toString());
    }

    Flags resolution(String v) {
        return set(ConfigField.RESOLUTION, v);
    }

    Flags outputDir(Path v) {
        return set(ConfigField.OUTPUT_DIR, v == null ? null : v.toString());
    }

    Flags maxDuration(String v) {
        return set(ConfigField.MAX_DURATION, v);
    }

    Flags statusFile(Path v) {
        return set(ConfigField.STATUS_FILE, v == null ? null : v.toString());
    }

    Flags endCondition(String v) {
        return set(ConfigField.END_CONDITION, v);
    }

    Flags pageLoadTimeout(String v) {
        return set(ConfigField.PAGE_LOAD_TIMEOUT, v);
    }

    /** Sets one of the host allow-lists, as the repeated flag would. */
    Flags hosts(ConfigField list, String... entries) {
        given = given.with(list, Arrays.asList(entries));
        return this;
    }

    ConfigOverrides build() {
        return given;
    }
}
