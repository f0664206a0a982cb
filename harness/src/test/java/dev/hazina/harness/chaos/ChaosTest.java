package dev.hazina.harness.chaos;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;

import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.Test;

import dev.hazina.schemas.TransferKind;
import dev.hazina.schemas.TransferResult;
import dev.hazina.schemas.TransferStatus;

class ChaosTest {

    @Test
    void shouldSpreadBrokerRestartsAmongTheKills() {
        // When
        List<Boolean> plan = Chaos.plan(10, 1);

        // Then
        assertThat(plan).hasSize(11);
        assertThat(plan.stream().filter(kill -> !kill).count()).isEqualTo(1);
        assertThat(plan.indexOf(false)).isBetween(4, 6);
    }

    @Test
    void shouldPlanOnlyWhatWasAskedFor() {
        // Then
        assertThat(Chaos.plan(0, 0)).isEmpty();
        assertThat(Chaos.plan(3, 0)).containsExactly(true, true, true);
        assertThat(Chaos.plan(0, 2)).containsExactly(false, false);
        assertThat(Chaos.plan(2, 2)).filteredOn(kill -> kill).hasSize(2);
    }

    @Test
    void shouldPickARateThatOutlastsTheEvents() {
        // Given
        Chaos.Options options = new Chaos.Options(2, 200_000, 10, 1, 0, 2_000, 8, 10, false, true, 42, null, "512m", null);

        // When
        int rate = options.effectiveRate();

        // Then: 35 s per kill, 45 s per broker restart, 30 s per rolling restart, 35 s of warm-up and tail
        assertThat(rate).isEqualTo((200_000 + 489) / 490);
        assertThat(new Chaos.Options(2, 1_000, 1, 0, 300, 100, 8, 1, false, false, 1, null, "512m", null).effectiveRate()).isEqualTo(300);
    }

    @Test
    void shouldMeasureDecisionLatencyOfOriginalOutcomesSentInTheWindow() {
        // Given
        List<TransferResult> results = List.of(
            result("before", 500, 900, false),
            result("a", 1_000, 1_250, false),
            result("b", 1_500, 9_500, false),
            result("a", 1_000, 20_000, true),
            result("after", 3_000, 3_100, false));

        // When
        Histogram latencies = Chaos.decisionLatencies(results, 1_000, 2_000);

        // Then
        assertThat(latencies.getTotalCount()).isEqualTo(2);
        assertThat(latencies.getMinValue()).isEqualTo(250);
        assertThat(latencies.getMaxValue()).isBetween(7_995L, 8_005L);
    }

    @Test
    void shouldRefuseASingleInstance() {
        // Then
        assertThatThrownBy(() -> new Chaos.Options(1, 1_000, 1, 0, 0, 100, 8, 1, false, false, 1, null, "512m", null))
            .isInstanceOf(IllegalArgumentException.class)
            .hasMessageContaining("at least 2");
    }

    @Test
    void shouldPassFastFailureDetectionToEveryInstance() {
        // When
        var settings = Chaos.instanceSettings("127.0.0.1:9092", 8);

        // Then
        assertThat(settings)
            .containsEntry("hazina.num.standby.replicas", "1")
            .containsEntry("hazina.streams.session.timeout.ms", "4000")
            .containsEntry("hazina.streams.transaction.timeout.ms", "4000")
            .containsEntry("hazina.streams.max.poll.interval.ms", "30000");
    }

    private static TransferResult result(String requestId, long requestedAt, long decidedAt, boolean duplicate) {
        return TransferResult.newBuilder().setRequestId(requestId).setKind(TransferKind.P2P)
            .setStatus(TransferStatus.COMPLETED).setPayer("a").setPayee("b").setAmount(1).setCurrency("KES")
            .setDuplicate(duplicate).setRequestedAt(requestedAt).setDecidedAt(decidedAt).build();
    }
}
