package dev.hazina.fraud;

import java.util.List;
import java.util.Map;

import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.serialization.Serdes;

import dev.hazina.schemas.AccountCommand;
import dev.hazina.schemas.AccountEvent;
import dev.hazina.schemas.AccountRisk;
import dev.hazina.schemas.FraudAlert;
import dev.hazina.schemas.FraudCaseCommand;
import dev.hazina.schemas.FraudCaseEvent;
import dev.hazina.schemas.LedgerEntry;
import dev.hazina.schemas.TelcoEvent;
import dev.hazina.schemas.TransferResult;
import dev.hazina.schemas.serde.AvroSerde;
import dev.hazina.topology.LedgerTopics;
import dev.hazina.topology.Topic;

/**
 * Every topic the fraud stream reads or writes, with its serdes: the ledger's own (from
 * {@link LedgerTopics}, the one registry of ledger topics) and the fraud stream's.
 */
public record FraudTopics(
    Topic<String, LedgerEntry> entries,
    Topic<String, TransferResult> results,
    Topic<String, AccountEvent> accountEvents,
    Topic<String, AccountCommand> accountCommands,
    Topic<String, AccountRisk> risk,
    Topic<String, TelcoEvent> telcoEvents,
    Topic<String, FraudAlert> alerts,
    Topic<String, FraudCaseCommand> caseCommands,
    Topic<String, FraudCaseEvent> caseEvents,
    Topic<String, TransferResult> reversals) {

    public static FraudTopics from(FraudConfig config) {
        LedgerTopics ledger = LedgerTopics.from(config.ledger());
        Map<String, Object> serde = config.ledger().serdeConfig();
        return new FraudTopics(ledger.entries(), ledger.results(), ledger.accountEvents(), ledger.commands(),
            ledger.risk(),
            keyed(config.getString(FraudConfig.TELCO_EVENTS_TOPIC_CONFIG), TelcoEvent.class, serde),
            keyed(config.getString(FraudConfig.ALERTS_TOPIC_CONFIG), FraudAlert.class, serde),
            keyed(config.getString(FraudConfig.CASE_COMMANDS_TOPIC_CONFIG), FraudCaseCommand.class, serde),
            keyed(config.getString(FraudConfig.CASE_EVENTS_TOPIC_CONFIG), FraudCaseEvent.class, serde),
            keyed(config.getString(FraudConfig.REVERSALS_TOPIC_CONFIG), TransferResult.class, serde));
    }

    /**
     * The inputs that must share the ledger's partition count, so each account's postings, signals,
     * decisions and verdict are all in one task (and the verdict lands where the ledger decides).
     */
    public List<String> coPartitioned() {
        return List.of(entries.name(), accountEvents.name(), risk.name(), telcoEvents.name(), caseCommands.name(),
            reversals.name());
    }

    /** The fraud stream's own topics (the ledger creates its own, the risk topic included). */
    public List<Topic<?, ?>> owned() {
        return List.of(telcoEvents, alerts, caseCommands, caseEvents, reversals);
    }

    private static <V extends SpecificRecord> Topic<String, V> keyed(String name, Class<V> type, Map<String, Object> serde) {
        return new Topic<>(name, Serdes.String(), AvroSerde.forValues(type, serde));
    }
}
