package dev.hazina.harness.chaos;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.Test;

import dev.hazina.schemas.TransferKind;
import dev.hazina.schemas.TransferResult;
import dev.hazina.schemas.TransferStatus;

class ChaosVerdictTest {

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
        Histogram latencies = ChaosVerdict.decisionLatencies(results, 1_000, 2_000);

        // Then
        assertThat(latencies.getTotalCount()).isEqualTo(2);
        assertThat(latencies.getMinValue()).isEqualTo(250);
        assertThat(latencies.getMaxValue()).isBetween(7_995L, 8_005L);
    }

    private static TransferResult result(String requestId, long requestedAt, long decidedAt, boolean duplicate) {
        return TransferResult.newBuilder().setRequestId(requestId).setKind(TransferKind.P2P)
            .setStatus(TransferStatus.COMPLETED).setPayer("a").setPayee("b").setAmount(1).setCurrency("KES")
            .setDuplicate(duplicate).setRequestedAt(requestedAt).setDecidedAt(decidedAt).build();
    }
}
