package live.recbot.api;

import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.time.Duration;
import java.util.Optional;
import java.util.function.LongSupplier;
import java.util.function.Supplier;
import live.recbot.capture.PreviewTap;
import live.recbot.core.ErrorCode;
import live.recbot.encode.PreviewJpeg;

/**
 * GET /v1/preview.jpg's picture: made only when asked, at most once per {@link #MAX_AGE}, from a
 * copy the capture thread hands over; concurrent askers wait for the one being made and share it.
 * A picture is never served for a session other than the one it came from.
 */
final class Preview {
    static final Duration MAX_AGE = Duration.ofSeconds(1);
    /** Pictures come every 33 ms while a session records: none in this long means it no longer does. */
    static final Duration FRAME_WAIT = Duration.ofSeconds(1);

    /** What GET /v1/preview.jpg answers. */
    sealed interface Answer {
        record Jpeg(byte[] bytes) implements Answer {
        }

        /** Nothing records, no picture came, or the session has none: 503. */
        record Unavailable(String message) implements Answer {
        }

        /** The screen image cannot be read: 500. */
        record Failed(String message) implements Answer {
        }
    }

    private record Made(PreviewTap from, byte[] jpeg, long atNanos) {
    }

    private final Supplier<Optional<PreviewTap>> source;
    private final LongSupplier nanoTime;
    private final Duration frameWait;
    private Made last;

    /** {@code source}: the tap of the session that records now, if any. */
    Preview(Supplier<Optional<PreviewTap>> source, LongSupplier nanoTime, Duration frameWait) {
        this.source = source;
        this.nanoTime = nanoTime;
        this.frameWait = frameWait;
    }

    Preview(Supplier<Optional<PreviewTap>> source) {
        this(source, System::nanoTime, FRAME_WAIT);
    }

    void serve(HttpExchange ex) throws IOException {
        Answer answer;
        try {
            answer = get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            answer = new Answer.Unavailable("the server is stopping");
        }
        if (answer instanceof Answer.Jpeg j) {
            Replies.sendBytes(ex, 200, "image/jpeg", j.bytes());
        } else if (answer instanceof Answer.Unavailable u) {
            Replies.sendError(ex, 503, ErrorCode.NOT_RUNNING, "preview: " + u.message());
        } else if (answer instanceof Answer.Failed f) {
            Replies.sendError(ex, 500, ErrorCode.INTERNAL, "preview: " + f.message());
        }
    }

    synchronized Answer get() throws IOException, InterruptedException {
        Optional<PreviewTap> tap = source.get();
        if (tap.isEmpty()) {
            last = null;
            return new Answer.Unavailable("nothing is recording");
        }
        if (!tap.get().hasPicture()) {
            last = null;
            return new Answer.Unavailable("the session records the sound alone (audioOnly): it has no picture");
        }
        long now = nanoTime.getAsLong();
        if (last != null && last.from() == tap.get() && now - last.atNanos() < MAX_AGE.toNanos()) {
            return new Answer.Jpeg(last.jpeg());
        }
        Optional<byte[]> jpeg;
        try {
            jpeg = tap.get().take(frameWait, p -> PreviewJpeg.encode(p.pixels(), p.width(), p.height(), p.pixelFormat()));
        } catch (IllegalArgumentException | IllegalStateException e) {
            return new Answer.Failed(e.getMessage());
        }
        if (jpeg.isEmpty()) {
            return new Answer.Unavailable("no picture was captured within " + frameWait.toMillis() + " ms");
        }
        // Aged from when it was made: waiting for a frame and encoding can take most of a second under load.
        last = new Made(tap.get(), jpeg.get(), nanoTime.getAsLong());
        return new Answer.Jpeg(jpeg.get());
    }
}
