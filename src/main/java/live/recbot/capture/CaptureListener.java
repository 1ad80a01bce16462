package live.recbot.capture;

import live.recbot.core.RecbotError;

/** How a capture source tells the session it started or failed. Called on the capture thread. */
public interface CaptureListener {
    void started(String source);

    void failed(String source, RecbotError error);
}
