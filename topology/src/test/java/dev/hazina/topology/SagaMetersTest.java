package dev.hazina.topology;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.hazina.schemas.AccountAction;
import dev.hazina.schemas.AccountLimits;
import dev.hazina.schemas.AccountType;
import dev.hazina.schemas.LedgerLeg;
import dev.hazina.schemas.LegType;
import dev.hazina.schemas.TransferKind;
import dev.hazina.schemas.TransferResult;
import dev.hazina.schemas.TransferStatus;

/**
 * The saga gauges: how many sagas were debited and not yet completed or refunded, and how old the
 * oldest is, counted in memory per task and rebuilt from the transfers store when a task starts.
 * The real topology under a TopologyTestDriver, except where a task is re-created on its stores,
 * which only {@link StepwiseLedger} can do.
 */
class SagaMetersTest {

    @TempDir
    Path stateDir;

    @Test
    void shouldCountASagaWhoseCreditLegIsOnItsWayAndAgeItWithTheClockUntilItCompletes() {
        // Given
        try (LedgerDriver ledger = LedgerDriver.withFundedAlice(Map.of(), AccountLimits.newBuilder().build(), 10_000)) {
            assertThat(inFlight(ledger.meters())).as("before").isZero();
            assertThat(oldestAgeSeconds(ledger.meters())).as("age with none in flight").isZero();

            // When: alice pays bob, and the credit leg is still on its way
            ledger.holdNextLeg();
            TransferResult pending = ledger.transfer(TransferKind.P2P, "alice", "bob", 1_000);
            assertThat(pending).as("no outcome while the credit leg is on its way").isNull();
            LedgerLeg credit = ledger.legs().get(ledger.legs().size() - 1);
            assertThat(credit.getLegType()).isEqualTo(LegType.CREDIT);

            // Then
            assertThat(inFlight(ledger.meters())).isEqualTo(1);
            assertThat(oldestAgeSeconds(ledger.meters())).as("just started").isZero();
            ledger.advance(Duration.ofSeconds(30));
            assertThat(oldestAgeSeconds(ledger.meters())).isEqualTo(30);
            ledger.advance(Duration.ofSeconds(90));
            assertThat(oldestAgeSeconds(ledger.meters())).isEqualTo(120);

            // When: the credit leg arrives, and its CONFIRM completes the saga on alice's partition
            ledger.redeliver(credit);

            // Then
            assertThat(ledger.latestResult(credit.getRequestId()).getStatus()).isEqualTo(TransferStatus.COMPLETED);
            assertThat(inFlight(ledger.meters())).as("after completion").isZero();
            assertThat(oldestAgeSeconds(ledger.meters())).as("after completion").isZero();
        }
    }

    @Test
    void shouldStopCountingASagaWhenItsRefundLands() {
        // Given
        try (LedgerDriver ledger = LedgerDriver.withFundedAlice(Map.of(), AccountLimits.newBuilder().build(), 10_000)) {
            ledger.act("bob", AccountAction.CLOSE);

            // When: bob's partition cannot take it and sends the money back
            TransferResult result = ledger.transfer(TransferKind.P2P, "alice", "bob", 1_000);

            // Then
            assertThat(result.getStatus()).isEqualTo(TransferStatus.REVERSED);
            assertThat(inFlight(ledger.meters())).isZero();
        }
    }

    @Test
    void shouldDropTheSagasOfATaskThatCloses() {
        // Given
        MeterRegistry meters;
        try (LedgerDriver ledger = LedgerDriver.withFundedAlice(Map.of(), AccountLimits.newBuilder().build(), 10_000)) {
            ledger.holdNextLeg();
            ledger.transfer(TransferKind.P2P, "alice", "bob", 1_000);
            meters = ledger.meters();
            assertThat(inFlight(meters)).isEqualTo(1);
        }

        // Then: the driver closed its task
        assertThat(inFlight(meters)).isZero();
        assertThat(oldestAgeSeconds(meters)).isZero();
    }

