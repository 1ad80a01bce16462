package live.recbot.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class ReportTest {
    private static RunResult recbot(int rep, double recordedSeconds, double slopeMsPer10Min) {
        return new RunResult(Report.RECBOT, rep, recordedSeconds - 10, 20.0, 40.0, 45.0, 170.0, 2.9, 0.6, 143, 0,
                recordedSeconds, 1800, 1795, 29.9, 0.997, 60, 2.0, -12.0, 15.0, 1.0, slopeMsPer10Min, 25.0, 31.0, 1.0, null, null);
    }

    private static Report.Target drift(List<RunResult> runs) {
        return new Report(runs, List.of(Report.RECBOT)).targets.stream()
                .filter(t -> t.name().startsWith("A/V drift")).findFirst().orElseThrow();
    }

    @Test
    void driftIsNotJudgedFromRunsShorterThanTenMinutes() {
        Report.Target t = drift(List.of(recbot(0, 66, 40), recbot(1, 66, -30), recbot(2, 66, 5)));
        assertThat(t.measured()).isEqualTo(5.0);
        assertThat(t.met()).isNull();
    }

    @Test
    void driftIsJudgedFromTenMinuteRuns() {
        assertThat(drift(List.of(recbot(0, 606, 3))).met()).isTrue();
        assertThat(drift(List.of(recbot(0, 606, -14))).met()).isFalse();
    }

    @Test
    void oneShortRunAmongLongOnesLeavesDriftUnjudged() {
        assertThat(drift(List.of(recbot(0, 606, 3), recbot(1, 300, 2))).met()).isNull();
    }

    @Test
    void watchingIsJudgedAgainstTheSameRepetitionsUnwatchedRun() {
        RunResult plain = recbot(0, 66, 0);
        RunResult watched = new RunResult(BenchOptions.WATCHED, 0, 56, 20.6, 40.0, 45.0, 170.0, 2.9, 0.6, 143, 0,
                66.0, 1800, 1795, 29.9, 0.997, 60, 2.0, -12.0, 15.0, 1.0, 0.0, 25.0, 31.0, 1.0, null, null);
        Report.Target t = new Report(List.of(plain, watched), List.of(Report.RECBOT, BenchOptions.WATCHED)).targets
                .stream().filter(x -> x.name().startsWith("a dashboard")).findFirst().orElseThrow();
        assertThat(t.measured()).isCloseTo(3.0, org.assertj.core.data.Offset.offset(1e-9));
        assertThat(t.met()).isTrue();
    }

    @Test
    void theThreadsAnsweringTheDashboardAreSetAgainstTheUnwatchedRunsCpu() {
        RunResult plain = recbot(0, 66, 0);
        RunResult watched = new RunResult(BenchOptions.WATCHED, 0, 56, 23.0, 40.0, 45.0, 170.0, 2.9, 0.6, 143, 0,
                66.0, 1800, 1795, 29.9, 0.997, 60, 2.0, -12.0, 15.0, 1.0, 0.0, 25.0, 31.0, 1.0, null, null)
                .withRequestCpu(1.5);

        Report report = new Report(List.of(plain, watched), List.of(Report.RECBOT, BenchOptions.WATCHED));

        assertThat(report.ratios).filteredOn(r -> r.name().equals(BenchOptions.WATCHED
                + " request threads / recbot-3 capture+encode CPU")).singleElement()
                .satisfies(r -> assertThat(r.median()).isCloseTo(1.5 / 20.0, org.assertj.core.data.Offset.offset(1e-9)));
    }

    @Test
    void eachPageKindRunShowsWhereItsOffsetsSettledOrThatTheyDidNot() {
        Settling settled = new Settling(true, 20.0, 40, -3.0, -15.0, 12.0);
        Settling never = new Settling(false, null, 0, null, null, null);
        RunResult video = new RunResult("recbot-3@video", 0, 30, 20.0, 40.0, 45.0, 170.0, 2.9, 0.6, 143, 0,
                40.0, 1200, 1190, 29.9, 0.99, 40, 2.0, -12.0, 15.0, 1.0, 0.0, null, null, null, settled, null);
        RunResult webrtc = new RunResult("recbot-3@webrtc", 0, 30, 20.0, 40.0, 45.0, 170.0, 2.9, 0.6, 143, 0,
                40.0, 1200, 1190, 29.9, 0.99, 40, 30.0, -12.0, 80.0, -60.0, -900.0, null, null, null, never, null);
        String md = new Report(List.of(video, webrtc), List.of("recbot-3@video", "recbot-3@webrtc")).markdown();
        assertThat(md).contains("| recbot-3@video | 1 | 20 | -3 | -15..12 | 40 |")
                .contains("| recbot-3@webrtc | 1 | not settled | - | -..- | 0 |");
        assertThat(new Report(List.of(recbot(0, 66, 0)), List.of(Report.RECBOT)).markdown()).doesNotContain("settled after");
    }
}
