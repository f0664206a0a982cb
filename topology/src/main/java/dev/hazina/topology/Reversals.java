package dev.hazina.topology;

import java.time.Duration;
import java.time.LocalDate;

import org.apache.kafka.streams.processor.api.Record;

import dev.hazina.schemas.AccountState;
import dev.hazina.schemas.AccountStatus;
import dev.hazina.schemas.AccountType;
import dev.hazina.schemas.EntryDirection;
import dev.hazina.schemas.EntryType;
import dev.hazina.schemas.LedgerLeg;
import dev.hazina.schemas.LegType;
import dev.hazina.schemas.ReasonCode;
import dev.hazina.schemas.TransferKind;
import dev.hazina.schemas.TransferRecord;
import dev.hazina.schemas.TransferRequest;
import dev.hazina.schemas.TransferResult;
import dev.hazina.schemas.TransferStatus;

/**
 * REVERSAL of a completed transfer, as a saga over the two partitions involved.
 *
 * <p>A REVERSAL names the original payee as its payer (the account debited), the original payer as
 * its payee (the account credited), the original amount, and the original requestId in
 * {@code reference}. It is keyed by its payee, the original payer, because that partition holds the
 * original's transfer record: whether it completed, when, its fee, and whether it was reversed.
 *
 * <ol>
 *   <li>Original payer's partition (request): the original must be on record (TRANSFER_NOT_FOUND),
 *       a reversible kind that COMPLETED within {@code hazina.reversal.window.ms} (NOT_REVERSIBLE),
 *       and not reversed before (ALREADY_REVERSED). It is marked reversed at once, so a second
 *       reversal is refused even while this one runs. A REVERSAL_DEBIT leg goes to the original
 *       payee.</li>
 *   <li>Original payee's partition (REVERSAL_DEBIT): if the account exists, may send and has the
 *       funds, DEBIT it the principal (and, when the fee is refunded, a cash-out agent's commission)
 *       into transit and answer REVERSAL_CREDIT; else answer REVERSAL_REFUSED with the reason and
 *       post nothing.</li>
 *   <li>Original payer's partition: REVERSAL_CREDIT pays the principal (and by policy the fee, from
 *       the fee shard) back: COMPLETED. REVERSAL_REFUSED unmarks the original, so it may be
 *       reversed later, and the REVERSAL is REJECTED with the payee's reason.</li>
 * </ol>
 * The credit back is unconditional, like a saga refund: step one refuses when the original payer is
 * closed, and limits do not apply to money returning. A reversal debit takes no top-up.
 */
final class Reversals {

    private final LedgerConfig config;
    private final AccountBook accounts;
    private final TransferBook transfers;
    private final LedgerOutput output;

    Reversals(LedgerConfig config, AccountBook accounts, TransferBook transfers, LedgerOutput output) {
        this.config = config;
        this.accounts = accounts;
        this.transfers = transfers;
        this.output = output;
    }

    /** Step one, on the original payer's partition. */
    Rejection start(Incoming in) {
        TransferRequest request = in.request();
        TransferRecord original = transfers.find(request.getReference());
        if (original == null) {
            return new Rejection(ReasonCode.TRANSFER_NOT_FOUND, "no transfer " + request.getReference()
                + " on record for " + request.getPayee() + " (unknown, or older than the dedupe horizon)");
        }
        if (!original.getPayer().equals(request.getPayee()) || !original.getPayee().equals(request.getPayer())
            || !original.getCurrency().equals(request.getCurrency())) {
            return new Rejection(ReasonCode.INVALID_REQUEST, "a reversal of " + original.getRequestId() + " pays "
                + original.getCurrency() + " from " + original.getPayee() + " back to " + original.getPayer());
        }
        if (original.getAmount() != request.getAmount()) {
            return new Rejection(ReasonCode.INVALID_AMOUNT, "a reversal moves the whole " + original.getAmount() + " back");
        }
        if (!TransferRules.isReversible(original.getKind())) {
            return new Rejection(ReasonCode.NOT_REVERSIBLE, "a " + original.getKind() + " cannot be reversed");
        }
        if (original.getReversedBy() != null) {
            return new Rejection(ReasonCode.ALREADY_REVERSED, original.getRequestId() + " was reversed by "
                + original.getReversedBy());
        }
        if (original.getOutcome() == null || original.getOutcome().getStatus() != TransferStatus.COMPLETED) {
            return new Rejection(ReasonCode.NOT_REVERSIBLE, "only a completed transfer can be reversed; "
                + original.getRequestId() + " is " + (original.getOutcome() == null ? "in flight" : original.getOutcome().getStatus()));
        }
        if (in.now() - original.getReceivedAt() > config.reversalWindowMs()) {
            return new Rejection(ReasonCode.NOT_REVERSIBLE, original.getRequestId() + " is older than the reversal window of "
                + Duration.ofMillis(config.reversalWindowMs()));
        }
        AccountState payer = accounts.find(original.getPayer());
        if (payer == null) {
            return new Rejection(ReasonCode.ACCOUNT_NOT_FOUND, "payee " + original.getPayer() + " does not exist");
        }
        if (payer.getStatus() == AccountStatus.CLOSED) {
            return new Rejection(ReasonCode.ACCOUNT_CLOSED, "payee " + original.getPayer() + " is closed");
        }
        boolean refundFee = config.reversalRefundsFee();
        original.setReversedBy(request.getRequestId());
        transfers.save(original);
        transfers.remember(TransferBook.recordOf(in, 0, null).build());
        output.leg(in.record(), request.getPayer(), Saga.leg(LegType.REVERSAL_DEBIT, request.getRequestId(),
                TransferKind.REVERSAL, request.getPayer(), request.getPayee(), request.getAmount(), request.getCurrency(),
                request.getRequestedAt(), in.now())
            .setCommission(refundFee ? original.getCommission() : 0)
            .setFee(refundFee ? original.getFee() : 0)
            .setReference(original.getRequestId())
            .build());
        return null;
    }

