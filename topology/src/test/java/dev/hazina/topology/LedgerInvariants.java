package dev.hazina.topology;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import dev.hazina.schemas.LedgerEntry;
import dev.hazina.schemas.Statement;

import dev.hazina.reconciliation.CheckReport;
import dev.hazina.reconciliation.LedgerChecker;
import dev.hazina.reconciliation.LedgerOutputs;

/**
 * Runs the reconciliation checker over everything a {@link LedgerDriver} saw (invariants 1-6), and
 * checks that every account's mini-statement is the tail of its entries.
 */
public final class LedgerInvariants {

    private LedgerInvariants() {
    }

    public static CheckReport assertHold(LedgerDriver ledger) {
        CheckReport report = LedgerChecker.check(new LedgerOutputs(ledger.requests(), ledger.results(),
            ledger.entries(), ledger.legs(), ledger.accountEvents()), true);
        assertThat(report.violations()).as("invariant violations").isEmpty();
        assertStatementsAreTails(ledger);
        return report;
    }

    private static void assertStatementsAreTails(LedgerDriver ledger) {
        if (!new UpgradeCompat(ledger.config().upgradeFrom()).keepsStatements()) {
            return;
        }
        int size = ledger.config().statementSize();
        Map<String, List<LedgerEntry>> byAccount = ledger.entries().stream()
            .filter(entry -> !SystemAccounts.isSystem(entry.getAccountId()))
            .collect(Collectors.groupingBy(LedgerEntry::getAccountId, LinkedHashMap::new, Collectors.toList()));
        byAccount.forEach((accountId, entries) -> {
            Statement statement = ledger.statement(accountId);
            assertThat(statement).as("statement of %s", accountId).isNotNull();
            assertThat(statement.getEntries()).as("statement of %s", accountId)
                .isEqualTo(entries.subList(Math.max(0, entries.size() - size), entries.size()));
        });
        ledger.allAccounts().keySet().stream().filter(SystemAccounts::isSystem)
            .forEach(id -> assertThat(ledger.statement(id)).as("statement of system account %s", id).isNull());
    }
}
