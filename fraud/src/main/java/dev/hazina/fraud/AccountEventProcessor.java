package dev.hazina.fraud;

import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;

import dev.hazina.schemas.AccountEvent;
import dev.hazina.schemas.AccountProfile;

/**
 * Learns each account's type from the ledger's answers to account commands, so rules can tell an
 * agent from a customer. Input: {@code hazina.account-events}. No outputs. Stores: profiles.
 */
final class AccountEventProcessor implements Processor<String, AccountEvent, String, SpecificRecord> {

    private final FraudConfig config;
    private FraudTask task;

    AccountEventProcessor(FraudConfig config) {
        this.config = config;
    }

    @Override
    public void init(ProcessorContext<String, SpecificRecord> context) {
        this.task = new FraudTask(context, config);
    }

    @Override
    public void process(Record<String, AccountEvent> record) {
        AccountEvent event = record.value();
        if (event == null || !event.getAccepted() || event.getAccount() == null) {
            return;
        }
        AccountProfile profile = task.profiles.find(event.getAccountId());
        if (profile.getType() != event.getAccount().getType()) {
            task.profiles.save(AccountProfile.newBuilder(profile).setType(event.getAccount().getType()).build());
        }
    }
}
