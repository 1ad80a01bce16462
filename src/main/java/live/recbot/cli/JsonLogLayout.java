package live.recbot.cli;

import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.ThrowableProxyUtil;
import ch.qos.logback.core.LayoutBase;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;

/**
 * One JSON object per line, for log collectors. Status changes (logger {@value #STATUS_LOGGER})
 * carry the status document as an object under "status".
 */
public final class JsonLogLayout extends LayoutBase<ILoggingEvent> {
    public static final String STATUS_LOGGER = "recbot.status";
    private static final ObjectMapper JSON = new ObjectMapper();

    @Override
    public String doLayout(ILoggingEvent event) {
        ObjectNode o = JSON.createObjectNode();
        o.put("ts", Instant.ofEpochMilli(event.getTimeStamp()).toString());
        o.put("level", event.getLevel().toString());
        o.put("logger", event.getLoggerName());
        o.put("thread", event.getThreadName());
        String message = event.getFormattedMessage();
        if (STATUS_LOGGER.equals(event.getLoggerName())) {
            o.put("message", "status changed");
            try {
                o.set("status", JSON.readTree(message));
            } catch (JsonProcessingException e) {
                o.put("status", message);
            }
        } else {
            o.put("message", message);
        }
        if (event.getThrowableProxy() != null) {
            o.put("error", ThrowableProxyUtil.asString(event.getThrowableProxy()));
        }
        return o.toString() + "\n";
    }
}
