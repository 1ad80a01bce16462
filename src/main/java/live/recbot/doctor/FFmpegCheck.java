package live.recbot.doctor;

import static org.bytedeco.ffmpeg.global.avcodec.avcodec_find_encoder_by_name;
import static org.bytedeco.ffmpeg.global.avdevice.avdevice_register_all;
import static org.bytedeco.ffmpeg.global.avformat.av_find_input_format;
import static org.bytedeco.ffmpeg.global.avutil.av_version_info;

import java.util.ArrayList;
import java.util.List;

/**
 * FFmpeg as recbot's capture and encode use it, through JavaCV: its native libraries load, and
 * they have the input devices and encoders a session opens.
 */
record FFmpegCheck(List<String> inputDevices, List<String> encoders) implements Check {
    /** x11grab and pulse capture the session's display and sink; libx264 encodes the picture. */
    static FFmpegCheck forRecbot() {
        return new FFmpegCheck(List.of("x11grab", "pulse"), List.of("libx264"));
    }

    @Override
    public String name() {
        return "FFmpeg";
    }

    @Override
    public CheckResult run() {
        String version;
        try {
            avdevice_register_all();
            version = av_version_info().getString();
        } catch (LinkageError | RuntimeException e) {
            return CheckResult.fail("FFmpeg's native libraries did not load: " + e,
                    "rebuild recbot on this platform (mvn -B -DskipTests package); ~/.javacpp/cache must be writable");
        }
        List<String> missing = new ArrayList<>();
        for (String device : inputDevices) {
            if (av_find_input_format(device) == null) {
                missing.add("input device " + device);
            }
        }
        for (String encoder : encoders) {
            if (avcodec_find_encoder_by_name(encoder) == null) {
                missing.add("encoder " + encoder);
            }
        }
        List<String> all = new ArrayList<>(inputDevices);
        all.addAll(encoders);
        if (!missing.isEmpty()) {
            return CheckResult.fail("FFmpeg " + version + " has no " + String.join(", no ", missing),
                    "rebuild recbot (mvn -B -DskipTests package): its pom takes JavaCV's GPL build of FFmpeg");
        }
        return CheckResult.pass("FFmpeg " + version + " with " + String.join(", ", all));
    }
}
