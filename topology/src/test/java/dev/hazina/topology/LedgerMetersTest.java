package dev.hazina.topology;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Map;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import org.junit.jupiter.api.Test;

import dev.hazina.schemas.AccountLimits;
import dev.hazina.schemas.TransferKind;
import dev.hazina.schemas.TransferRequest;

/** The ledger's own meters count what its outputs say: decisions, retries answered, latency, dead letters. */
class LedgerMetersTest {

    @Test
    void shouldCountEveryDecisionByKindStatusAndReasonAndEveryDeadLetterByReason() {
        // Given
        try (LedgerDriver ledger = LedgerDriver.withFundedAlice(Map.of(), AccountLimits.newBuilder().build(), 10_000)) {
            // When: one payment, its retry, one refused for funds, one record no schema can read
            TransferRequest payment = ledger.request(TransferKind.P2P, "alice", "bob", 1_000).build();
            ledger.send(payment);
            ledger.send(payment);
            ledger.transfer(TransferKind.P2P, "alice", "bob", 1_000_000);
            ledger.sendRaw("alice".getBytes(StandardCharsets.UTF_8), new byte[] {1, 2, 3});

            // Then
            MeterRegistry meters = ledger.meters();
            assertThat(count(meters, "P2P", "COMPLETED", "NONE")).isEqualTo(1);
            assertThat(count(meters, "P2P", "REJECTED", "INSUFFICIENT_FUNDS")).isEqualTo(1);
            assertThat(count(meters, "CASH_IN", "COMPLETED", "NONE")).as("alice's cash-in").isEqualTo(1);
            assertThat(meters.get(LedgerMeters.DUPLICATES).counter().count()).isEqualTo(1);
            assertThat(meters.get(LedgerMeters.DEAD_LETTERS).tag("reason", "MALFORMED_PAYLOAD").counter().count())
                .isEqualTo(1);
            Timer latency = meters.get(LedgerMeters.LATENCY).timer();
            double decided = meters.get(LedgerMeters.DECISIONS).counters().stream().mapToDouble(Counter::count).sum();
            assertThat(latency.count()).isEqualTo((long) decided);
        }
    }

    private static double count(MeterRegistry meters, String kind, String status, String reason) {
        Counter counter = meters.find(LedgerMeters.DECISIONS).tag("kind", kind).tag("status", status)
            .tag("reason", reason).counter();
        return counter == null ? 0 : counter.count();
    }
}
