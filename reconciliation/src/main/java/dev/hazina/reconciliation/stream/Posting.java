package dev.hazina.reconciliation.stream;

import org.apache.kafka.common.serialization.Serde;

import dev.hazina.schemas.EntryDirection;
import dev.hazina.schemas.LedgerEntry;

/** The figures of one ledger entry that the balance checks need, as they travel regrouped. */
record Posting(String transferId, String accountId, String currency, boolean debit, long amount, long postedAt) {

    static final Serde<Posting> SERDE = StateSerde.of(
        (posting, out) -> {
            out.writeUTF(posting.transferId);
            out.writeUTF(posting.accountId);
            out.writeUTF(posting.currency);
            out.writeBoolean(posting.debit);
            out.writeLong(posting.amount);
            out.writeLong(posting.postedAt);
        },
        in -> new Posting(in.readUTF(), in.readUTF(), in.readUTF(), in.readBoolean(), in.readLong(), in.readLong()));

    static Posting of(LedgerEntry entry) {
        return new Posting(entry.getTransferId(), entry.getAccountId(), entry.getCurrency(),
            entry.getDirection() == EntryDirection.DEBIT, entry.getAmount(), entry.getPostedAt());
    }
}
