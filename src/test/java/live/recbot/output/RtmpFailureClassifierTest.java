package live.recbot.output;

import static live.recbot.output.RtmpFailureClassifier.Verdict.DOWN;
import static live.recbot.output.RtmpFailureClassifier.Verdict.REJECTED;
import static org.assertj.core.api.Assertions.assertThat;
import static org.bytedeco.ffmpeg.global.avutil.AVERROR_EOF;
import static org.bytedeco.ffmpeg.global.avutil.AVERROR_EXIT;

import java.time.Duration;
import java.util.stream.Stream;
import live.recbot.output.RtmpFailureClassifier.Attempt;
import live.recbot.output.RtmpFailureClassifier.History;
import live.recbot.output.RtmpFailureClassifier.Outcome;
import live.recbot.output.RtmpFailureClassifier.Verdict;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class RtmpFailureClassifierTest {
    /** AVERROR(EIO): what FFmpeg reports when the server answers the publish with an error. */
    private static final int EIO = -5;
    private static final History FRESH = History.FRESH;
    private static final History ONE_REFUSAL = new History(false, 1);
    private static final History STABLE = new History(true, 0);
    private static final Duration QUICK = Duration.ofSeconds(1);
    private static final Duration LONG = Duration.ofSeconds(30);

    static Stream<Arguments> cases() {
        return Stream.of(
                // A network error never counts as a refusal.
                row("refused connection", FRESH, Attempt.neverConnected(RtmpFailureClassifier.ECONNREFUSED), DOWN, FRESH),
                row("timed out", ONE_REFUSAL, Attempt.neverConnected(RtmpFailureClassifier.ETIMEDOUT), DOWN, FRESH),
                row("host unreachable", FRESH, Attempt.neverConnected(RtmpFailureClassifier.EHOSTUNREACH), DOWN, FRESH),
                row("network unreachable", FRESH, Attempt.neverConnected(RtmpFailureClassifier.ENETUNREACH), DOWN, FRESH),
                row("reset", FRESH, Attempt.neverConnected(RtmpFailureClassifier.ECONNRESET), DOWN, FRESH),
                row("broken pipe", FRESH, Attempt.neverConnected(RtmpFailureClassifier.EPIPE), DOWN, FRESH),
                row("aborted call", ONE_REFUSAL, Attempt.neverConnected(AVERROR_EXIT), DOWN, FRESH),
                // Answered with a non-network error: a refusal; the second in a row rejects the stream.
                row("first server error", FRESH, Attempt.neverConnected(EIO), DOWN, ONE_REFUSAL),
                row("second server error", ONE_REFUSAL, Attempt.neverConnected(EIO), REJECTED, new History(false, 2)),
                row("end of stream at the handshake", ONE_REFUSAL, Attempt.neverConnected(AVERROR_EOF), REJECTED,
                        new History(false, 2)),
                // Dropped soon after the publish: a refusal, whatever the error.
                row("first quick drop", FRESH, Attempt.droppedAfter(RtmpFailureClassifier.ECONNRESET, QUICK), DOWN,
                        ONE_REFUSAL),
                row("second quick drop", ONE_REFUSAL, Attempt.droppedAfter(EIO, QUICK), REJECTED, new History(false, 2)),
                row("quick drop just inside the window", ONE_REFUSAL,
                        Attempt.droppedAfter(EIO, RtmpFailureClassifier.REJECT_WINDOW.minusMillis(1)), REJECTED,
                        new History(false, 2)),
                // A connection that lived past the window proves the key good, for good.
                row("drop at the window's end", ONE_REFUSAL,
                        Attempt.droppedAfter(EIO, RtmpFailureClassifier.REJECT_WINDOW), DOWN, STABLE),
                row("drop after streaming", FRESH, Attempt.droppedAfter(EIO, LONG), DOWN, STABLE),
                row("quick drop once stable", STABLE, Attempt.droppedAfter(EIO, QUICK), DOWN, STABLE),
                row("server error once stable", STABLE, Attempt.neverConnected(EIO), DOWN, STABLE));
    }

    private static Arguments row(String name, History before, Attempt attempt, Verdict verdict, History after) {
        return Arguments.of(name, before, attempt, verdict, after);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void classifies(String name, History before, Attempt attempt, Verdict verdict, History after) {
        Outcome outcome = RtmpFailureClassifier.classify(before, attempt);

        assertThat(outcome.verdict()).isEqualTo(verdict);
        assertThat(outcome.history()).isEqualTo(after);
    }

    @Test
    void aKeyRefusedAtEveryPublishIsRejectedAtTheSecondAttempt() {
        Outcome first = RtmpFailureClassifier.classify(FRESH, Attempt.droppedAfter(EIO, QUICK));
        Outcome second = RtmpFailureClassifier.classify(first.history(), Attempt.droppedAfter(EIO, QUICK));

        assertThat(first.verdict()).isEqualTo(DOWN);
        assertThat(second.verdict()).isEqualTo(REJECTED);
    }

    @Test
    void anOutageBetweenTwoQuickDropsStartsTheCountAgain() {
        History h = RtmpFailureClassifier.classify(FRESH, Attempt.droppedAfter(EIO, QUICK)).history();
        h = RtmpFailureClassifier.classify(h, Attempt.neverConnected(RtmpFailureClassifier.ECONNREFUSED)).history();
        Outcome third = RtmpFailureClassifier.classify(h, Attempt.droppedAfter(EIO, QUICK));

        assertThat(third.verdict()).isEqualTo(DOWN);
        assertThat(third.history()).isEqualTo(ONE_REFUSAL);
    }

    @Test
    void anIngestThatFlapsAfterStreamingIsNeverRejected() {
        History h = RtmpFailureClassifier.classify(FRESH, Attempt.droppedAfter(EIO, LONG)).history();
        for (int i = 0; i < 5; i++) {
            Outcome o = RtmpFailureClassifier.classify(h, Attempt.droppedAfter(EIO, QUICK));
            assertThat(o.verdict()).as("quick drop %d after a stable connection", i + 1).isEqualTo(DOWN);
            h = o.history();
        }
    }

    @Test
    void onlyNetworkErrorsCountAsNetwork() {
        assertThat(RtmpFailureClassifier.network(RtmpFailureClassifier.ETIMEDOUT)).isTrue();
        assertThat(RtmpFailureClassifier.network(AVERROR_EXIT)).isTrue();
        assertThat(RtmpFailureClassifier.network(EIO)).isFalse();
        assertThat(RtmpFailureClassifier.network(AVERROR_EOF)).isFalse();
    }
}
