package live.recbot.encode;

import static org.bytedeco.ffmpeg.global.avcodec.AV_CODEC_ID_H264;
import static org.bytedeco.ffmpeg.global.avcodec.AV_PKT_FLAG_KEY;
import static org.bytedeco.ffmpeg.global.avcodec.av_packet_clone;
import static org.bytedeco.ffmpeg.global.avcodec.av_packet_free;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_alloc_context3;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_find_decoder;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_free_context;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_open2;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_parameters_to_context;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_receive_frame;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_send_packet;
import static org.bytedeco.ffmpeg.global.avutil.AV_PIX_FMT_BGR0;
import static org.bytedeco.ffmpeg.global.avutil.av_frame_alloc;
import static org.bytedeco.ffmpeg.global.avutil.av_frame_free;
import static org.bytedeco.ffmpeg.global.avutil.av_q2d;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.List;
import live.recbot.browser.ChromiumBrowser;
import live.recbot.config.HMSResolution;
import org.bytedeco.ffmpeg.avcodec.AVCodecContext;
import org.bytedeco.ffmpeg.avcodec.AVPacket;
import org.bytedeco.ffmpeg.avutil.AVDictionary;
import org.bytedeco.ffmpeg.avutil.AVFrame;
import org.bytedeco.javacpp.BytePointer;
import org.junit.jupiter.api.Test;

/** The real conversion and x264 encode, fed synthetic screen images; the packets are decoded back. */
class VideoEncoderTest {
    private static final HMSResolution SIZE = new HMSResolution(320, 180);

    @Test
    void aWarmUpImageIsConvertedButNeverEncoded() throws Exception {
        EncoderSettings settings = EncoderSettings.forResolution(SIZE, ChromiumBrowser.FRAME_INTERVAL);
        List<AVPacket> out = new ArrayList<>();
        try (VideoEncoder encoder = new VideoEncoder(settings, p -> out.add(av_packet_clone(p)));
             BytePointer black = screen(0);
             BytePointer white = screen(255)) {
            encoder.warmUp(black, SIZE.width() * 4, AV_PIX_FMT_BGR0);
            assertThat(out).as("packets from the warm-up").isEmpty();
            assertThat(encoder.framesEncoded()).isZero();

            encoder.encode(white, SIZE.width() * 4, AV_PIX_FMT_BGR0, 0);
            assertThat(out).hasSize(1);
            AVPacket first = out.get(0);
            assertThat(first.pts()).isZero();
            assertThat(first.flags() & AV_PKT_FLAG_KEY).as("the first picture is a keyframe").isNotZero();
            // The recording's first picture is its own image, not the warm-up's (limited range: white is 235).
            assertThat(meanLuma(encoder.stream(), first)).isGreaterThan(200);
        } finally {
            out.forEach(p -> av_packet_free(p));
        }
    }

    @Test
    void eachPictureKeepsItsPlaceOnTheCaptureSchedule() throws Exception {
        // The capture grabs every 33 332 us, in step with Chromium. On a 1/30 s grid, the
        // 12 500th grab (416.650 s) would be stamped 416.633 or 416.667 s.
        Encoded e = encodeGreyAt(0, 33_332, 66_664 + 900, 12_500 * 33_332L);
        double[] stamped = {0, 0.033332, 0.066664, 416.65};
        assertThat(e.pts()).hasSize(stamped.length);
        for (int i = 0; i < stamped.length; i++) {
            assertThat(e.pts().get(i) * e.secondsPerTick()).as("picture %d", i).isCloseTo(stamped[i], within(1e-9));
        }
    }

    @Test
    void anImageTooEarlyForTheNextSlotIsSkippedAndALateOneKeepsTheSchedule() throws Exception {
        Encoded e = encodeGreyAt(0, 33_332, 33_332 + 5, 2 * 33_332 + 25_000, 3 * 33_332);
        assertThat(e.pts()).containsExactly(0L, 1L, 2L, 3L);
        assertThat(e.skipped()).as("counted as skipped").isEqualTo(1);
        assertThat(e.encodeNanos()).as("the time of the four encoded").isPositive();
    }

    @Test
    void aKeyframeAskedForIsTheNextPictureAndOnlyThat() throws Exception {
        EncoderSettings settings = EncoderSettings.forResolution(SIZE, ChromiumBrowser.FRAME_INTERVAL);
        List<AVPacket> out = new ArrayList<>();
        try (VideoEncoder encoder = new VideoEncoder(settings, p -> out.add(av_packet_clone(p)));
             BytePointer grey = screen(128)) {
            for (int i = 0; i < 10; i++) {
                if (i == 5) {
                    encoder.requestKeyframe();
                }
                encoder.encode(grey, SIZE.width() * 4, AV_PIX_FMT_BGR0, i * 33_332L);
            }
            assertThat(out.stream().map(p -> (p.flags() & AV_PKT_FLAG_KEY) != 0))
                    .containsExactly(true, false, false, false, false, true, false, false, false, false);
        } finally {
            out.forEach(p -> av_packet_free(p));
        }
    }

