package live.recbot.encode;

import static org.bytedeco.ffmpeg.global.avutil.av_strerror;

/** A failed FFmpeg call, with FFmpeg's own words for the error code. */
public final class FFmpegException extends Exception {
    private final int code;

    public FFmpegException(String what, int code) {
        super(what + ": " + describe(code));
        this.code = code;
    }

    public int code() {
        return code;
    }

    public static String describe(int code) {
        byte[] buf = new byte[256];
        av_strerror(code, buf, buf.length);
        int n = 0;
        while (n < buf.length && buf[n] != 0) {
            n++;
        }
        return new String(buf, 0, n, java.nio.charset.StandardCharsets.UTF_8) + " (" + code + ")";
    }

    public static int check(String what, int ret) throws FFmpegException {
        if (ret < 0) {
            throw new FFmpegException(what, ret);
        }
        return ret;
    }
}
