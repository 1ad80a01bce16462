package live.recbot.status;

import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/** Records every document it receives and the thread it received it on. */
final class RecordingListener implements StatusListener {
    final List<StatusDocument> documents = new CopyOnWriteArrayList<>();
    final Set<Thread> threads = ConcurrentHashMap.newKeySet();

    @Override
    public void onStatus(StatusDocument status) {
        threads.add(Thread.currentThread());
        documents.add(status);
    }

    StatusDocument last() {
        return documents.get(documents.size() - 1);
    }
}