    @Test
    void shouldRebuildTheSagasInFlightFromTheStoreWhenTheTaskIsRecreated() {
        // Given: one saga done and one whose credit leg is on its way
        long[] wallClock = {StepwiseLedger.NOW};
        LedgerMeters meters = new LedgerMeters(new SimpleMeterRegistry(), () -> wallClock[0]);
        StepwiseLedger ledger = stepwise(Map.of(), meters);
        finishedPayments(ledger, 1);
        ledger.request("alice", StepwiseLedger.request("r-open", TransferKind.P2P, "alice", "bob", 1_000).build());
        StepwiseLedger.Sent credit = ledger.onlyLeg(LegType.CREDIT);
        ledger.resetForwards();
        assertThat(inFlight(meters.registry())).isEqualTo(1);

        // When: the task is re-created on its stores (an exactly-once abort), five minutes later
        wallClock[0] += Duration.ofMinutes(5).toMillis();
        ledger.restartTask();

        // Then: counted from the store once, not on top of the count before
        assertThat(inFlight(meters.registry())).isEqualTo(1);
        assertThat(oldestAgeSeconds(meters.registry())).as("from the saga's business time").isEqualTo(300);

        // When: the saga finishes on the new task
        ledger.leg(credit);
        ledger.deliver(LegType.CONFIRM);

        // Then
        assertThat(ledger.transfers().get("r-open").getOutcome().getStatus()).isEqualTo(TransferStatus.COMPLETED);
        assertThat(inFlight(meters.registry())).isZero();
        assertThat(oldestAgeSeconds(meters.registry())).isZero();
    }

    @Test
    void shouldSayNaNUntilABatchedRebuildHasReadTheWholeStore() {
        // Given: a saga in flight among six finished transfers, rebuilt two records per step
        LedgerMeters meters = new LedgerMeters(new SimpleMeterRegistry(), () -> StepwiseLedger.NOW);
        StepwiseLedger ledger = stepwise(Map.of(LedgerConfig.SAGA_REBUILD_BATCH_CONFIG, 2), meters);
        finishedPayments(ledger, 6);
        ledger.request("alice", StepwiseLedger.request("r-open", TransferKind.P2P, "alice", "bob", 1_000).build());

        // When
        ledger.restartTask();

        // Then: unknown until the scan has read all seven records, then the one saga
        assertThat(inFlight(meters.registry())).as("after the first batch").isNaN();
        assertThat(oldestAgeSeconds(meters.registry())).as("after the first batch").isNaN();
        int steps = 0;
        while (Double.isNaN(inFlight(meters.registry())) && steps < 50) {
            ledger.punctuate(StepwiseLedger.NOW + 10L * ++steps);
        }
        assertThat(steps).as("steps after the first batch of two, over seven records").isEqualTo(3);
        assertThat(inFlight(meters.registry())).isEqualTo(1);
    }

    private StepwiseLedger stepwise(Map<String, Object> overrides, LedgerMeters meters) {
        StepwiseLedger ledger = new StepwiseLedger(stateDir, overrides, meters);
        ledger.accounts().put("alice", StepwiseLedger.account("alice", AccountType.CUSTOMER, 1_000_000));
        ledger.accounts().put("bob", StepwiseLedger.account("bob", AccountType.CUSTOMER, 0));
        return ledger;
    }

    /** {@code count} payments from alice to bob, each through its credit and its confirmation. */
    private static void finishedPayments(StepwiseLedger ledger, int count) {
        for (int i = 0; i < count; i++) {
            ledger.request("alice", StepwiseLedger.request("r-done-" + i, TransferKind.P2P, "alice", "bob", 100).build());
            ledger.deliver(LegType.CREDIT);
            ledger.deliver(LegType.CONFIRM);
            ledger.resetForwards();
        }
    }

    private static double inFlight(MeterRegistry meters) {
        return meters.get(LedgerMeters.SAGAS_IN_FLIGHT).gauge().value();
    }

    private static double oldestAgeSeconds(MeterRegistry meters) {
        return meters.get(LedgerMeters.SAGA_OLDEST_AGE).gauge().value();
    }
}
