package dev.hazina.bench.load;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

class StepRunnerTest {

    @Test
    void shouldSustainWhenLatencyHoldsAndNothingIsMissingAndTheBacklogIsFlat() {
        assertThat(StepRunner.verdict(180, 500, 0, 480_000, 8_000, 3.0, 900, 1_100)).isEqualTo("sustained");
    }

    @Test
    void shouldFailOnP99AboveTheLimit() {
        assertThat(StepRunner.verdict(501, 500, 0, 480_000, 8_000, 0, 900, 900)).isEqualTo("p99 501 ms > 500 ms");
    }

    @Test
    void shouldFailWhenOutcomesAreMissingBeyondOneInAThousand() {
        assertThat(StepRunner.verdict(100, 500, 480, 480_000, 8_000, 0, 0, 0)).isEqualTo("sustained");
        assertThat(StepRunner.verdict(100, 500, 481, 480_000, 8_000, 0, 0, 0))
            .isEqualTo("481 of 480000 outcomes missing after the drain");
    }

    @Test
    void shouldFailOnAGrowingBacklogEvenWhileP99StillHolds() {
        // Given: 8,000 TPS offered, backlog rising 400/s from 1,000 to 25,000 over the window
        String verdict = StepRunner.verdict(450, 500, 0, 480_000, 8_000, 400, 1_000, 25_000);

        // Then
        assertThat(verdict).startsWith("backlog growing 400/s");
    }

    @Test
    void shouldNotCallNoiseGrowth() {
        // A steep but tiny rise (less than half a second of requests) is noise, not a backlog.
        assertThat(StepRunner.verdict(100, 500, 0, 480_000, 8_000, 500, 1_000, 4_000)).isEqualTo("sustained");
    }

    @Test
    void shouldFitTheSlopeOfALine() {
        // Given: y = 3x + 10
        List<double[]> points = new ArrayList<>();
        for (int x = 0; x < 60; x++) {
            points.add(new double[] {x, 3 * x + 10});
        }

        // Then
        assertThat(StepRunner.slope(points)).isCloseTo(3.0, org.assertj.core.data.Offset.offset(1e-9));
        assertThat(StepRunner.slope(List.of(new double[] {1, 1}))).isZero();
    }
}
