package dev.hazina.topology;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hazina.reconciliation.CheckReport;
import dev.hazina.reconciliation.LedgerChecker;
import dev.hazina.reconciliation.LedgerOutputs;

/** Runs the reconciliation checker over everything a {@link LedgerDriver} saw: invariants 1-6. */
public final class LedgerInvariants {

    private LedgerInvariants() {
    }

    public static CheckReport assertHold(LedgerDriver ledger) {
        CheckReport report = LedgerChecker.check(new LedgerOutputs(ledger.requests(), ledger.results(),
            ledger.entries(), ledger.legs(), ledger.accountEvents()), true);
        assertThat(report.violations()).as("invariant violations").isEmpty();
        return report;
    }
}
