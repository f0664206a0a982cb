package dev.hazina.reconciliation.journal;

import dev.hazina.schemas.LedgerEntry;

/** A ledger entry where it was read: its hazina.ledger-entries partition and offset. */
public record Posted(int partition, long offset, LedgerEntry entry) {

    @Override
    public String toString() {
        return "partition " + partition + " offset " + offset + " (" + entry.getAccountId() + " #" + entry.getSequence()
            + ", " + entry.getTransferId() + ")";
    }
}
