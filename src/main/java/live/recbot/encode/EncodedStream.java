package live.recbot.encode;

import org.bytedeco.ffmpeg.avcodec.AVCodecParameters;
import org.bytedeco.ffmpeg.avutil.AVRational;

/**
 * An encoder's output as a muxer needs to describe it: codec parameters (with the global headers)
 * and the time base of its packets. Fixed once the encoder is open, so any output thread may read it.
 */
public record EncodedStream(int index, AVCodecParameters parameters, AVRational timeBase) {
}
