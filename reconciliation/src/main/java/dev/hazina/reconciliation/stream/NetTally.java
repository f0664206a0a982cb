package dev.hazina.reconciliation.stream;

import org.apache.kafka.common.serialization.Serde;

/**
 * Debits and credits in one currency seen so far for one subject (a transfer, or a conservation
 * window), when the last one was seen (wall clock) and whether an alert is open for it.
 *
 * @param transferId  the transfer, or empty for a conservation window
 * @param windowStart the conservation window's start, or -1 for a transfer
 */
record NetTally(String currency, String transferId, long windowStart, long debits, long credits, int entries,
                long lastSeenAt, boolean raised) {

    static final Serde<NetTally> SERDE = StateSerde.of(
        (tally, out) -> {
            out.writeUTF(tally.currency);
            out.writeUTF(tally.transferId);
            out.writeLong(tally.windowStart);
            out.writeLong(tally.debits);
            out.writeLong(tally.credits);
            out.writeInt(tally.entries);
            out.writeLong(tally.lastSeenAt);
            out.writeBoolean(tally.raised);
        },
        in -> new NetTally(in.readUTF(), in.readUTF(), in.readLong(), in.readLong(), in.readLong(), in.readInt(),
            in.readLong(), in.readBoolean()));

    static NetTally empty(String currency, String transferId, long windowStart) {
        return new NetTally(currency, transferId, windowStart, 0, 0, 0, 0, false);
    }

    /** Adds one posting; amounts are added exactly (an overflow is a breach, not a wrap). */
    NetTally plus(Posting posting, long seenAt) {
        long debit = posting.debit() ? posting.amount() : 0;
        long credit = posting.debit() ? 0 : posting.amount();
        return new NetTally(currency, transferId, windowStart, Math.addExact(debits, debit),
            Math.addExact(credits, credit), entries + 1, seenAt, raised);
    }

    boolean balanced() {
        return debits == credits;
    }

    NetTally withRaised(boolean raised) {
        return new NetTally(currency, transferId, windowStart, debits, credits, entries, lastSeenAt, raised);
    }
}