    /** REVERSAL_DEBIT, on the original payee's partition: take the money back, or refuse and move nothing. */
    void debit(Record<String, LedgerLeg> record, long now) {
        LedgerLeg leg = record.value();
        AccountState account = accounts.find(leg.getPayer());
        long total = Math.addExact(leg.getAmount(), leg.getCommission());
        String who = "payee " + leg.getPayer() + " of " + leg.getReference();
        Rejection refusal = Checks.canSend(account, who, leg.getCurrency());
        if (refusal == null) {
            refusal = Checks.hasFunds(account, who, total);
        }
        if (refusal != null) {
            output.leg(record, leg.getPayee(), LedgerLeg.newBuilder(leg).setLegType(LegType.REVERSAL_REFUSED)
                .setReason(refusal.reason()).setSentAt(now).build());
            return;
        }
        AccountState transit = accounts.transit(leg.getCurrency(), now);
        PostingPlan plan = new PostingPlan()
            .debit(account, leg.getAmount(), EntryType.REVERSAL, leg.getPayee())
            .debit(account, leg.getCommission(), EntryType.COMMISSION, transit.getAccountId())
            .credit(transit, total, EntryType.TRANSIT, account.getAccountId());
        if (!plan.fits()) {
            throw new LedgerException("reversal " + leg.getRequestId() + " overflows a transit balance");
        }
        output.entries(record, plan.apply(leg.getRequestId(), TransferKind.REVERSAL, now));
        accounts.save(plan.accounts());
        output.leg(record, leg.getPayee(), LedgerLeg.newBuilder(leg).setLegType(LegType.REVERSAL_CREDIT).setSentAt(now).build());
    }

    /** REVERSAL_CREDIT, back on the original payer's partition: pay the money back; the reversal is COMPLETED. */
    void credit(Record<String, LedgerLeg> record, long now) {
        LedgerLeg leg = record.value();
        AccountState payer = accounts.find(leg.getPayee());
        if (payer == null) {
            throw new LedgerException("reversal " + leg.getRequestId() + " for unknown account " + leg.getPayee());
        }
        AccountState transit = accounts.transit(leg.getCurrency(), now);
        AccountState fees = accounts.fees(leg.getCurrency(), now);
        PostingPlan plan = new PostingPlan()
            .debit(transit, Math.addExact(leg.getAmount(), leg.getCommission()), EntryType.TRANSIT, leg.getPayer())
            .debit(fees, leg.getFee() - leg.getCommission(), EntryType.FEE, payer.getAccountId())
            .credit(payer, leg.getAmount(), EntryType.REVERSAL, leg.getPayer())
            .credit(payer, leg.getFee(), EntryType.FEE, fees.getAccountId());
        if (!plan.fits()) {
            throw new LedgerException("reversal " + leg.getRequestId() + " overflows a balance");
        }
        output.entries(record, plan.apply(leg.getRequestId(), TransferKind.REVERSAL, now));
        accounts.save(plan.accounts());
        TransferResult completed = TransferResult.newBuilder(Results.of(leg, TransferStatus.COMPLETED, null,
            "reversed " + leg.getReference() + (leg.getFee() > 0 ? ", fee of " + leg.getFee() + " refunded" : ""), now))
            .setFee(0)
            .build();
        output.result(record, completed);
        settle(record, transfers.find(leg.getReference()), now);
        transfers.finish(record, transfers.find(leg.getRequestId()), completed);
    }

    /** REVERSAL_REFUSED, back on the original payer's partition: nothing moved; the original may be reversed later. */
    void refused(Record<String, LedgerLeg> record, long now) {
        LedgerLeg leg = record.value();
        TransferRecord original = transfers.find(leg.getReference());
        if (original != null && leg.getRequestId().equals(original.getReversedBy())) {
            original.setReversedBy(null);
            transfers.save(original);
        }
        TransferResult rejected = TransferResult.newBuilder(Results.of(leg, TransferStatus.REJECTED, leg.getReason(),
            "the original payee " + leg.getPayer() + " could not give the money back: " + leg.getReason(), now))
            .setFee(0)
            .build();
        output.result(record, rejected);
        transfers.finish(record, transfers.find(leg.getRequestId()), rejected);
    }

    /** A reversed merchant or agent transfer is settled back: the opposite direction of the original's settlement. */
    private void settle(Record<?, ?> cause, TransferRecord original, long now) {
        LedgerLeg leg = (LedgerLeg) cause.value();
        AccountType party = original == null ? null : TransferRules.settlingParty(original.getKind());
        if (party == null) {
            return;
        }
        // The opposite direction of the original's settlement: a merchant or cash-out agent pays back.
        boolean payeeSettles = TransferRules.payeeSettles(original.getKind());
        output.settlement(cause, leg, payeeSettles ? original.getPayee() : original.getPayer(), party,
            payeeSettles ? EntryDirection.DEBIT : EntryDirection.CREDIT, payeeSettles ? leg.getCommission() : 0,
            LocalDate.ofEpochDay(accounts.day(cause.timestamp())), now);
    }
}
