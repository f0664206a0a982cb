package dev.hazina.reconciliation.report;

import org.apache.kafka.common.serialization.Serde;

import dev.hazina.reconciliation.stream.StateSerde;

/** The last revision published of one report, and whether the day is final. */
record ReportState(long revision, boolean dayFinal) {

    static final ReportState NEW = new ReportState(0, false);

    static final Serde<ReportState> SERDE = StateSerde.of(
        (state, out) -> {
            out.writeLong(state.revision);
            out.writeBoolean(state.dayFinal);
        },
        in -> new ReportState(in.readLong(), in.readBoolean()));
}
