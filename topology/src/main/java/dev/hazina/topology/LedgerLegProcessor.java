package dev.hazina.topology;

import java.time.LocalDate;

import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.hazina.schemas.AccountState;
import dev.hazina.schemas.AccountType;
import dev.hazina.schemas.EntryDirection;
import dev.hazina.schemas.EntryType;
import dev.hazina.schemas.LedgerLeg;
import dev.hazina.schemas.LegType;
import dev.hazina.schemas.ReasonCode;
import dev.hazina.schemas.Settlement;
import dev.hazina.schemas.TransferRecord;
import dev.hazina.schemas.TransferResult;
import dev.hazina.schemas.TransferStatus;

/**
 * Steps two and three of a transfer saga.
 *
 * <p>Input: the internal {@code hazina.ledger-legs} topic, keyed by the account to act on.
 * <ul>
 *   <li>CREDIT, on the payee's partition: credit the payee from this partition's transit shard,
 *       emit the COMPLETED result and any settlement, and CONFIRM back to the payer; or, if the
 *       payee cannot take the money, send a REFUND back and post nothing.</li>
 *   <li>REFUND, on the payer's partition: return amount and fee in full; the outcome is REVERSED.</li>
 *   <li>CONFIRM, on the payer's partition: record the COMPLETED outcome for dedupe and answer the
 *       retries that arrived while the saga was in flight.</li>
 * </ul>
 * Outputs: results, ledger entries, settlements, legs. Stores: accounts, transfers, offsets. A leg
 * at or below the last offset processed is a replay and is skipped.
 */
final class LedgerLegProcessor implements Processor<String, LedgerLeg, String, SpecificRecord> {

    private static final Logger LOG = LoggerFactory.getLogger(LedgerLegProcessor.class);
    private static final String INPUT = "legs";

    private final LedgerConfig config;
    private ProcessorContext<String, SpecificRecord> context;
    private LedgerOutput output;
    private RecordGuard guard;
    private AccountBook accounts;
    private KeyValueStore<String, TransferRecord> transfers;

    LedgerLegProcessor(LedgerConfig config) {
        this.config = config;
    }

    @Override
    public void init(ProcessorContext<String, SpecificRecord> context) {
        LedgerTask task = new LedgerTask(context, config);
        this.context = context;
        this.output = task.output;
        this.guard = task.guard;
        this.accounts = task.accounts;
        this.transfers = task.transfers();
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
            default -> throw new LedgerException("unknown leg type " + leg.getLegType());
        }
        guard.markProcessed(INPUT);
    }

    private void credit(Record<String, LedgerLeg> record, long now) {
        LedgerLeg leg = record.value();
        long total = Math.addExact(leg.getAmount(), leg.getCommission());
        AccountState payee = accounts.find(leg.getPayee());
        Rejection refusal = TransferRequestProcessor.Checks.canReceive(payee, leg.getKind(), leg.getCurrency(), total);
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
        AccountState transit = accounts.transit(leg.getCurrency(), now);
        AccountState fees = accounts.fees(leg.getCurrency(), now);
        long inTransit = Math.addExact(leg.getAmount(), leg.getCommission());
        PostingPlan plan = new PostingPlan()
            .debit(transit, inTransit, EntryType.REFUND, payer.getAccountId())
            .debit(fees, leg.getFee() - leg.getCommission(), EntryType.REFUND, payer.getAccountId())
            .credit(payer, Math.addExact(leg.getAmount(), leg.getFee()), EntryType.REFUND, transit.getAccountId());
        if (!plan.fits()) {
            throw new LedgerException("refund " + leg.getRequestId() + " overflows a balance");
        }
        output.entries(record, plan.apply(leg.getRequestId(), leg.getKind(), now));
        TransferRecord transfer = transfers.get(leg.getRequestId());
        if (transfer != null) {
            // The money came back, so it no longer counts against today's debit limit.
            AccountBook.addDailyDebit(payer, accounts.day(transfer.getReceivedAt()), -leg.getAmount());
        }
        accounts.save(plan.accounts());
        TransferResult reversed = Results.of(leg, TransferStatus.REVERSED, leg.getReason(),
            "payee could not take the transfer: " + leg.getReason(), now);
        output.result(record, reversed);
        finish(record, transfer, reversed);
    }

    private void confirm(Record<String, LedgerLeg> record) {
        LedgerLeg leg = record.value();
        TransferRecord transfer = transfers.get(leg.getRequestId());
        finish(record, transfer, Results.of(leg, TransferStatus.COMPLETED, null, null, leg.getSentAt()));
    }

    /** Stores the final outcome on the payer's side and answers retries that waited for it. */
    private void finish(Record<String, LedgerLeg> record, TransferRecord transfer, TransferResult outcome) {
        if (transfer == null) {
            LOG.warn("Saga {} finished after its dedupe record expired", outcome.getRequestId());
            return;
        }
        if (transfer.getOutcome() != null) {
            throw new LedgerException("saga " + transfer.getRequestId() + " finished twice: had "
                + transfer.getOutcome().getStatus() + ", now " + outcome.getStatus());
        }
        for (int i = 0; i < transfer.getWaitingRetries(); i++) {
            output.result(record, Results.duplicateOf(outcome));
        }
        transfer.setOutcome(outcome);
        transfer.setWaitingRetries(0);
        transfers.put(transfer.getRequestId(), transfer);
    }

    private void settle(Record<String, LedgerLeg> record, AccountState payee, long now) {
        LedgerLeg leg = record.value();
        AccountType party = TransferRules.settlingParty(leg.getKind());
        if (party == null) {
            return;
        }
        boolean payeeSettles = payee.getType() == party;
        String partyId = payeeSettles ? leg.getPayee() : leg.getPayer();
        Settlement settlement = Settlement.newBuilder()
            .setSettlementId(leg.getRequestId() + ":" + partyId)
            .setPartyId(partyId)
            .setPartyType(party)
            .setRequestId(leg.getRequestId())
            .setKind(leg.getKind())
            .setDirection(payeeSettles ? EntryDirection.CREDIT : EntryDirection.DEBIT)
            .setAmount(leg.getAmount())
            .setCommission(payeeSettles ? leg.getCommission() : 0)
            .setCurrency(leg.getCurrency())
            .setBusinessDate(LocalDate.ofEpochDay(accounts.day(record.timestamp())).toString())
            .setSettledAt(now)
            .build();
        output.settlement(record, settlement);
    }
}
