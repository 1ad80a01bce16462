package live.recbot.status;

import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;

/**
 * A stream's state under the 100ms SDK's names: {@code none -> starting -> started -> stopped},
 * or {@code failed}; written in lower case. A stream is not paused: its viewers would drop.
 */
public enum StreamingState {
    NONE, STARTING, STARTED, STOPPED, FAILED;

    /** Whether this state is final: nothing follows it in the same session. */
    public boolean ended() {
        return this == STOPPED || this == FAILED;
    }

    @JsonValue
    public String wire() {
        return name().toLowerCase(Locale.ROOT);
    }
}
