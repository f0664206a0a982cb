package dev.hazina.bench.load;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class OutcomeTrackerTest {

    @Test
    void shouldMeasureOnlyFirstOutcomesOfRequestsIntendedInTheWindow() {
        // Given
        OutcomeTracker tracker = new OutcomeTracker();
        tracker.openWindow(1_000, 2_000);

        // When
        tracker.submitted(900, true, true);    // warm-up
        tracker.submitted(1_000, true, true);  // in the window
        tracker.submitted(1_500, true, false); // a retry: owed, but its answer is a duplicate
        tracker.submitted(1_600, false, true); // dead-lettered: owed nothing
        tracker.answered(900, 1_100, true);
        tracker.answered(1_000, 1_250, true);
        tracker.answered(1_000, 1_700, false);

        // Then
        assertThat(tracker.owed()).isEqualTo(3);
        assertThat(tracker.outstanding()).isZero();
        assertThat(tracker.windowOwed()).isEqualTo(1);
        assertThat(tracker.windowAnswered()).isEqualTo(1);
        assertThat(tracker.windowLatencies().getTotalCount()).isEqualTo(1);
        assertThat(tracker.windowLatencies().getMaxValue()).isBetween(249L, 251L);
    }

    @Test
    void shouldForgetTheLastWindowWhenANewOneOpens() {
        // Given
        OutcomeTracker tracker = new OutcomeTracker();
        tracker.openWindow(0, 100);
        tracker.submitted(10, true, true);
        tracker.answered(10, 60, true);

        // When
        tracker.openWindow(100, 200);

        // Then
        assertThat(tracker.windowOwed()).isZero();
        assertThat(tracker.windowLatencies().getTotalCount()).isZero();
    }
}
