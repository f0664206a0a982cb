package dev.hazina.reconciliation.journal;

/**
 * Where the journal stops matching: the entry (or, for a checkpoint, the first entry of its range,
 * null when the range is empty) and why.
 */
public record Mismatch(Posted at, String reason) {

    @Override
    public String toString() {
        return (at == null ? "" : at + ": ") + reason;
    }
}
