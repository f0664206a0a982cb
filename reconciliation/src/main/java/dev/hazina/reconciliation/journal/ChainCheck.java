package dev.hazina.reconciliation.journal;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import dev.hazina.schemas.LedgerEntry;
import dev.hazina.schemas.journal.EntryHash;

/**
 * Recomputes each account's hash chain from its entries in offset order. An entry breaks the chain
 * when its sequence does not follow (dropped, added or moved entries) or its hash is not the one its
 * fields and its predecessor's hash give (an altered entry, or one after a dropped one). After a
 * break the check goes on from the entry as it stands, so each tampering is named once.
 *
 * <p>An entry without a hash was written by a release before the journal (or by one during a rolling
 * upgrade from it): it is counted as unchained, and the account's chain starts again after it. The
 * checkpoints cover those entries too.
 */
final class ChainCheck {

    private record Head(long sequence, ByteBuffer hash) {
    }

    private final EntryHash hashes = new EntryHash();
    private final Map<String, Head> heads = new HashMap<>();
    private final List<Mismatch> breaks = new ArrayList<>();
    private long unchained;

    void add(Posted posted) {
        LedgerEntry entry = posted.entry();
        Head head = heads.get(entry.getAccountId());
        long expected = head == null ? 1 : head.sequence() + 1;
        if (entry.getSequence() != expected) {
            breaks.add(new Mismatch(posted, "sequence " + entry.getSequence() + " where " + expected
                + " was due: an entry was dropped, added or moved"));
        } else if (entry.getHash() == null) {
            unchained++;
        } else {
            byte[] recomputed = hashes.of(head == null ? null : head.hash(), entry);
            if (!Arrays.equals(recomputed, bytes(entry.getHash()))) {
                breaks.add(new Mismatch(posted, "hash does not follow from the entry's fields and the account's "
                    + "previous entry: this entry was altered, or one before it was"));
            }
        }
        heads.put(entry.getAccountId(), new Head(entry.getSequence(), entry.getHash()));
    }

    List<Mismatch> breaks() {
        return breaks;
    }

    long unchained() {
        return unchained;
    }

    int accounts() {
        return heads.size();
    }

    private static byte[] bytes(ByteBuffer buffer) {
        ByteBuffer copy = buffer.duplicate();
        byte[] bytes = new byte[copy.remaining()];
        copy.get(bytes);
        return bytes;
    }
}
