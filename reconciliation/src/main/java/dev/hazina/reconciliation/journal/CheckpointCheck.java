package dev.hazina.reconciliation.journal;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;

import dev.hazina.schemas.AuditCheckpoint;
import dev.hazina.schemas.journal.PartitionDigest;

/**
 * Checks one partition's entries against its audit checkpoints: the checkpoints must be numbered
 * 1, 2, 3... each chaining to the previous one's digest, and each must seal the next as many
 * entries as it counts, whose digest must come out the same. Entries are taken in order and not by
 * offset, so a copy of the topic (whose offsets differ) verifies as well. Entries after the last
 * checkpoint are not sealed yet.
 */
final class CheckpointCheck {

    /** What one partition's checkpoints say: the first mismatch (or null), how many sealed and how many entries not yet. */
    record Result(Mismatch mismatch, int checkpoints, long sealed, long unsealed) {
    }

    private CheckpointCheck() {
    }

    /** {@code entries} of one partition, in offset order. */
    static Result check(int partition, List<Posted> entries, List<AuditCheckpoint> checkpoints) {
        List<AuditCheckpoint> ordered = new ArrayList<>(checkpoints);
        ordered.sort(Comparator.comparingLong(AuditCheckpoint::getNumber));
        int next = 0;
        String previousDigest = null;
        long sealed = 0;
        for (int i = 0; i < ordered.size(); i++) {
            AuditCheckpoint checkpoint = ordered.get(i);
            String name = "checkpoint " + checkpoint.getNumber() + " of partition " + partition + " (offsets "
                + checkpoint.getFirstOffset() + "-" + checkpoint.getLastOffset() + ")";
            Posted first = next < entries.size() ? entries.get(next) : null;
            if (checkpoint.getNumber() != i + 1) {
                return failed(first, name + ": number " + (i + 1) + " was due; a checkpoint is missing", i, sealed, entries);
            }
            if (!Objects.equals(str(checkpoint.getPreviousDigest()), previousDigest)) {
                return failed(first, name + ": does not chain to the checkpoint before it", i, sealed, entries);
            }
            PartitionDigest digest = new PartitionDigest(previousDigest);
            int count = 0;
            while (next < entries.size() && count < checkpoint.getEntries()) {
                digest.add(entries.get(next).entry());
                next++;
                count++;
            }
            if (count != checkpoint.getEntries() || !digest.hex().equals(str(checkpoint.getDigest()))) {
                return failed(first, name + " sealed " + checkpoint.getEntries() + " entries, the topic holds " + count
                    + " for it, and their digest " + (digest.hex().equals(str(checkpoint.getDigest())) ? "matches" : "differs")
                    + ": an entry in this range was altered, dropped, added or moved", i, sealed, entries);
            }
            sealed += count;
            previousDigest = digest.hex();
        }
        return new Result(null, ordered.size(), sealed, entries.size() - sealed);
    }

    private static Result failed(Posted at, String reason, int checkpoints, long sealed, List<Posted> entries) {
        return new Result(new Mismatch(at, reason), checkpoints, sealed, entries.size() - sealed);
    }

    private static String str(CharSequence text) {
        return text == null ? null : text.toString();
    }
}
