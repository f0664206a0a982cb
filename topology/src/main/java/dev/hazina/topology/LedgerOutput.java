package dev.hazina.topology;

import java.util.List;

import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;

import dev.hazina.schemas.AccountEvent;
import dev.hazina.schemas.LedgerEntry;
import dev.hazina.schemas.LedgerLeg;
import dev.hazina.schemas.Settlement;
import dev.hazina.schemas.TransferResult;

/** Sends a processor's outputs to the right sinks, keyed as each topic's contract says. */
final class LedgerOutput {

    private final ProcessorContext<String, SpecificRecord> context;

    LedgerOutput(ProcessorContext<String, SpecificRecord> context) {
        this.context = context;
    }

    void result(Record<?, ?> cause, TransferResult result) {
        context.forward(cause.withKey(result.getRequestId()).withValue(result), LedgerTopology.RESULTS_SINK);
    }

    void entries(Record<?, ?> cause, List<LedgerEntry> entries) {
        for (LedgerEntry entry : entries) {
            context.forward(cause.withKey(entry.getAccountId()).withValue(entry), LedgerTopology.ENTRIES_SINK);
        }
    }

    /** A saga step for the partition of {@code accountId}. */
    void leg(Record<?, ?> cause, String accountId, LedgerLeg leg) {
        context.forward(cause.withKey(accountId).withValue(leg), LedgerTopology.LEGS_SINK);
    }

    void settlement(Record<?, ?> cause, Settlement settlement) {
        context.forward(cause.withKey(settlement.getPartyId()).withValue(settlement), LedgerTopology.SETTLEMENTS_SINK);
    }

    void accountEvent(Record<?, ?> cause, AccountEvent event) {
        context.forward(cause.withKey(event.getAccountId()).withValue(event), LedgerTopology.ACCOUNT_EVENTS_SINK);
    }
}
