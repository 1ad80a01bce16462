package live.recbot.status;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Logs every room status change as its JSON document, under the logger "recbot.status". */
public final class JsonStatusLog implements RoomStatus.ChangeListener {
    private static final Logger log = LoggerFactory.getLogger("recbot.status");

    @Override
    public void onChange(RoomStatus.Change change) {
        log.info("{}", StatusJson.write(change.status()));
    }
}
