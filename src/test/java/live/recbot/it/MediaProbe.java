package live.recbot.it;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Facts about a media file, learnt by decoding it with Debian's ffprobe and ffmpeg. */
final class MediaProbe {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final Path file;
    private final JsonNode info;

    record Stream(String codec, int width, int height, int sampleRate, int channels) {
    }

    private MediaProbe(Path file, JsonNode info) {
        this.file = file;
        this.info = info;
    }

    static MediaProbe of(Path file) throws IOException, InterruptedException {
        String out = run(List.of("ffprobe", "-v", "error", "-print_format", "json", "-show_streams", "-show_format",
                file.toString())).stdout;
        return new MediaProbe(file, JSON.readTree(out));
    }

    Optional<Stream> video() {
        return stream("video");
    }

    Optional<Stream> audio() {
        return stream("audio");
    }

    private Optional<Stream> stream(String type) {
        for (JsonNode s : info.path("streams")) {
            if (type.equals(s.path("codec_type").asText())) {
                return Optional.of(new Stream(s.path("codec_name").asText(), s.path("width").asInt(),
                        s.path("height").asInt(), s.path("sample_rate").asInt(), s.path("channels").asInt()));
            }
        }
        return Optional.empty();
    }

    double durationSeconds() {
        return info.path("format").path("duration").asDouble(-1);
    }

    /** Every line ffmpeg reports while decoding the whole file; empty for a clean file. */
    List<String> decodeErrors() throws IOException, InterruptedException {
        Result r = run(List.of("ffmpeg", "-nostdin", "-v", "error", "-i", file.toString(), "-f", "null", "-"));
        List<String> lines = r.stderr.lines().filter(l -> !l.isBlank()).toList();
        if (r.exit != 0 && lines.isEmpty()) {
            return List.of("ffmpeg exited " + r.exit);
        }
        return lines;
    }

    /** Mean audio level in dBFS over the whole file (-91 for digital silence). */
    double meanVolumeDb() throws IOException, InterruptedException {
        Result r = run(List.of("ffmpeg", "-nostdin", "-i", file.toString(), "-vn", "-af", "volumedetect", "-f", "null", "-"));
        Matcher m = Pattern.compile("mean_volume: (-?[0-9.]+) dB").matcher(r.stderr);
        if (!m.find()) {
            throw new AssertionError("no volume measured in " + file + ": " + r.stderr);
        }
        return Double.parseDouble(m.group(1));
    }

    /** One packet as the file stores it, in file order. */
    record Packet(String type, double dtsSeconds, boolean key) {
    }

    /** The file's first {@code n} packets, in the order the file holds them. */
    List<Packet> firstPackets(int n) throws IOException, InterruptedException {
        Result r = run(List.of("ffprobe", "-v", "error", "-show_entries", "packet=stream_index,dts_time,flags",
                "-of", "csv=p=0", file.toString()));
        List<Packet> packets = new java.util.ArrayList<>();
        JsonNode streams = info.path("streams");
        for (String line : r.stdout.lines().filter(l -> !l.isBlank()).limit(n).toList()) {
            String[] cols = line.split(",");
            String type = streams.path(Integer.parseInt(cols[0])).path("codec_type").asText();
            packets.add(new Packet(type, Double.parseDouble(cols[1]), cols[2].startsWith("K")));
        }
        return packets;
    }

    /** [decoded video frames, frames whose picture differs from every earlier one]. */
    int[] videoFrames() throws IOException, InterruptedException {
        Result r = run(List.of("ffmpeg", "-nostdin", "-v", "error", "-i", file.toString(), "-an", "-f", "framemd5", "-"));
        Set<String> distinct = new HashSet<>();
        int frames = 0;
        for (String line : r.stdout.lines().toList()) {
            if (line.startsWith("#") || line.isBlank()) {
                continue;
            }
            String[] cols = line.split(",");
            frames++;
            distinct.add(cols[cols.length - 1].trim());
        }
        return new int[] {frames, distinct.size()};
    }

    record Result(int exit, String stdout, String stderr) {
    }

    static Result run(List<String> cmd) throws IOException, InterruptedException {
        Path out = java.nio.file.Files.createTempFile("probe", ".out");
        Path err = java.nio.file.Files.createTempFile("probe", ".err");
        try {
            Process p = new ProcessBuilder(cmd).redirectOutput(out.toFile()).redirectError(err.toFile())
                    .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null"))).start();
            if (!p.waitFor(120, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new AssertionError("timed out: " + cmd);
            }
            return new Result(p.exitValue(), java.nio.file.Files.readString(out, StandardCharsets.UTF_8),
                    java.nio.file.Files.readString(err, StandardCharsets.UTF_8));
        } finally {
            java.nio.file.Files.deleteIfExists(out);
            java.nio.file.Files.deleteIfExists(err);
        }
    }
}
