package live.recbot.status;

import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;

/**
 * A recording's state under the 100ms SDK's names: {@code none -> starting -> started <->
 * paused/resumed -> stopped}, or {@code failed}. Shared by every kind of recording (browser,
 * server, HLS); written in lower case.
 */
public enum RecordingState {
    NONE, STARTING, STARTED, PAUSED, RESUMED, STOPPED, FAILED;

    /** Whether this state is final: nothing follows it in the same session. */
    public boolean ended() {
        return this == STOPPED || this == FAILED;
    }

    @JsonValue
    public String wire() {
        return name().toLowerCase(Locale.ROOT);
    }
}
