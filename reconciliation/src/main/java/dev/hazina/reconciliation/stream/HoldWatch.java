package dev.hazina.reconciliation.stream;

import org.apache.kafka.common.serialization.Serde;

import dev.hazina.schemas.TransferKind;
import dev.hazina.schemas.TransferResult;
import dev.hazina.schemas.TransferStatus;

/**
 * A hold as the hold-deadline check watches it: its PENDING outcome (payer, amount, deadline), or,
 * with {@code resolution}, the outcome that resolved it (an EXPIRED, a completed VOID, a CAPTURE that
 * completed or was reversed), which may arrive first because the two are regrouped from different
 * partitions.
 *
 * @param expiresAt the hold's deadline on the ledger's business clock; for a resolution, when the ledger
 *                  decided it (0 in watches stored before it was kept), see {@link #decidedAt()}
 * @param seenAt when the stream first saw it, wall clock
 * @param resolution what resolved it, empty while pending
 */
record HoldWatch(String holdId, String payer, long amount, String currency, long expiresAt, long seenAt,
                 String resolution, boolean raised) {

    static final Serde<HoldWatch> SERDE = StateSerde.of(
        (watch, out) -> {
            out.writeUTF(watch.holdId);
            out.writeUTF(watch.payer);
            out.writeLong(watch.amount);
            out.writeUTF(watch.currency);
            out.writeLong(watch.expiresAt);
            out.writeLong(watch.seenAt);
            out.writeUTF(watch.resolution);
            out.writeBoolean(watch.raised);
        },
        in -> new HoldWatch(in.readUTF(), in.readUTF(), in.readLong(), in.readUTF(), in.readLong(), in.readLong(),
            in.readUTF(), in.readBoolean()));

    /**
     * What {@code result} says about a hold: a new pending hold, its resolution, or null when it says
     * nothing (another kind, a refusal, a retry's repeated answer, or a PENDING from a ledger that did
     * not yet write deadlines).
     */
    static HoldWatch of(TransferResult result) {
        if (result.getDuplicate()) {
            return null;
        }
        TransferKind kind = result.getKind();
        TransferStatus status = result.getStatus();
        if (kind == TransferKind.AUTHORIZE && status == TransferStatus.PENDING && result.getHoldExpiresAt() != null) {
            return new HoldWatch(result.getRequestId(), result.getPayer(), result.getAmount(), result.getCurrency(),
                result.getHoldExpiresAt(), 0, "", false);
        }
        if (kind == TransferKind.AUTHORIZE && status == TransferStatus.EXPIRED) {
            return resolved(result.getRequestId(), result, "expired by the ledger");
        }
        boolean voided = kind == TransferKind.VOID && status == TransferStatus.COMPLETED;
        boolean captured = kind == TransferKind.CAPTURE
            && (status == TransferStatus.COMPLETED || status == TransferStatus.REVERSED);
        if ((voided || captured) && result.getReference() != null) {
            return resolved(result.getReference(), result, kind + " " + result.getRequestId() + " " + status);
        }
        return null;
    }

    private static HoldWatch resolved(String holdId, TransferResult result, String resolution) {
        return new HoldWatch(holdId, result.getPayer(), result.getAmount(), result.getCurrency(), result.getDecidedAt(), 0,
            resolution, false);
    }

    /** For a resolution: when the ledger decided it. The field is shared with a pending hold's deadline. */
    long decidedAt() {
        return expiresAt;
    }

    boolean pending() {
        return resolution.isEmpty();
    }

    HoldWatch seenAt(long now) {
        return new HoldWatch(holdId, payer, amount, currency, expiresAt, now, resolution, raised);
    }

    HoldWatch withRaised() {
        return new HoldWatch(holdId, payer, amount, currency, expiresAt, seenAt, resolution, true);
    }

    /** The due index's key: fixed-width hex of {@code dueAt}, so keys sort by time. */
    static String dueKey(long dueAt, String holdId) {
        return String.format("%016x|%s", Math.max(0, dueAt), holdId);
    }
}
