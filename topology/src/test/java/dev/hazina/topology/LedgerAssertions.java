package dev.hazina.topology;

import static dev.hazina.topology.LedgerDriver.KES;
import static org.assertj.core.api.Assertions.assertThat;

import dev.hazina.schemas.AccountState;
import dev.hazina.schemas.ReasonCode;
import dev.hazina.schemas.TransferResult;
import dev.hazina.schemas.TransferStatus;

/** Assertions the TopologyTestDriver tests share. */
final class LedgerAssertions {

    private LedgerAssertions() {
    }

    /** The sum of all balances in the store, system shards included, is zero. */
    static void assertConserved(LedgerDriver ledger) {
        long total = ledger.allAccounts().values().stream()
            .filter(account -> account.getCurrency().equals(KES))
            .mapToLong(AccountState::getBalance)
            .sum();
        assertThat(total).as("sum of all balances, system shards included").isZero();
    }

    /** After a test: money is conserved, the reconciliation checker finds nothing, and the driver is closed. */
    static void checkAndClose(LedgerDriver ledger) {
        try {
            assertConserved(ledger);
            LedgerInvariants.assertHold(ledger);
        } finally {
            ledger.close();
        }
    }

    static void assertRejected(TransferResult result, ReasonCode reason) {
        assertThat(result).as("a result").isNotNull();
        assertThat(result.getStatus()).as("status of %s", result.getRequestId()).isEqualTo(TransferStatus.REJECTED);
        assertThat(result.getReason()).as("reason of %s", result.getRequestId()).isEqualTo(reason);
    }

    static void assertStatus(TransferResult result, TransferStatus status) {
        assertThat(result).as("a result").isNotNull();
        assertThat(result.getStatus()).as("status of %s (%s)", result.getRequestId(), result.getDetail()).isEqualTo(status);
    }
}
