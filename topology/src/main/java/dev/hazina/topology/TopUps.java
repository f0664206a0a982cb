package dev.hazina.topology;

import org.apache.kafka.streams.processor.api.Record;

import dev.hazina.schemas.AccountState;
import dev.hazina.schemas.EntryType;
import dev.hazina.schemas.LedgerLeg;
import dev.hazina.schemas.LegType;
import dev.hazina.schemas.ReasonCode;
import dev.hazina.schemas.TopUpState;
import dev.hazina.schemas.TransferRecord;
import dev.hazina.schemas.TransferRequest;
import dev.hazina.schemas.TransferResult;
import dev.hazina.schemas.TransferStatus;

/**
 * Automatic top-up: a debit that lacks funds pulls the exact shortfall from the payer's funding
 * account, on the funding account's partition, and then goes ahead.
 *
 * <ol>
 *   <li>Payer's partition (request): the debit passes every check but funds. Its payer's available
 *       funds are all reserved for it ({@code held}), so that no later debit can spend them while the
 *       top-up is in flight, and a TOPUP_DEBIT leg asks the funder for {@code amount + fee - available}.</li>
 *   <li>Funder's partition (TOPUP_DEBIT): the funder must exist, be neither frozen nor closed, hold the
 *       currency and have the funds (no top-up of its own, no limits: it is a funding source). Then
 *       DEBIT funder / CREDIT transit and send TOPUP_CREDIT; otherwise send TOPUP_REFUSED and post
 *       nothing.</li>
 *   <li>Payer's partition (TOPUP_CREDIT): release the reservation, land the top-up (CREDIT payer
 *       TOPUP) and post the debit in the same step, then the ordinary CREDIT saga runs. If the payer
 *       was frozen or closed, or its overdraft limit lowered, while the top-up was in flight, the debit
 *       is REVERSED instead and the top-up goes back (TOPUP_REFUND). On TOPUP_REFUSED the request is
 *       REJECTED TOPUP_FAILED: nothing moved anywhere.</li>
 * </ol>
 * When the payee refuses the credit, the refund gives the payer back only its own share and returns
 * the top-up to the funder, so a reversed transfer leaves no trace in either account.
 */
final class TopUps {

    private final AccountBook accounts;
    private final TransferBook transfers;
    private final LedgerOutput output;

    TopUps(AccountBook accounts, TransferBook transfers, LedgerOutput output) {
        this.accounts = accounts;
        this.transfers = transfers;
        this.output = output;
    }

    /**
     * Step one of a debit whose payer lacks {@code amount + fee}: starts a top-up, or returns
     * INSUFFICIENT_FUNDS when the payer has no funding account or is below its floor already (a
     * limit lowered below usage blocks new debits, top-up or not).
     */
    Rejection start(Incoming in, AccountState payer, long fee, long commission, int day) {
        TransferRequest request = in.request();
        long needed = request.getAmount() + fee;
        long available = AccountBook.available(payer);
        String funder = payer.getFundingAccount();
        if (funder == null || funder.equals(payer.getAccountId()) || available < 0) {
            return new Rejection(ReasonCode.INSUFFICIENT_FUNDS, "needs " + needed + " including a fee of " + fee
                + ", has " + available + " available");
        }
        long shortfall = needed - available;
        AccountBook.hold(payer, available);
        AccountBook.addDailyDebit(payer, day, request.getAmount());
        payer.setUpdatedAt(in.now());
        accounts.save(payer);
        TopUpState topUp = TopUpState.newBuilder().setFunder(funder).setAmount(shortfall).setReserved(available).build();
        transfers.remember(TransferBook.recordOf(in, fee, null).setCommission(commission).setTopUp(topUp).build());
        output.leg(in.record(), funder, Saga.leg(LegType.TOPUP_DEBIT, request.getRequestId(), request.getKind(), funder,
            payer.getAccountId(), shortfall, request.getCurrency(), request.getRequestedAt(), in.now()).build());
        return null;
    }

    /** TOPUP_DEBIT, on the funder's partition: pay the shortfall into transit, or refuse and move nothing. */
    void debitFunder(Record<String, LedgerLeg> record, long now) {
        LedgerLeg leg = record.value();
        AccountState funder = accounts.find(leg.getPayer());
        String who = "funding account " + leg.getPayer();
        Rejection refusal = Checks.canSend(funder, who, leg.getCurrency());
        if (refusal == null) {
            refusal = Checks.hasFunds(funder, who, leg.getAmount());
        }
        if (refusal != null) {
            output.leg(record, leg.getPayee(), LedgerLeg.newBuilder(leg).setLegType(LegType.TOPUP_REFUSED)
                .setReason(refusal.reason()).setSentAt(now).build());
            return;
        }
        AccountState transit = accounts.transit(leg.getCurrency(), now);
        PostingPlan plan = new PostingPlan()
            .debit(funder, leg.getAmount(), EntryType.TOPUP, leg.getPayee())
            .credit(transit, leg.getAmount(), EntryType.TOPUP, funder.getAccountId());
        if (!plan.fits()) {
            throw new LedgerException("top-up " + leg.getRequestId() + " overflows a transit balance");
        }
        output.entries(record, plan.apply(leg.getRequestId(), leg.getKind(), now));
        accounts.save(plan.accounts());
        output.leg(record, leg.getPayee(), LedgerLeg.newBuilder(leg).setLegType(LegType.TOPUP_CREDIT).setSentAt(now).build());
    }

