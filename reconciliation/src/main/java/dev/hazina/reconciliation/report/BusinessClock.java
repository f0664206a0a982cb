package dev.hazina.reconciliation.report;

import org.apache.kafka.common.serialization.Serde;

import dev.hazina.reconciliation.stream.StateSerde;

/**
 * One currency's business clock: the latest postedAt of its ledger entries, and the last business
 * day already made final (empty before the first).
 */
record BusinessClock(long asOf, String finalThrough) {

    static final BusinessClock START = new BusinessClock(Long.MIN_VALUE, "");

    static final Serde<BusinessClock> SERDE = StateSerde.of(
        (clock, out) -> {
            out.writeLong(clock.asOf);
            out.writeUTF(clock.finalThrough);
        },
        in -> new BusinessClock(in.readLong(), in.readUTF()));

    BusinessClock at(long time) {
        return new BusinessClock(Math.max(asOf, time), finalThrough);
    }

    BusinessClock finalThrough(String day) {
        return new BusinessClock(asOf, day);
    }

    /** Whether {@code day} (yyyy-MM-dd, which sorts as it reads) is already final. */
    boolean isFinal(String day) {
        return day.compareTo(finalThrough) <= 0;
    }
}
