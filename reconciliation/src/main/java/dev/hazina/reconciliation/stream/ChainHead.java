package dev.hazina.reconciliation.stream;

import org.apache.kafka.common.serialization.Serde;

/** The last posting the stream saw for one account, and whether its chain has broken. */
record ChainHead(long sequence, long balanceAfter, boolean broken) {

    static final Serde<ChainHead> SERDE = StateSerde.of(
        (head, out) -> {
            out.writeLong(head.sequence);
            out.writeLong(head.balanceAfter);
            out.writeBoolean(head.broken);
        },
        in -> new ChainHead(in.readLong(), in.readLong(), in.readBoolean()));
}
