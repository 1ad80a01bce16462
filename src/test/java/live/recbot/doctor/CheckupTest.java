package live.recbot.doctor;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class CheckupTest {
    private record Fixed(String name, CheckResult result) implements Check {
        @Override
        public CheckResult run() {
            return result;
        }
    }

    @Test
    void findingsComeInTheChecksOrder() {
        List<Finding> findings = Checkup.run(List.of(new Fixed("a", CheckResult.pass("1")),
                new Fixed("b", CheckResult.fail("2", "fix b")), new Fixed("c", CheckResult.pass("3"))));
        assertThat(findings).containsExactly(new Finding("a", CheckResult.pass("1")),
                new Finding("b", CheckResult.fail("2", "fix b")), new Finding("c", CheckResult.pass("3")));
        assertThat(findings).extracting(Finding::passed).containsExactly(true, false, true);
    }

    @Test
    void checksRunSideBySide() {
        // Each of the first two waits for the other to have started: run one after the other, both would fail.
        CountDownLatch started = new CountDownLatch(2);
        Check waiting = new Check() {
            @Override
            public String name() {
                return "waits";
            }

            @Override
            public CheckResult run() {
                started.countDown();
                try {
                    return started.await(10, TimeUnit.SECONDS) ? CheckResult.pass("met") : CheckResult.fail("alone", "-");
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return CheckResult.fail("interrupted", "-");
                }
            }
        };
        assertThat(Checkup.run(List.of(waiting, waiting))).allMatch(Finding::passed);
    }

    @Test
    void aCheckThatThrowsIsAFailedRowNotAnException() {
        Check broken = new Check() {
            @Override
            public String name() {
                return "broken";
            }

            @Override
            public CheckResult run() {
                throw new IllegalStateException("boom");
            }
        };
        List<Finding> findings = Checkup.run(List.of(broken, new Fixed("fine", CheckResult.pass("ok"))));
        assertThat(findings.get(0).result()).isInstanceOf(CheckResult.Fail.class);
        assertThat(findings.get(0).result().detail()).contains("boom");
        assertThat(findings.get(1).passed()).isTrue();
    }
}
