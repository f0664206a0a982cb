package dev.hazina.topology;

import java.time.LocalDate;
import java.util.List;

import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;

import dev.hazina.schemas.AccountEvent;
import dev.hazina.schemas.AccountType;
import dev.hazina.schemas.EntryDirection;
import dev.hazina.schemas.LedgerEntry;
import dev.hazina.schemas.LedgerLeg;
import dev.hazina.schemas.Settlement;
import dev.hazina.schemas.TransferResult;

/**
 * Sends a processor's outputs to the right sinks, keyed as each topic's contract says. The sinks are
 * named here, where they are used; LedgerTopology adds them under these names.
 */
final class LedgerOutput {

    static final String RESULTS_SINK = "transfer-results-sink";
    static final String ENTRIES_SINK = "ledger-entries-sink";
    static final String LEGS_SINK = "ledger-legs-sink";
    static final String SETTLEMENTS_SINK = "settlements-sink";
    static final String ACCOUNT_EVENTS_SINK = "account-events-sink";

    private final ProcessorContext<String, SpecificRecord> context;
    private final LedgerMeters meters;
    private final int statementSize;
    /** Fetched at the first entry: only the processors that post are connected to the store. */
    private Statements statements;

    LedgerOutput(ProcessorContext<String, SpecificRecord> context, LedgerMeters meters, int statementSize) {
        this.context = context;
        this.meters = meters;
        this.statementSize = statementSize;
    }

    /** A result, counted; its latency runs from the request's record timestamp, which every saga step inherits. */
    void result(Record<?, ?> cause, TransferResult result) {
        meters.decision(result, context.currentSystemTimeMs() - cause.timestamp());
        context.forward(cause.withKey(result.getRequestId()).withValue(result), RESULTS_SINK);
    }

    /** The entries, and each account's statement with them (none when {@code statementSize} is 0). */
    void entries(Record<?, ?> cause, List<LedgerEntry> entries) {
        if (statements == null && statementSize > 0) {
            statements = new Statements(context.getStateStore(LedgerStores.STATEMENTS), statementSize);
        }
        if (statements != null) {
            statements.append(entries);
        }
        for (LedgerEntry entry : entries) {
            context.forward(cause.withKey(entry.getAccountId()).withValue(entry), ENTRIES_SINK);
        }
    }

    /** A saga step for the partition of {@code accountId}. */
    void leg(Record<?, ?> cause, String accountId, LedgerLeg leg) {
        context.forward(cause.withKey(accountId).withValue(leg), LEGS_SINK);
    }

    /**
     * The settlement of {@code leg}'s principal (and commission) by a merchant or agent; its id is the
     * leg's requestId and the party, joined by a colon.
     */
    void settlement(Record<?, ?> cause, LedgerLeg leg, String partyId, AccountType partyType, EntryDirection direction,
                    long commission, LocalDate businessDate, long settledAt) {
        Settlement settlement = Settlement.newBuilder()
            .setSettlementId(leg.getRequestId() + ":" + partyId)
            .setPartyId(partyId)
            .setPartyType(partyType)
            .setRequestId(leg.getRequestId())
            .setKind(leg.getKind())
            .setDirection(direction)
            .setAmount(leg.getAmount())
            .setCommission(commission)
            .setCurrency(leg.getCurrency())
            .setBusinessDate(businessDate.toString())
            .setSettledAt(settledAt)
            .build();
        context.forward(cause.withKey(partyId).withValue(settlement), SETTLEMENTS_SINK);
    }

    void accountEvent(Record<?, ?> cause, AccountEvent event) {
        context.forward(cause.withKey(event.getAccountId()).withValue(event), ACCOUNT_EVENTS_SINK);
    }
}
