package live.recbot.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The clip the {@code <video>} A/V page plays (src/test/resources/avpages/video.html), made with
 * ffmpeg's lavfi sources: the bundled test page's markers in a file. A dark moving picture
 * (testsrc2 at 35% luma) at 60 fps, and over it a full-frame white flash of 4 frames; a 1 kHz beep
 * (80 ms, 2 ms ramps, amplitude 0.6) over a 220 + 330 Hz hum. Second k's marker starts on the
 * first frame at or after k + frac(k * 0.618...) * 0.1 s, flash and beep both, so they sample every
 * phase of a capture's frame grid (see MediaAnalysis). VP8 and Opus in WebM, which any Chromium
 * plays. The file's own offset, measured by MediaAnalysis like a recording's, is the reference.
 */
public final class MarkerClip {
    public static final String NAME = "markers.webm";
    /** A marker's start frame for second k: the expressions below compute it for each frame and sample. */
    private static final String START_FRAME = "ceil((K+0.1*(K*0.6180339887498949-floor(K*0.6180339887498949)))*60)";
    private static final int FPS = 60;

    private MarkerClip() {
    }

    /** Writes the clip, {@code seconds} long, into {@code dir} unless it is there; returns its path. */
    public static Path make(Path dir, int seconds) throws IOException, InterruptedException {
        Path clip = dir.resolve(NAME);
        if (Files.isRegularFile(clip)) {
            return clip;
        }
        Path partial = dir.resolve(NAME + ".part.webm");
        String flashStart = START_FRAME.replace("K", "floor(n/" + FPS + ")");
        String video = "testsrc2=s=640x360:r=" + FPS + ":d=" + seconds + ",lutyuv=y=val*0.35:u=128:v=128,"
                + "drawbox=x=0:y=0:w=iw:h=ih:color=white:t=fill:enable='between(n-" + flashStart + ",0,3)'";
        String beepStart = START_FRAME.replace("K", "ld(0)") + "/" + FPS;
        String audio = "aevalsrc=exprs='st(0,floor(t));st(1," + beepStart + ");st(2,t-ld(1));"
                + "0.6*sin(2*PI*1000*t)*clip(ld(2)/0.002,0,1)*clip((0.08-ld(2))/0.002,0,1)"
                + "+0.075*sin(2*PI*220*t)+0.075*sin(2*PI*330*t)':s=48000:d=" + seconds;
        Process p = new ProcessBuilder("ffmpeg", "-nostdin", "-y", "-hide_banner", "-loglevel", "error",
                "-f", "lavfi", "-i", video, "-f", "lavfi", "-i", audio,
                "-c:v", "libvpx", "-deadline", "realtime", "-cpu-used", "8", "-b:v", "1M", "-g", "120",
                "-c:a", "libopus", "-b:a", "96k", "-shortest", partial.toString())
                .redirectErrorStream(true).redirectOutput(dir.resolve("markers-ffmpeg.log").toFile()).start();
        try {
            if (!p.waitFor(5, TimeUnit.MINUTES) || p.exitValue() != 0) {
                throw new IOException("ffmpeg could not make " + clip + "; see " + dir.resolve("markers-ffmpeg.log"));
            }
        } finally {
            p.destroyForcibly();
        }
        Files.move(partial, clip);
        return clip;
    }

    /** {@code MarkerClip DIR [SECONDS]}: makes the clip in DIR. */
    public static void main(String[] args) throws Exception {
        System.out.println(make(Path.of(args[0]), args.length > 1 ? Integer.parseInt(args[1]) : 60));
    }
}
