package dev.hazina.topology;

import dev.hazina.schemas.LedgerLeg;
import dev.hazina.schemas.ReasonCode;
import dev.hazina.schemas.TransferRecord;
import dev.hazina.schemas.TransferRequest;
import dev.hazina.schemas.TransferResult;
import dev.hazina.schemas.TransferStatus;

/** Builders for the outcomes written to the results topic. */
final class Results {

    private Results() {
    }

    static TransferResult of(TransferRequest request, TransferStatus status, ReasonCode reason, String detail,
                             long fee, long decidedAt) {
        return TransferResult.newBuilder()
            .setRequestId(request.getRequestId())
            .setKind(request.getKind())
            .setStatus(status)
            .setReason(reason)
            .setDetail(detail)
            .setPayer(request.getPayer())
            .setPayee(request.getPayee())
            .setAmount(Amounts.echo(request.getAmount()))
            .setFee(fee)
            .setCurrency(request.getCurrency())
            .setRequestedAt(Amounts.echo(request.getRequestedAt()))
            .setDecidedAt(decidedAt)
            .setReference(request.getReference())
            .build();
    }

    static TransferResult of(LedgerLeg leg, TransferStatus status, ReasonCode reason, String detail, long decidedAt) {
        return TransferResult.newBuilder()
            .setRequestId(leg.getRequestId())
            .setKind(leg.getKind())
            .setStatus(status)
            .setReason(reason)
            .setDetail(detail)
            .setPayer(leg.getPayer())
            .setPayee(leg.getPayee())
            .setAmount(leg.getAmount())
            .setFee(leg.getFee())
            .setCurrency(leg.getCurrency())
            .setRequestedAt(Amounts.echo(leg.getRequestedAt()))
            .setDecidedAt(decidedAt)
            .setReference(leg.getReference())
            .build();
    }

    /** An outcome decided later for the request {@code transfer} remembers, e.g. its hold's expiry. */
    static TransferResult of(TransferRecord transfer, TransferStatus status, ReasonCode reason, String detail,
                             long fee, long decidedAt) {
        return TransferResult.newBuilder()
            .setRequestId(transfer.getRequestId())
            .setKind(transfer.getKind())
            .setStatus(status)
            .setReason(reason)
            .setDetail(detail)
            .setPayer(transfer.getPayer())
            .setPayee(transfer.getPayee())
            .setAmount(transfer.getAmount())
            .setFee(fee)
            .setCurrency(transfer.getCurrency())
            .setRequestedAt(Amounts.echo(transfer.getRequestedAt()))
            .setDecidedAt(decidedAt)
            .setReference(transfer.getReference())
            .build();
    }

    static TransferResult rejected(TransferRequest request, Rejection rejection, long decidedAt) {
        return of(request, TransferStatus.REJECTED, rejection.reason(), rejection.detail(), 0, decidedAt);
    }

    /** The answer to a retry: the original outcome, marked as a duplicate. */
    static TransferResult duplicateOf(TransferResult original) {
        return TransferResult.newBuilder(original).setDuplicate(true).build();
    }
}
