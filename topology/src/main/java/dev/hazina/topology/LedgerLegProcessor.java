package dev.hazina.topology;

import java.time.LocalDate;

import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;

import dev.hazina.schemas.AccountState;
import dev.hazina.schemas.AccountType;
import dev.hazina.schemas.EntryDirection;
import dev.hazina.schemas.EntryType;
import dev.hazina.schemas.LedgerLeg;
import dev.hazina.schemas.LegType;
import dev.hazina.schemas.ReasonCode;
import dev.hazina.schemas.TopUpState;
import dev.hazina.schemas.TransferKind;
import dev.hazina.schemas.TransferRecord;
import dev.hazina.schemas.TransferResult;
import dev.hazina.schemas.TransferStatus;

/**
 * Every saga step after the first.
 *
 * <p>Input: the internal {@code hazina.ledger-legs} topic, keyed by the account to act on.
 * <ul>
 *   <li>CREDIT, on the payee's partition: credit the payee from this partition's transit shard,
 *       emit the COMPLETED result and any settlement, and CONFIRM back to the payer; or, if the
 *       payee cannot take the money (closed, at its maximum balance, or blocked by the fraud stream),
 *       send a REFUND back and post nothing.</li>
 *   <li>REFUND, on the payer's partition: return amount and fee in full (less a top-up, which goes
 *       back to its funder); the outcome is REVERSED.</li>
 *   <li>CONFIRM, on the payer's partition: record the COMPLETED outcome for dedupe and answer the
 *       retries that arrived while the saga was in flight.</li>
 *   <li>REVERSAL_DEBIT, REVERSAL_CREDIT, REVERSAL_REFUSED: {@link Reversals}.</li>
 *   <li>TOPUP_DEBIT, TOPUP_CREDIT, TOPUP_REFUSED, TOPUP_REFUND: {@link TopUps}.</li>
 * </ul>
 * Outputs: results, ledger entries, settlements, legs. Stores: accounts, transfers, offsets, account
 * risk (read only). A leg
 * at or below the last offset processed is a replay and is skipped.
 */
final class LedgerLegProcessor implements Processor<String, LedgerLeg, String, SpecificRecord> {

    /** The offsets store's key for the last leg processed. */
    static final String INPUT = "legs";

    private final LedgerConfig config;
    private final LedgerMeters meters;
    private ProcessorContext<String, SpecificRecord> context;
    private LedgerOutput output;
    private RecordGuard guard;
    private AccountBook accounts;
    private TransferBook transfers;
    private Reversals reversals;
    private TopUps topUps;
    private RiskChecks risk;

    LedgerLegProcessor(LedgerConfig config, LedgerMeters meters) {
        this.config = config;
        this.meters = meters;
    }

    @Override
    public void init(ProcessorContext<String, SpecificRecord> context) {
        LedgerTask task = new LedgerTask(context, config, meters);
        this.context = context;
        this.output = task.output;
        this.guard = task.guard;
        this.accounts = task.accounts;
        this.transfers = new TransferBook(task.transfers(), null, output, accounts, meters, context.taskId());
        this.reversals = new Reversals(config, accounts, transfers, output);
        this.topUps = new TopUps(accounts, transfers, output);
        this.risk = task.risk();
    }

    @Override
    public void process(Record<String, LedgerLeg> record) {
        try {
            guard.checkRouting(record.key());
        } catch (DeadLetterException e) {
            throw new LedgerException("ledger leg on the wrong partition (was the partition count changed?): "
                + e.getMessage());
        }
        if (guard.isReplay(INPUT)) {
            return;
        }
        LedgerLeg leg = record.value();
        long now = context.currentSystemTimeMs();
        switch (leg.getLegType()) {
            case CREDIT -> credit(record, now);
            case REFUND -> refund(record, now);
            case CONFIRM -> confirm(record);
            case REVERSAL_DEBIT -> reversals.debit(record, now);
            case REVERSAL_CREDIT -> reversals.credit(record, now);
            case REVERSAL_REFUSED -> reversals.refused(record, now);
            case TOPUP_DEBIT -> topUps.debitFunder(record, now);
            case TOPUP_CREDIT -> topUps.landed(record, now);
            case TOPUP_REFUSED -> topUps.refused(record, now);
            case TOPUP_REFUND -> topUps.refund(record, now);
            default -> throw new LedgerException("unknown leg type " + leg.getLegType());
        }
        guard.markProcessed(INPUT);
    }

