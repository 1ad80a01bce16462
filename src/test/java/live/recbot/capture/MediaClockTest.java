package live.recbot.capture;

import static org.assertj.core.api.Assertions.assertThat;
import static org.bytedeco.ffmpeg.global.avutil.av_gettime_relative;

import org.junit.jupiter.api.Test;

class MediaClockTest {
    @Test
    void aMomentOnTheMonotonicClockMapsOntoTheTimeLineTheFirstPictureStarted() {
        MediaClock.Source video = new MediaClock().primarySource();
        long first = av_gettime_relative();
        assertThat(video.toSessionMicros(first)).isZero();
        assertThat(video.monotonicToSessionMicros(first + 33_332)).isEqualTo(33_332);
        assertThat(video.monotonicToSessionMicros(first - 5_000)).isEqualTo(-5_000);
        assertThat(video.toSessionMicros(first + 66_664)).isEqualTo(66_664);
    }
}
