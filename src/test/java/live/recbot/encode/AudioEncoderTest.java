package live.recbot.encode;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.function.IntToLongFunction;
import live.recbot.browser.ChromiumBrowser;
import live.recbot.config.HMSResolution;
import org.bytedeco.javacpp.BytePointer;
import org.junit.jupiter.api.Test;

/** The real AAC encoder and resampler, fed synthetic PCM with chosen capture timestamps. */
class AudioEncoderTest {
    private static final int RATE = 48_000;
    private static final int PACKET = 960;

    /** Packet timestamps and durations, in samples, as the encoder produced them. */
    private record Output(List<long[]> packets) {
        /** Where the sound ends: the first sample was stamped 0 (the encoder's priming is before). */
        long end() {
            long[] last = packets.get(packets.size() - 1);
            return last[0] + last[1];
        }
    }

    private static Output encode(int packets, IntToLongFunction stampMicros) throws Exception {
        return encode(packets, stampMicros, -1);
    }

    /** As above, {@link AudioEncoder#realignNext} called before packet {@code realignAt}. */
    private static Output encode(int packets, IntToLongFunction stampMicros, int realignAt) throws Exception {
        EncoderSettings settings = EncoderSettings.forResolution(HMSResolution.DEFAULT, ChromiumBrowser.FRAME_INTERVAL);
        List<long[]> out = new ArrayList<>();
        try (AudioEncoder encoder = new AudioEncoder(settings, p -> out.add(new long[] {p.pts(), p.duration()}));
             BytePointer pcm = new BytePointer(PACKET * 4L)) {
            for (int i = 0; i < packets; i++) {
                for (int s = 0; s < PACKET; s++) {
                    short v = (short) (8000 * Math.sin(2 * Math.PI * 440 * (i * PACKET + s) / RATE));
                    pcm.putShort(s * 4L, v);
                    pcm.putShort(s * 4L + 2, v);
                }
                if (i == realignAt) {
                    encoder.realignNext();
                }
                encoder.encode(pcm, PACKET * 4, stampMicros.applyAsLong(i));
            }
            encoder.flush();
        }
        return new Output(out);
    }

    private static long micros(double samples) {
        return Math.round(samples * 1_000_000 / RATE);
    }

    @Test
    void soundFromBeforeTheFirstPictureIsCutSoTheRestLandsOnItsTime() throws Exception {
        // The first fragment began 480 samples (10 ms) before the first picture, the session's 0.
        Output o = encode(3, i -> micros(i * (double) PACKET - 480));
        assertEquals(3L * PACKET - 480, o.end(), 2, "samples out: the 480 before 0 are not kept");
        Output late = encode(3, i -> micros(i * (double) PACKET - 2 * PACKET - 480));
        assertEquals(PACKET - 480, late.end(), 2, "fragments wholly before 0 are dropped, the straddling one cut");
    }

    @Test
    void soundOnTimeKeepsEverySample() throws Exception {
        Output o = encode(500, i -> micros(i * (double) PACKET));
        assertEquals(500L * PACKET, o.end(), 2, "samples out, against samples in");
    }

    @Test
    void soundDeliveredFasterThanTheClockIsSteeredOntoTheClock() throws Exception {
        // 500 ppm: a minute of it would put the sound 30 ms (1440 samples) ahead of the picture.
        int packets = 3000;
        Output o = encode(packets, i -> micros(i * PACKET * (1 - 500e-6)));
        long clockEnd = Math.round(packets * PACKET * (1 - 500e-6));
        long uncorrected = (long) packets * PACKET;
        assertTrue(uncorrected - clockEnd > 1400);
        long settled = Math.round(RATE * 500e-6 * SampleSteering.CORRECTION_SECONDS);
        assertEquals(clockEnd, o.end(), settled + 48,
                "end of the sound, in samples from its start (clock says " + clockEnd + ", count " + uncorrected + ")");
    }

    @Test
    void soundDeliveredSlowerThanTheClockIsSteeredOntoTheClock() throws Exception {
        int packets = 3000;
        Output o = encode(packets, i -> micros(i * PACKET * (1 + 500e-6)));
        long clockEnd = Math.round(packets * PACKET * (1 + 500e-6));
        long settled = Math.round(RATE * 500e-6 * SampleSteering.CORRECTION_SECONDS);
        assertEquals(clockEnd, o.end(), settled + 48);
    }

    @Test
    void aGapInCaptureIsFilledWithSilence() throws Exception {
        // Half a second missing after packet 100.
        Output o = encode(300, i -> micros(i * (double) PACKET + (i >= 100 ? RATE / 2 : 0)));
        assertEquals(300L * PACKET + RATE / 2, o.end(), 2);
    }

    @Test
    void aNewDelayIsTakenAtOnceWhenAskedAndSteeredOtherwise() throws Exception {
        // From packet 100 on, the sound is stamped 75 ms (3600 samples) earlier: a page that began
        // playing its sound through a media element.
        IntToLongFunction stamps = i -> micros(i * (double) PACKET - (i >= 100 ? 3600 : 0));
        Output realigned = encode(300, stamps, 100);
        // Within a millisecond: while the surplus is dropped over a few packets, the steering sees their errors too.
        assertEquals(300L * PACKET - 3600, realigned.end(), 48, "the surplus dropped at once");
        Output steered = encode(300, stamps, -1);
        assertTrue(steered.end() > 300L * PACKET - 3600 + 1000, "steered at most 0.3 %: " + steered.end());
    }

    @Test
    void surplusSoundIsDropped() throws Exception {
        // Twenty packets (0.4 s) stamped as if they all came at once: 0.38 s more sound than time.
        Output o = encode(300, i -> micros(i < 100 ? i * (double) PACKET
                : i < 120 ? 100.0 * PACKET : (i - 19) * (double) PACKET));
        long clockEnd = 281L * PACKET;
        assertEquals(clockEnd, o.end(), RATE * AudioEncoder.MAX_GAP_MS / 1000 + 2);
        assertTrue(o.end() < 300L * PACKET - RATE / 4, "surplus dropped");
    }
}
