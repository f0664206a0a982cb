package dev.hazina.harness.chaos;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.hazina.harness.chaos.HostileCase.Fate;

/**
 * The short chaos run of {@code mvn verify}: a real broker and two ledger instances as child JVMs,
 * 15,000 channel requests at 100/s with three {@code kill -9}s, two rounds of hostile input (the record
 * just under the size limit among them) and a
 * rolling restart, then every invariant checked from the outputs and the accounts store, and every
 * alert of the reconciliation stream (run beside the instances and restarted once) cleared. Broker
 * crashes are left to the long run of {@code hazina chaos} (docs/chaos.md explains why).
 * It asserts correctness only; the failover times it measures are logged, and the long run's are in
 * docs/chaos.md. About four minutes on a quiet 2-core machine, longer when it is shared (docs/chaos.md).
 */
class ChaosIT {

    private static final Logger LOG = LoggerFactory.getLogger(ChaosIT.class);

    @AfterEach
    void shouldLeaveNoProcessBehind() {
        // Then: the broker and every instance were stopped, whatever happened
        List<ProcessHandle> children = ProcessHandle.current().children().filter(ProcessHandle::isAlive).toList();
        assertThat(children).as("child processes still running").isEmpty();
    }

    @Test
    void shouldKeepEveryInvariantThroughKillsHostileInputAndRollingRestart() throws Exception {
        // Given
        Chaos.Options options = new Chaos.Options(2, 15_000, 3, 0, 100, 1_000, 8, 2, true, true, 7, null, "384m", null);

        // When
        ChaosReport report = new Chaos(options, System.out).run();
        report.print(System.out);
        LOG.info("Measured (not asserted): failover {} s, rolling restart stalls {} s, p99 {} ms, reconciliation alerts "
            + "raised {} cleared {}", report.failoverSeconds(), report.rollingRestart().stallSeconds(),
            report.rollingRestart().latencyMs().p99(), report.reconciliation().raised(), report.reconciliation().cleared());

        // Then
        assertThat(report.violations()).isEmpty();
        assertThat(report.submitted()).isEqualTo(15_000);
        assertThat(report.kills()).isEqualTo(3);
        assertThat(report.brokerRestarts()).isZero();
        assertThat(report.unexpectedExits()).isZero();
        assertThat(report.outcomes()).containsKeys("COMPLETED", "REJECTED");
        assertThat(report.duplicatesAnswered()).isPositive();
        assertThat(report.hostile().sent()).isEqualTo(2L * (HostileCase.standard().size() + 1));
        assertThat(report.hostile().byCase().get(HostileCase.REQUEST_NEAR_SIZE_LIMIT).fates())
            .as("the record near the size limit, dead-lettered as a truncated copy").containsEntry(Fate.DEAD_LETTERED, 2L);
        assertThat(report.hostile().byFate()).doesNotContainKeys(Fate.ACCEPTED, Fate.UNANSWERED);
        assertThat(report.rollingRestart().restarted()).isEqualTo(2);
        assertThat(report.rollingRestart().failedRequests()).isZero();
        assertThat(report.storeCheck().accountsInStore()).isGreaterThanOrEqualTo(1_000);
        // The reconciliation stream ran all along and was restarted once; every alert it raised cleared.
        assertThat(report.reconciliation().restartSeconds()).hasSize(1);
        assertThat(report.reconciliation().openAtEnd()).isZero();
        assertThat(report.reconciliation().finalStatus()).startsWith("OK ");
        // A kill -9 stalls the victim's partitions for at least the 4 s session timeout, over the 3 s stuck time.
        assertThat(report.reconciliation().raised()).as("stuck sagas raised through the kills")
            .hasEntrySatisfying("stuck-saga", raised -> assertThat(raised).isPositive());
        assertThat(report.reconciliation().cleared()).isEqualTo(report.reconciliation().raised());
    }
}
