package dev.hazina.topology;

import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;

import dev.hazina.schemas.AccountRisk;

/**
 * Keeps the fraud stream's latest verdict per account in the read-only {@code hazina-account-risk}
 * store, where the request and leg processors consult it at decision time (see {@link RiskChecks}).
 *
 * <p>Input: the compacted {@code hazina.account-risk}, written by the fraud stream only and
 * co-partitioned with the ledger's inputs; it doubles as the store's changelog. A tombstone lifts
 * every verdict on the account. No outputs. A verdict on the wrong partition, or for another
 * account than its key, is dead-lettered: it could only come from a misconfigured writer.
 */
final class AccountRiskProcessor implements Processor<String, AccountRisk, Void, Void> {

    private final LedgerConfig config;
    private RecordGuard guard;
    private KeyValueStore<String, AccountRisk> store;

    AccountRiskProcessor(LedgerConfig config) {
        this.config = config;
    }

    @Override
    public void init(ProcessorContext<Void, Void> context) {
        this.guard = new RecordGuard(context, config.partitions(), null);
        this.store = context.getStateStore(LedgerStores.ACCOUNT_RISK);
    }

    @Override
    public void process(Record<String, AccountRisk> record) {
        guard.checkRouting(record.key());
        AccountRisk risk = record.value();
        if (risk == null) {
            store.delete(record.key());
            return;
        }
        if (!record.key().equals(risk.getAccountId())) {
            throw new DeadLetterException("KEY_MISMATCH", "risk verdict for " + risk.getAccountId()
                + " keyed by '" + record.key() + "'");
        }
        store.put(record.key(), risk);
    }
}
