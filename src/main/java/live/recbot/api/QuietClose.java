package live.recbot.api;

import java.io.IOException;
import java.nio.channels.Channel;

/** Closing a socket the gate is done with: a failure there leaves nothing to do. */
final class QuietClose {
    private QuietClose() {
    }

    static void close(Channel channel) {
        try {
            channel.close();
        } catch (IOException e) {
            // Already failed or closed.
        }
    }
}
