package dev.hazina.fraud;

import java.time.Duration;

import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;

import dev.hazina.schemas.Activity;
import dev.hazina.schemas.EntryType;
import dev.hazina.schemas.LedgerEntry;
import dev.hazina.topology.SystemAccounts;

/**
 * Scores every posting of money to or from a customer-facing account.
 *
 * <p>Input: {@code hazina.ledger-entries}, keyed by account and so co-partitioned with the ledger.
 * Only principal postings count (fees, transit and system shards are the ledger's plumbing); each
 * is dated by its record timestamp, the ledger's business clock. Outputs: alerts, case events, risk
 * verdicts. Stores: profiles, cases, case expiry. A wall-clock punctuation lifts lapsed
 * interdictions, with or without traffic.
 */
final class PostingScorer implements Processor<String, LedgerEntry, String, SpecificRecord> {

    private final FraudConfig config;
    private FraudTask task;

    PostingScorer(FraudConfig config) {
        this.config = config;
    }

    @Override
    public void init(ProcessorContext<String, SpecificRecord> context) {
        this.task = new FraudTask(context, config);
        context.schedule(Duration.ofMillis(config.expirySweepIntervalMs()), PunctuationType.WALL_CLOCK_TIME,
            now -> task.verdicts.expireDue(new Record<>("", null, now), now, task.profiles::find));
    }

    @Override
    public void process(Record<String, LedgerEntry> record) {
        LedgerEntry entry = record.value();
        if (entry == null || SystemAccounts.isSystem(entry.getAccountId()) || entry.getAmount() <= 0
            || (entry.getEntryType() != EntryType.PRINCIPAL && entry.getEntryType() != EntryType.OVERDRAFT_REPAYMENT)) {
            return;
        }
        task.score(record, entry.getAccountId(), Activity.newBuilder()
            .setTransferId(entry.getTransferId())
            .setKind(entry.getKind())
            .setDirection(entry.getDirection())
            .setAmount(entry.getAmount())
            .setCounterparty(entry.getCounterparty())
            .setAt(record.timestamp())
            .setBalanceAfter(entry.getBalanceAfter())
            .build());
    }
}
