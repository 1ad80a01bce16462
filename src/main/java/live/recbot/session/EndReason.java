package live.recbot.session;

/** Why a session ended, as shown in the final status. */
public enum EndReason {
    /** Stopped by a signal or a caller. */
    STOPPED("stopped"),
    MEETING_ENDED("meeting-ended"),
    MAX_DURATION("max-duration"),
    /** Silence and a frozen picture for the configured no-media timeout. */
    NO_MEDIA("no-media"),
    /** The meeting page closed its window, as a "leave" button does with {@code window.close()}. */
    PAGE_CLOSED("page-closed"),
    FAILED("failed");

    private final String label;

    EndReason(String label) {
        this.label = label;
    }

    public String label() {
        return label;
    }
}