    @Test
    void standingInEncodesTheStillPausedPictureOnTheCaptureSchedule() throws Exception {
        EncoderSettings settings = EncoderSettings.forResolution(SIZE, ChromiumBrowser.FRAME_INTERVAL);
        List<AVPacket> out = new ArrayList<>();
        try (VideoEncoder encoder = new VideoEncoder(settings, p -> out.add(av_packet_clone(p)));
             BytePointer white = screen(255)) {
            encoder.encode(white, SIZE.width() * 4, AV_PIX_FMT_BGR0, 0);
            assertThat(encoder.standInUntilMicros()).isEqualTo(Long.MIN_VALUE);
            encoder.standIn(true);
            encoder.requestKeyframe();
            encoder.encode(white, SIZE.width() * 4, AV_PIX_FMT_BGR0, 33_332);
            assertThat(encoder.standInUntilMicros()).isEqualTo(out.get(1).pts() * 33_332);
            encoder.standIn(false);
            encoder.requestKeyframe();
            encoder.encode(white, SIZE.width() * 4, AV_PIX_FMT_BGR0, 66_664);
            assertThat(meanLuma(encoder.stream(), out.get(1))).as("dark grey with white text").isBetween(20.0, 80.0);
            assertThat(meanLuma(encoder.stream(), out.get(2))).as("the captured picture again").isGreaterThan(200);
        } finally {
            out.forEach(p -> av_packet_free(p));
        }
    }

    /** The time stamps of the packets, the length of one tick in seconds, and the encoder's counts. */
    private record Encoded(List<Long> pts, double secondsPerTick, long skipped, long encodeNanos) {
    }

    /** Encodes the same grey picture once for each capture time (microseconds on the session clock). */
    private static Encoded encodeGreyAt(long... capturedMicros) throws Exception {
        EncoderSettings settings = EncoderSettings.forResolution(SIZE, ChromiumBrowser.FRAME_INTERVAL);
        List<AVPacket> out = new ArrayList<>();
        try (VideoEncoder encoder = new VideoEncoder(settings, p -> out.add(av_packet_clone(p)));
             BytePointer grey = screen(128)) {
            for (long micros : capturedMicros) {
                encoder.encode(grey, SIZE.width() * 4, AV_PIX_FMT_BGR0, micros);
            }
            assertThat(encoder.framesEncoded()).as("pictures encoded").isEqualTo(out.size());
            return new Encoded(out.stream().map(AVPacket::pts).toList(), av_q2d(encoder.stream().timeBase()),
                    encoder.framesSkipped(), encoder.encodeNanos());
        } finally {
            out.forEach(p -> av_packet_free(p));
        }
    }

    /** A bgr0 screen image of one grey level. */
    private static BytePointer screen(int level) {
        BytePointer image = new BytePointer((long) SIZE.width() * SIZE.height() * 4);
        for (long i = 0; i < image.capacity(); i++) {
            image.put(i, (byte) level);
        }
        return image;
    }

    private static double meanLuma(EncodedStream stream, AVPacket packet) {
        AVCodecContext dec = avcodec_alloc_context3(avcodec_find_decoder(AV_CODEC_ID_H264));
        AVFrame frame = av_frame_alloc();
        try {
            assertThat(avcodec_parameters_to_context(dec, stream.parameters())).isGreaterThanOrEqualTo(0);
            assertThat(avcodec_open2(dec, dec.codec(), (AVDictionary) null)).isGreaterThanOrEqualTo(0);
            assertThat(avcodec_send_packet(dec, packet)).isGreaterThanOrEqualTo(0);
            assertThat(avcodec_send_packet(dec, null)).isGreaterThanOrEqualTo(0);
            assertThat(avcodec_receive_frame(dec, frame)).as("a decoded picture").isGreaterThanOrEqualTo(0);
            BytePointer y = frame.data(0);
            long sum = 0;
            for (int row = 0; row < frame.height(); row++) {
                for (int col = 0; col < frame.width(); col++) {
                    sum += y.get((long) row * frame.linesize(0) + col) & 0xff;
                }
            }
            return (double) sum / (frame.width() * frame.height());
        } finally {
            av_frame_free(frame);
            avcodec_free_context(dec);
        }
    }
}
