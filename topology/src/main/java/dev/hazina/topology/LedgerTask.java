package dev.hazina.topology;

import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.state.KeyValueStore;

import dev.hazina.schemas.TransferRecord;

/** What the ledger's processors in one task share: its context, outputs, record guard and stores. */
final class LedgerTask {

    final ProcessorContext<String, SpecificRecord> context;
    final LedgerOutput output;
    final RecordGuard guard;
    final AccountBook accounts;

    LedgerTask(ProcessorContext<String, SpecificRecord> context, LedgerConfig config, LedgerMeters meters) {
        this.context = context;
        this.output = new LedgerOutput(context, meters,
            new UpgradeCompat(config.upgradeFrom()).keepsStatements() ? config.statementSize() : 0);
        this.guard = new RecordGuard(context, config.partitions(), context.getStateStore(LedgerStores.OFFSETS));
        this.accounts = new AccountBook(context.getStateStore(LedgerStores.ACCOUNTS), guard.partition(), config.zoneId());
    }

    /** The fraud stream's verdicts; only the request and leg processors may ask. */
    RiskChecks risk() {
        return new RiskChecks(context.getStateStore(LedgerStores.ACCOUNT_RISK));
    }

    /** The transfers store; only the processors it is connected to may ask. */
    KeyValueStore<String, TransferRecord> transfers() {
        return context.getStateStore(LedgerStores.TRANSFERS);
    }
}