    /** TOPUP_CREDIT, back on the payer's partition: the top-up lands and the debit that waited for it is posted. */
    void landed(Record<String, LedgerLeg> record, long now) {
        LedgerLeg leg = record.value();
        TransferRecord transfer = waiting(leg);
        TopUpState topUp = transfer.getTopUp();
        AccountState payer = accounts.find(transfer.getPayer());
        AccountBook.release(payer, topUp.getReserved());
        Rejection refusal = Checks.mayDebit(payer, "payer " + transfer.getPayer());
        long floor = -payer.getLimits().getOverdraftLimit();
        if (refusal == null && payer.getBalance() - topUp.getReserved() < floor) {
            refusal = new Rejection(ReasonCode.INSUFFICIENT_FUNDS, "the overdraft limit of " + transfer.getPayer()
                + " was lowered while its top-up was in flight");
        }
        AccountState transit = accounts.transit(leg.getCurrency(), now);
        PostingPlan plan = new PostingPlan()
            .debit(transit, topUp.getAmount(), EntryType.TOPUP, topUp.getFunder())
            .credit(payer, topUp.getAmount(), EntryType.TOPUP, topUp.getFunder());
        Saga.debitLines(plan, payer, accounts.fees(leg.getCurrency(), now), transit, transfer.getPayee(),
            transfer.getAmount(), transfer.getFee(), transfer.getCommission());
        if (refusal == null && !plan.fits()) {
            refusal = new Rejection(ReasonCode.INVALID_AMOUNT, "amount would overflow a balance");
        }
        if (refusal != null) {
            giveUp(record, transfer, payer, refusal, now);
            return;
        }
        output.entries(record, plan.apply(transfer.getRequestId(), transfer.getKind(), now));
        accounts.save(plan.accounts());
        output.leg(record, transfer.getPayee(), Saga.leg(LegType.CREDIT, transfer.getRequestId(), transfer.getKind(),
            transfer.getPayer(), transfer.getPayee(), transfer.getAmount(), transfer.getCurrency(),
            transfer.getRequestedAt(), now).setCommission(transfer.getCommission()).setFee(transfer.getFee()).build());
    }

    /** TOPUP_REFUSED, back on the payer's partition: nothing moved anywhere, and the request is REJECTED TOPUP_FAILED. */
    void refused(Record<String, LedgerLeg> record, long now) {
        LedgerLeg leg = record.value();
        TransferRecord transfer = waiting(leg);
        AccountState payer = accounts.find(transfer.getPayer());
        AccountBook.release(payer, transfer.getTopUp().getReserved());
        giveBackAllowance(transfer, payer, now);
        TransferResult rejected = Results.of(transfer, TransferStatus.REJECTED, ReasonCode.TOPUP_FAILED,
            "funding account " + leg.getPayer() + " could not pay the shortfall of " + leg.getAmount() + ": "
                + leg.getReason(), 0, now);
        output.result(record, rejected);
        transfers.finish(record, transfer, rejected);
    }

    /** TOPUP_REFUND, on the funder's partition: the top-up of a transfer that did not complete comes back in full. */
    void refund(Record<String, LedgerLeg> record, long now) {
        LedgerLeg leg = record.value();
        AccountState funder = accounts.find(leg.getPayer());
        if (funder == null) {
            throw new LedgerException("top-up refund " + leg.getRequestId() + " for unknown funder " + leg.getPayer());
        }
        AccountState transit = accounts.transit(leg.getCurrency(), now);
        PostingPlan plan = new PostingPlan()
            .debit(transit, leg.getAmount(), EntryType.REFUND, funder.getAccountId())
            .credit(funder, leg.getAmount(), EntryType.REFUND, transit.getAccountId());
        if (!plan.fits()) {
            throw new LedgerException("top-up refund " + leg.getRequestId() + " overflows a balance");
        }
        output.entries(record, plan.apply(leg.getRequestId(), leg.getKind(), now));
        accounts.save(plan.accounts());
    }

    /** Sends a landed top-up back to its funder, as part of a refund that credits the rest to the payer. */
    void sendBack(Record<?, ?> cause, TransferRecord transfer, long now) {
        TopUpState topUp = transfer.getTopUp();
        output.leg(cause, topUp.getFunder(), Saga.leg(LegType.TOPUP_REFUND, transfer.getRequestId(), transfer.getKind(),
            topUp.getFunder(), transfer.getPayer(), topUp.getAmount(), transfer.getCurrency(), transfer.getRequestedAt(),
            now).build());
    }

    /** The debit cannot go ahead after all (its reservation is released already): return the top-up; the request is REVERSED. */
    private void giveUp(Record<String, LedgerLeg> record, TransferRecord transfer, AccountState payer, Rejection refusal,
                        long now) {
        giveBackAllowance(transfer, payer, now);
        sendBack(record, transfer, now);
        TransferResult reversed = Results.of(transfer, TransferStatus.REVERSED, refusal.reason(), refusal.detail()
            + "; the top-up of " + transfer.getTopUp().getAmount() + " went back to " + transfer.getTopUp().getFunder(), 0, now);
        output.result(record, reversed);
        transfers.finish(record, transfer, reversed);
    }

    /** The debit will not happen: its amount no longer counts against the payer's daily limit. */
    private void giveBackAllowance(TransferRecord transfer, AccountState payer, long now) {
        AccountBook.releaseDailyDebit(payer, accounts.day(transfer.getReceivedAt()), transfer.getAmount());
        payer.setUpdatedAt(now);
        accounts.save(payer);
    }

    private TransferRecord waiting(LedgerLeg leg) {
        TransferRecord transfer = transfers.find(leg.getRequestId());
        if (transfer == null || transfer.getTopUp() == null || transfer.getOutcome() != null) {
            throw new LedgerException(leg.getLegType() + " for " + leg.getRequestId()
                + ", which is not a debit waiting for a top-up");
        }
        return transfer;
    }
}
