package live.recbot.session;

import java.time.Duration;
import live.recbot.browser.BrowserException;
import live.recbot.core.ErrorCode;
import live.recbot.core.RecbotError;
import live.recbot.core.Redactor;
import live.recbot.encode.FFmpegException;

/**
 * The start of a session on its stack: once the servers run, the meeting page opens while the
 * media part gets ready, and only once the page has loaded does media flow to the outputs.
 */
final class SessionStartup {
    private static final Duration CAPTURE_START_TIMEOUT = Duration.ofSeconds(15);

    private final StopSignal stop;
    private final CaptureStart captures;
    private final Redactor redactor;

    SessionStartup(StopSignal stop, CaptureStart captures, Redactor redactor) {
        this.stop = stop;
        this.captures = captures;
        this.redactor = redactor;
    }

    /** Runs the start-up on {@code stack}; returns when the recording started or the session ended. */
    Startup run(SessionStack stack) {
        try {
            stack.awaitServers();
            if (stop.isRequested()) {
                return new Startup.Ended(stop.ending());
            }
            if (!stack.openBrowser(stop::isRequested)) {
                if (stop.failure().isEmpty() && stack.mediaFailed()) {
                    stack.media(); // throws the media part's failure
                }
                return new Startup.Ended(stop.ending());
            }
            MediaPipeline media = stack.media();
            if (stop.isRequested()) {
                return new Startup.Ended(stop.ending());
            }
            media.release();
            return captures.await(CAPTURE_START_TIMEOUT);
        } catch (BrowserException e) {
            return failed(e.error().withMessage(redactor.scrub(e.error().message())));
        } catch (FFmpegException e) {
            return failed(new RecbotError.HostError(ErrorCode.ENCODER_UNAVAILABLE, redactor.scrub(e.getMessage()), false));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return failed(new RecbotError.SessionError(ErrorCode.INTERRUPTED, "the session was interrupted", true));
        }
    }

    private static Startup failed(RecbotError error) {
        return new Startup.Ended(new Ending.Failed(error));
    }
}
