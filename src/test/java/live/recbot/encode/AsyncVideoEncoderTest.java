package live.recbot.encode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.bytedeco.ffmpeg.global.avcodec.av_new_packet;
import static org.bytedeco.ffmpeg.global.avcodec.av_packet_alloc;
import static org.bytedeco.ffmpeg.global.avcodec.av_packet_free;
import static org.bytedeco.ffmpeg.global.avutil.AV_PIX_FMT_BGR0;

import live.recbot.browser.ChromiumBrowser;
import live.recbot.config.HMSResolution;
import org.bytedeco.ffmpeg.avcodec.AVPacket;
import org.junit.jupiter.api.Test;

/** The encoder thread's counts, as the metrics read them, over the real x264 encode. */
class AsyncVideoEncoderTest {
    private static final HMSResolution SIZE = new HMSResolution(320, 180);
    private static final int STRIDE = SIZE.width() * 4;

    @Test
    void everyCapturedPictureIsEncodedOrCountedAsDropped() throws Exception {
        EncoderSettings settings = EncoderSettings.forResolution(SIZE, ChromiumBrowser.FRAME_INTERVAL);
        AVPacket image = av_packet_alloc();
        try (VideoEncoder video = new VideoEncoder(settings, p -> { });
             AsyncVideoEncoder encoder = new AsyncVideoEncoder(video)) {
            assertThat(av_new_packet(image, STRIDE * SIZE.height())).isZero();
            image.data().capacity((long) STRIDE * SIZE.height()).fill(128);
            encoder.warmUp(image, STRIDE, AV_PIX_FMT_BGR0);
            // Handed over as fast as the loop runs: faster than x264 takes them, so some may be dropped.
            for (int i = 0; i < 60; i++) {
                encoder.submit(image, STRIDE, AV_PIX_FMT_BGR0, i * 33_332L);
            }
            encoder.finish();

            assertThat(encoder.framesCaptured()).as("the warm-up is not a captured picture").isEqualTo(60);
            assertThat(video.framesEncoded() + encoder.framesDropped() + video.framesSkipped()).isEqualTo(60);
            assertThat(video.framesEncoded()).isPositive();
            assertThat(video.encodeNanos()).isPositive();
        } finally {
            av_packet_free(image);
        }
    }
}
