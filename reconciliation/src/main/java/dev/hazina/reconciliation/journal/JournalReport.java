package dev.hazina.reconciliation.journal;

import java.util.List;

/**
 * What {@code hazina audit verify} found: the chain breaks and checkpoint mismatches in the order
 * the partitions were read, and what was covered.
 */
public record JournalReport(long entries, int accounts, long unchained, int checkpoints, long sealed, long unsealed,
                            List<Mismatch> mismatches) {

    public boolean clean() {
        return mismatches.isEmpty();
    }

    /** The first entry that does not match, or null when all do. */
    public Mismatch first() {
        return mismatches.isEmpty() ? null : mismatches.get(0);
    }

    /** The report as an operator reads it. */
    public String render() {
        StringBuilder out = new StringBuilder();
        out.append("Entries: ").append(entries).append(" over ").append(accounts).append(" accounts (")
            .append(unchained).append(" unchained, written before the journal)\n");
        out.append("Checkpoints: ").append(checkpoints).append(", sealing ").append(sealed).append(" entries; ")
            .append(unsealed).append(" entries not sealed yet\n");
        if (clean()) {
            out.append("Journal verified: every chain and every checkpoint matches.\n");
        } else {
            out.append("Journal does NOT match. First mismatch: ").append(first()).append('\n');
            mismatches.stream().skip(1).forEach(mismatch -> out.append("  also: ").append(mismatch).append('\n'));
        }
        return out.toString();
    }
}
