package live.recbot.status;

/** Receives every status change, in order, on the reporter's own thread. */
@FunctionalInterface
public interface StatusListener {
    void onStatus(StatusDocument status);
}
