package live.recbot.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

/** The per-thread CPU count behind the benchmark's "request threads", on this test's own JVM. */
class ProcFsTest {

    @Test
    void aNamedThreadsCpuIsCountedWhileItRuns() throws Exception {
        AtomicBoolean stop = new AtomicBoolean();
        Thread busy = new Thread(() -> {
            long x = 0;
            while (!stop.get()) {
                x += System.nanoTime() % 7;
            }
            assertThat(x).isNotNegative();
        }, "procfs-probe");
        busy.start();
        try {
            long pid = ProcessHandle.current().pid();
            await().atMost(Duration.ofSeconds(10)).until(() -> ProcFs.threadTicks(pid, "procfs-probe"::equals) > 0);
            assertThat(ProcFs.threadTicks(pid, n -> false)).as("no thread of that name").isEqualTo(-1);
        } finally {
            stop.set(true);
            busy.join();
        }
    }

    @Test
    void theRequestThreadsAreTheGateTheDispatcherAndThePool() {
        assertThat(Runner.answersRequests("recbot-api-gate")).isTrue();
        assertThat(Runner.answersRequests("recbot-api-3")).isTrue();
        assertThat(Runner.answersRequests("HTTP-Dispatcher")).isTrue();
        assertThat(Runner.answersRequests("recbot-capture-")).isFalse();
        assertThat(Runner.answersRequests("recbot-encode-v")).isFalse();
    }
}
