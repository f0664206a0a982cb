package dev.hazina.topology;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import dev.hazina.reconciliation.journal.JournalReport;
import dev.hazina.reconciliation.journal.JournalVerifier;
import dev.hazina.reconciliation.journal.Posted;
import dev.hazina.schemas.AccountLimits;
import dev.hazina.schemas.LedgerEntry;
import dev.hazina.schemas.TransferKind;
import dev.hazina.schemas.TransferResult;

class EntryChainTest {

    private LedgerDriver ledger;

    @AfterEach
    void checkInvariants() {
        LedgerAssertions.checkAndClose(ledger);
    }

    @Test
    void shouldChainEveryEntryToItsAccountsPreviousOneSoTheAuditVerifierAcceptsThem() {
        // Given: transfers, a reversal, a hold captured and one voided
        ledger = LedgerDriver.withFundedAlice(Map.of(), AccountLimits.newBuilder().build(), 1_000_000);
        TransferResult sent = ledger.transfer(TransferKind.P2P, "alice", "bob", 100_000);
        ledger.transfer(TransferKind.P2P, "bob", "alice", 30_000);
        ledger.reverse(sent);
        ledger.capture(ledger.authorize("alice", "bob", 5_000), 4_000);
        ledger.voidHold(ledger.authorize("alice", "bob", 2_000));

        // When
        List<LedgerEntry> entries = ledger.entries();
        JournalReport report = JournalVerifier.verify(
            IntStream.range(0, entries.size()).mapToObj(i -> new Posted(0, i, entries.get(i))).toList(), List.of());

        // Then
        assertThat(report.mismatches()).isEmpty();
        assertThat(report.unchained()).as("entries without a hash").isZero();
        assertThat(report.entries()).isGreaterThan(20);
        LedgerEntry lastOfAlice = entries.stream().filter(e -> e.getAccountId().equals("alice")).reduce((a, b) -> b)
            .orElseThrow();
        assertThat(ledger.account("alice").getEntryHash()).as("the head the next entry chains to")
            .isEqualTo(lastOfAlice.getHash());
    }
}
