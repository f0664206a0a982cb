package dev.hazina.fraud;

import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;

import dev.hazina.schemas.AccountProfile;
import dev.hazina.schemas.TelcoEvent;
import dev.hazina.topology.DeadLetterException;

/**
 * Records SIM swaps, device changes and PIN resets against the account, dated by this stream's own
 * clock (the telco's {@code occurredAt} is a claim). A SIM swap is published to the ledger at once
 * as a debit cap on the account's verdict, so it bites on the very first transfer after it.
 *
 * <p>Input: {@code hazina.telco-events}, keyed by account; a record on the wrong partition, without
 * a key, for another account than its key or of an unknown type is dead-lettered. Output: risk
 * verdicts. Stores: profiles, cases.
 */
final class TelcoSignalProcessor implements Processor<String, TelcoEvent, String, SpecificRecord> {

    private final FraudConfig config;
    private ProcessorContext<String, SpecificRecord> context;
    private FraudTask task;

    TelcoSignalProcessor(FraudConfig config) {
        this.config = config;
    }

    @Override
    public void init(ProcessorContext<String, SpecificRecord> context) {
        this.context = context;
        this.task = new FraudTask(context, config);
    }

    @Override
    public void process(Record<String, TelcoEvent> record) {
        task.guard.checkRouting(record.key());
        TelcoEvent event = record.value();
        if (event == null) {
            throw new DeadLetterException("NULL_VALUE", "a telco event cannot be a tombstone");
        }
        if (!record.key().equals(event.getAccountId())) {
            throw new DeadLetterException("KEY_MISMATCH", "telco event for " + event.getAccountId()
                + " keyed by '" + record.key() + "'");
        }
        long now = context.currentSystemTimeMs();
        AccountProfile profile = task.profiles.find(event.getAccountId());
        AccountProfile.Builder next = AccountProfile.newBuilder(profile);
        switch (event.getType()) {
            case SIM_SWAP -> next.setSimSwapAt(now);
            case DEVICE_CHANGE, PIN_RESET -> next.setDeviceChangeAt(now);
            default -> throw new DeadLetterException("UNKNOWN_SIGNAL", "telco event type " + event.getType());
        }
        AccountProfile updated = next.build();
        task.profiles.save(updated);
        if (updated.getSimSwapAt() != null && updated.getSimSwapAt() == now) {
            task.verdicts.publish(record, event.getAccountId(), task.verdicts.find(event.getAccountId()), updated, now);
        }
    }
}
