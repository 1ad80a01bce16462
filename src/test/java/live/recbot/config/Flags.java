package live.recbot.config;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

/** Builds a {@link ConfigOverrides} the way the command line would, one field at a time. */
final class Flags {
    private String meetingUrl;
    private List<String> rtmpUrls;
    private Boolean record;
    private String resolution;
    private Path outputDir;
    private String maxDuration;
    private Path statusFile;
    private String endCondition;
    private String pageLoadTimeout;

    static Flags flags() {
        return new Flags();
    }

    /** A minimal valid base: a meeting URL and record=true. */
    static Flags recording(String meetingUrl) {
        return new Flags().meetingUrl(meetingUrl).record(true);
    }

    Flags meetingUrl(String v) {
        meetingUrl = v;
        return this;
    }

    Flags rtmpUrls(String... v) {
        rtmpUrls = Arrays.asList(v);
        return this;
    }

    Flags record(Boolean v) {
        record = v;
        return this;
    }

    Flags resolution(String v) {
        resolution = v;
        return this;
    }

    Flags outputDir(Path v) {
        outputDir = v;
        return this;
    }

    Flags maxDuration(String v) {
        maxDuration = v;
        return this;
    }

    Flags statusFile(Path v) {
        statusFile = v;
        return this;
    }

    Flags endCondition(String v) {
        endCondition = v;
        return this;
    }

    Flags pageLoadTimeout(String v) {
        pageLoadTimeout = v;
        return this;
    }

    ConfigOverrides build() {
        return new ConfigOverrides(meetingUrl, rtmpUrls, record, resolution, outputDir, maxDuration, statusFile,
                endCondition, pageLoadTimeout, null, null, null, null);
    }
}
