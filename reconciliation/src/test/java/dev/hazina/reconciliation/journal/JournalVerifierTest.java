package dev.hazina.reconciliation.journal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import dev.hazina.schemas.AuditCheckpoint;
import dev.hazina.schemas.LedgerEntry;

class JournalVerifierTest {

    private Journals ledger;
    private List<AuditCheckpoint> checkpoints;

    @BeforeEach
    void setUp() {
        // Two partitions; alice and bob on 0, carol and dan on 1; 12 entries on 0, 4 on 1, sealed 4 at a time
        ledger = new Journals();
        for (int i = 0; i < 6; i++) {
            ledger.transfer(0, "t-a" + i, i % 2 == 0 ? "alice" : "bob", i % 2 == 0 ? "bob" : "alice", 100 + i);
        }
        ledger.transfer(1, "t-c0", "carol", "dan", 50).transfer(1, "t-c1", "dan", "carol", 20);
        checkpoints = new ArrayList<>(ledger.checkpoints(0, 4));
        checkpoints.addAll(ledger.checkpoints(1, 4));
    }

    @Test
    void shouldVerifyAnUntouchedJournal() {
        // When
        JournalReport report = JournalVerifier.verify(ledger.entries, checkpoints);

        // Then
        assertThat(report.mismatches()).isEmpty();
        assertThat(report.entries()).isEqualTo(16);
        assertThat(report.accounts()).isEqualTo(4);
        assertThat(report.checkpoints()).isEqualTo(4);
        assertThat(report.sealed()).isEqualTo(16);
        assertThat(report.render()).contains("Journal verified");
    }

    @Test
    void shouldNameAnAlteredEntry() {
        // Given: entry 5 (partition 0) pays 1 more, its hash left alone
        LedgerEntry original = ledger.entries.get(5).entry();
        LedgerEntry altered = LedgerEntry.newBuilder(original).setAmount(original.getAmount() + 1).build();

        // When
        JournalReport report = JournalVerifier.verify(ledger.with(5, altered), checkpoints);

        // Then: named by the chain, and by the checkpoint that sealed it
        assertThat(report.first().at()).isEqualTo(ledger.with(5, altered).get(5));
        assertThat(report.first().reason()).contains("hash does not follow");
        assertThat(report.mismatches()).hasSize(2);
    }

    @Test
    void shouldCatchAnAlteredEntryWhoseHashWasRecomputedThroughTheCheckpoint() {
        // Given: the last entry of partition 1 altered and rehashed, so its own chain still holds
        Posted last = ledger.entries.get(15);
        Posted previousOfAccount = ledger.entries.stream()
            .filter(p -> p.entry().getAccountId().equals(last.entry().getAccountId()) && p.offset() < last.offset()
                && p.partition() == 1)
            .reduce((a, b) -> b).orElseThrow();
        LedgerEntry altered = ledger.rehashed(
            LedgerEntry.newBuilder(last.entry()).setBalanceAfter(last.entry().getBalanceAfter() + 1_000).build(),
            previousOfAccount.entry());

        // When
        JournalReport report = JournalVerifier.verify(ledger.with(15, altered), checkpoints);

        // Then: the chain cannot see it; the checkpoint sealing it does
        assertThat(report.mismatches()).singleElement().satisfies(mismatch -> {
            assertThat(mismatch.reason()).startsWith("checkpoint 1 of partition 1").contains("digest differs");
            assertThat(mismatch.at().partition()).isEqualTo(1);
        });
    }

    @Test
    void shouldNameTheEntryAfterADroppedOne() {
        // Given: entry 6 (bob's fourth) dropped
        List<Posted> copy = new ArrayList<>(ledger.entries);
        Posted dropped = copy.remove(6);

        // When
        JournalReport report = JournalVerifier.verify(copy, checkpoints);

        // Then: bob's next entry is named first, and the checkpoint that sealed the dropped one fails too
        Posted next = copy.stream().filter(p -> p.entry().getAccountId().equals("bob") && p.offset() > dropped.offset())
            .findFirst().orElseThrow();
        assertThat(report.first().at()).isEqualTo(next);
        assertThat(report.first().reason()).contains("sequence 5 where 4 was due");
        assertThat(report.mismatches()).last()
            .satisfies(m -> assertThat(m.reason()).startsWith("checkpoint 2 of partition 0").contains("digest differs"));
    }

    @Test
    void shouldNameReorderedEntries() {
        // Given: alice's entries #1 and #2 swapped in place (offsets kept)
        List<Posted> copy = new ArrayList<>(ledger.entries);
        Posted first = copy.get(0);
        Posted second = copy.get(3);
        copy.set(0, new Posted(0, first.offset(), second.entry()));
        copy.set(3, new Posted(0, second.offset(), first.entry()));

        // When
        JournalReport report = JournalVerifier.verify(copy, checkpoints);

        // Then
        assertThat(report.first().at()).isEqualTo(copy.get(0));
        assertThat(report.first().reason()).contains("sequence 2 where 1 was due");
    }

    @Test
    void shouldCatchEntriesCutFromTheEndThroughTheCheckpoints() {
        // Given: the last two entries of partition 0 gone, which no chain can see
        List<Posted> copy = new ArrayList<>(ledger.entries);
        copy.remove(11);
        copy.remove(10);

        // When
        JournalReport report = JournalVerifier.verify(copy, checkpoints);

        // Then
        assertThat(report.mismatches()).singleElement()
            .satisfies(m -> assertThat(m.reason()).startsWith("checkpoint 3 of partition 0").contains("the topic holds 2 for it"));
    }

    @Test
    void shouldCatchAMissingCheckpointAndCountUnsealedEntries() {
        // Given: partition 0's second checkpoint removed
        List<AuditCheckpoint> fewer = new ArrayList<>(checkpoints);
        fewer.remove(1);

        // When
        JournalReport report = JournalVerifier.verify(ledger.entries, fewer);
        JournalReport unsealed = JournalVerifier.verify(ledger.entries, checkpoints.subList(0, 2));

        // Then
        assertThat(report.first().reason()).contains("number 2 was due");
        assertThat(unsealed.clean()).isTrue();
        assertThat(unsealed.unsealed()).as("partition 0's last 4 and all of partition 1").isEqualTo(8);
    }
}