    private void credit(Record<String, LedgerLeg> record, long now) {
        LedgerLeg leg = record.value();
        long total = Math.addExact(leg.getAmount(), leg.getCommission());
        AccountState payee = accounts.find(leg.getPayee());
        Rejection refusal = Checks.canReceive(payee, leg.getKind(), leg.getCurrency(), total);
        if (refusal == null) {
            refusal = risk.canCredit(leg.getPayee());
        }
        AccountState transit = accounts.transit(leg.getCurrency(), now);
        PostingPlan plan = null;
        if (refusal == null) {
            plan = new PostingPlan()
                .debit(transit, total, EntryType.TRANSIT, leg.getPayer())
                .credit(payee, leg.getAmount(), EntryType.PRINCIPAL, leg.getPayer())
                .credit(payee, leg.getCommission(), EntryType.COMMISSION, transit.getAccountId());
            if (!plan.fits()) {
                refusal = new Rejection(ReasonCode.LIMIT_MAX_BALANCE, "the payee's balance would overflow");
            }
        }
        if (refusal != null) {
            LedgerLeg refund = LedgerLeg.newBuilder(leg)
                .setLegType(LegType.REFUND)
                .setReason(refusal.reason())
                .setSentAt(now)
                .build();
            output.leg(record, leg.getPayer(), refund);
            return;
        }
        output.entries(record, plan.apply(leg.getRequestId(), leg.getKind(), now));
        accounts.save(plan.accounts());
        output.result(record, Results.of(leg, TransferStatus.COMPLETED, null, null, now));
        settle(record, payee, now);
        LedgerLeg confirm = LedgerLeg.newBuilder(leg).setLegType(LegType.CONFIRM).setSentAt(now).build();
        output.leg(record, leg.getPayer(), confirm);
    }

    private void refund(Record<String, LedgerLeg> record, long now) {
        LedgerLeg leg = record.value();
        AccountState payer = accounts.find(leg.getPayer());
        if (payer == null) {
            throw new LedgerException("refund " + leg.getRequestId() + " for unknown payer " + leg.getPayer());
        }
        TransferRecord transfer = transfers.find(leg.getRequestId());
        TopUpState topUp = transfer == null ? null : transfer.getTopUp();
        // A top-up that paid part of this debit goes back to its funder; the payer gets its own share.
        long toFunder = topUp == null ? 0 : topUp.getAmount();
        AccountState transit = accounts.transit(leg.getCurrency(), now);
        AccountState fees = accounts.fees(leg.getCurrency(), now);
        long inTransit = Math.addExact(leg.getAmount(), leg.getCommission());
        PostingPlan plan = new PostingPlan()
            .debit(transit, inTransit, EntryType.REFUND, payer.getAccountId())
            .debit(fees, leg.getFee() - leg.getCommission(), EntryType.REFUND, payer.getAccountId())
            .credit(payer, Math.addExact(leg.getAmount(), leg.getFee()) - toFunder, EntryType.REFUND, transit.getAccountId());
        if (topUp != null) {
            plan.credit(transit, toFunder, EntryType.REFUND, topUp.getFunder());
        }
        if (!plan.fits()) {
            throw new LedgerException("refund " + leg.getRequestId() + " overflows a balance");
        }
        output.entries(record, plan.apply(leg.getRequestId(), leg.getKind(), now));
        if (transfer != null) {
            // The money came back, so it no longer counts against the day's debit limit.
            AccountBook.releaseDailyDebit(payer, accounts.day(debitedOn(transfer)), leg.getAmount());
        }
        accounts.save(plan.accounts());
        // A top-up that paid the whole debit leaves the payer out of the plan; its allowance still changed.
        accounts.save(payer);
        String detail = "payee could not take the transfer: " + leg.getReason();
        if (topUp != null) {
            topUps.sendBack(record, transfer, now);
            detail += "; the top-up of " + toFunder + " went back to " + topUp.getFunder();
        }
        TransferResult reversed = Results.of(leg, TransferStatus.REVERSED, leg.getReason(), detail, now);
        output.result(record, reversed);
        transfers.finish(record, transfer, reversed);
    }

    /** When the debit of {@code transfer} counted against the daily limit: a CAPTURE's, when its hold was authorised. */
    private long debitedOn(TransferRecord transfer) {
        if (transfer.getKind() == TransferKind.CAPTURE) {
            TransferRecord authorization = transfers.find(transfer.getReference());
            if (authorization != null) {
                return authorization.getReceivedAt();
            }
        }
        return transfer.getReceivedAt();
    }

    private void confirm(Record<String, LedgerLeg> record) {
        LedgerLeg leg = record.value();
        TransferRecord transfer = transfers.find(leg.getRequestId());
        transfers.finish(record, transfer, Results.of(leg, TransferStatus.COMPLETED, null, null, leg.getSentAt()));
    }

    private void settle(Record<String, LedgerLeg> record, AccountState payee, long now) {
        LedgerLeg leg = record.value();
        AccountType party = TransferRules.settlingParty(leg.getKind());
        if (party == null) {
            return;
        }
        boolean payeeSettles = payee.getType() == party;
        output.settlement(record, leg, payeeSettles ? leg.getPayee() : leg.getPayer(), party,
            payeeSettles ? EntryDirection.CREDIT : EntryDirection.DEBIT, payeeSettles ? leg.getCommission() : 0,
            LocalDate.ofEpochDay(accounts.day(record.timestamp())), now);
    }
}
