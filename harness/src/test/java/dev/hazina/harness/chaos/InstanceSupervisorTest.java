package dev.hazina.harness.chaos;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class InstanceSupervisorTest {

    @Test
    void shouldPassFastFailureDetectionToEveryInstance() {
        // When
        var settings = InstanceSupervisor.instanceSettings("127.0.0.1:9092", 8);

        // Then
        assertThat(settings)
            .containsEntry("hazina.num.standby.replicas", "1")
            .containsEntry("hazina.streams.session.timeout.ms", "4000")
            .containsEntry("hazina.streams.transaction.timeout.ms", "4000")
            .containsEntry("hazina.streams.max.poll.interval.ms", "30000");
    }
}
