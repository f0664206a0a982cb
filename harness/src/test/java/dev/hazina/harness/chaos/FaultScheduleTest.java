package dev.hazina.harness.chaos;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.junit.jupiter.api.Test;

class FaultScheduleTest {

    @Test
    void shouldSpreadBrokerRestartsAmongTheKills() {
        // When
        List<Boolean> plan = FaultSchedule.plan(10, 1);

        // Then
        assertThat(plan).hasSize(11);
        assertThat(plan.stream().filter(kill -> !kill).count()).isEqualTo(1);
        assertThat(plan.indexOf(false)).isBetween(4, 6);
    }

    @Test
    void shouldPlanOnlyWhatWasAskedFor() {
        // Then
        assertThat(FaultSchedule.plan(0, 0)).isEmpty();
        assertThat(FaultSchedule.plan(3, 0)).containsExactly(true, true, true);
        assertThat(FaultSchedule.plan(0, 2)).containsExactly(false, false);
        assertThat(FaultSchedule.plan(2, 2)).filteredOn(kill -> kill).hasSize(2);
    }
}
