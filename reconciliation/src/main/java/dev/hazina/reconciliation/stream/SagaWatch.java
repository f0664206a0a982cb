package dev.hazina.reconciliation.stream;

import org.apache.kafka.common.serialization.Serde;

import dev.hazina.schemas.LedgerLeg;

/**
 * One saga leg that asks another partition to act ({@code CREDIT}, {@code REVERSAL_DEBIT},
 * {@code TOPUP_DEBIT}), as the stuck-saga check watches it; or, with {@code answered}, an answer
 * that arrived (regrouped from another partition) before the leg it answers.
 *
 * @param seenAt when the stream first saw it, wall clock
 */
record SagaWatch(String requestId, String legType, String actOn, long amount, String currency, long sentAt,
                 long seenAt, boolean answered, boolean raised) {

    static final Serde<SagaWatch> SERDE = StateSerde.of(
        (watch, out) -> {
            out.writeUTF(watch.requestId);
            out.writeUTF(watch.legType);
            out.writeUTF(watch.actOn);
            out.writeLong(watch.amount);
            out.writeUTF(watch.currency);
            out.writeLong(watch.sentAt);
            out.writeLong(watch.seenAt);
            out.writeBoolean(watch.answered);
            out.writeBoolean(watch.raised);
        },
        in -> new SagaWatch(in.readUTF(), in.readUTF(), in.readUTF(), in.readLong(), in.readUTF(), in.readLong(),
            in.readLong(), in.readBoolean(), in.readBoolean()));

    static SagaWatch asked(LedgerLeg leg, String actOn, long seenAt) {
        return new SagaWatch(leg.getRequestId(), leg.getLegType().name(), actOn, leg.getAmount(), leg.getCurrency(),
            leg.getSentAt(), seenAt, false, false);
    }

    SagaWatch withRaised() {
        return new SagaWatch(requestId, legType, actOn, amount, currency, sentAt, seenAt, answered, true);
    }
}
