package dev.hazina.schemas.journal;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.util.HexFormat;
import java.util.List;
import java.util.function.Consumer;

import org.junit.jupiter.api.Test;

import dev.hazina.schemas.EntryDirection;
import dev.hazina.schemas.EntryType;
import dev.hazina.schemas.LedgerEntry;
import dev.hazina.schemas.serde.SampleRecords;

class EntryHashTest {

    private final EntryHash hashes = new EntryHash();

    @Test
    void shouldKeepTheVersionOneEncodingSoChainsWrittenBeforeStillVerify() {
        // Given: the sample entry, first of its chain
        LedgerEntry entry = SampleRecords.ledgerEntry();

        // When
        String hash = HexFormat.of().formatHex(hashes.of(null, entry));

        // Then: the value this encoding gave when the journal was introduced
        assertThat(hash).isEqualTo(PINNED);
    }

    @Test
    void shouldChangeTheHashWhenAnyFieldOrThePreviousHashChanges() {
        // Given
        LedgerEntry entry = SampleRecords.ledgerEntry();
        byte[] original = hashes.of(null, entry);
        List<Consumer<LedgerEntry.Builder>> edits = List.of(
            b -> b.setAccountId("CUST-0009"), b -> b.setSequence(43L), b -> b.setTransferId("req-000002"),
            b -> b.setEntryType(EntryType.FEE), b -> b.setDirection(EntryDirection.CREDIT), b -> b.setAmount(150_001L),
            b -> b.setBalanceAfter(-2_499L), b -> b.setCurrency("TZS"), b -> b.setCounterparty("CUST-0003"),
            b -> b.setPostedAt(1L));

        // Then
        for (Consumer<LedgerEntry.Builder> edit : edits) {
            LedgerEntry.Builder changed = LedgerEntry.newBuilder(entry);
            edit.accept(changed);
            assertThat(hashes.of(null, changed.build())).isNotEqualTo(original);
        }
        assertThat(hashes.of(ByteBuffer.wrap(original), entry)).isNotEqualTo(original);
        assertThat(hashes.of(null, entry)).as("the same input again").isEqualTo(original);
    }

    @Test
    void shouldNotBeFooledByMovingTextBetweenFields() {
        // Given: the same characters, split differently between account and transfer
        LedgerEntry a = LedgerEntry.newBuilder(SampleRecords.ledgerEntry()).setAccountId("AB").setTransferId("C").build();
        LedgerEntry b = LedgerEntry.newBuilder(SampleRecords.ledgerEntry()).setAccountId("A").setTransferId("BC").build();

        // Then
        assertThat(hashes.of(null, a)).isNotEqualTo(hashes.of(null, b));
    }

    @Test
    void shouldExtendThePartitionDigestWithTheEntryAndItsOwnHashField() {
        // Given
        LedgerEntry entry = SampleRecords.ledgerEntry();
        PartitionDigest plain = new PartitionDigest(null);
        PartitionDigest otherHash = new PartitionDigest(null);

        // When
        plain.add(entry);
        otherHash.add(LedgerEntry.newBuilder(entry).setHash(ByteBuffer.wrap(new byte[] {1})).build());
        PartitionDigest resumed = new PartitionDigest(plain.hex());
        resumed.add(entry);
        PartitionDigest twice = new PartitionDigest(null);
        twice.add(entry);
        twice.add(entry);

        // Then
        assertThat(plain.hex()).hasSize(64).isNotEqualTo(otherHash.hex()).isNotEqualTo("00".repeat(32));
        assertThat(resumed.hex()).as("a digest resumed from a checkpoint").isEqualTo(twice.hex());
    }

    /** SHA-256 of the documented encoding, computed apart from this code (Python's hashlib and struct). */
    private static final String PINNED = "1df1232c3c9edc90562066949dbbaf6416dffd9d13f2c92fa2ca64bf5fcad65c";
}
