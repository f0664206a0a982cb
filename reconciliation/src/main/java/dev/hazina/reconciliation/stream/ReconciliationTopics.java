package dev.hazina.reconciliation.stream;

import java.util.Map;

import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;

import dev.hazina.schemas.AuditCheckpoint;
import dev.hazina.schemas.DailyReport;
import dev.hazina.schemas.DeadLetter;
import dev.hazina.schemas.LedgerEntry;
import dev.hazina.schemas.LedgerLeg;
import dev.hazina.schemas.ReconciliationAlert;
import dev.hazina.schemas.TransferResult;
import dev.hazina.schemas.TrustStatement;
import dev.hazina.schemas.serde.AvroSerde;

/**
 * Every topic the reconciliation stream reads or writes, with its serdes, built from config. (The
 * ledger's {@code Topic} registry lives in the topology module, which this module must not depend on.)
 */
public record ReconciliationTopics(
    Topic<String, LedgerEntry> entries,
    Topic<String, LedgerLeg> legs,
    Topic<String, ReconciliationAlert> alerts,
    Topic<String, AuditCheckpoint> checkpoints,
    Topic<String, TransferResult> results,
    Topic<String, DeadLetter> deadLetters,
    Topic<String, TrustStatement> trustStatements,
    Topic<String, DailyReport> dailyReports) {

    /** A topic's name with the serdes of its keys and values. */
    public record Topic<K, V>(String name, Serde<K> keySerde, Serde<V> valueSerde) {
    }

    public static ReconciliationTopics from(ReconciliationConfig config) {
        Map<String, Object> serde = config.serdeConfig();
        return new ReconciliationTopics(
            keyed(config.getString(ReconciliationConfig.ENTRIES_TOPIC_CONFIG), LedgerEntry.class, serde),
            keyed(config.getString(ReconciliationConfig.LEGS_TOPIC_CONFIG), LedgerLeg.class, serde),
            keyed(config.getString(ReconciliationConfig.ALERTS_TOPIC_CONFIG), ReconciliationAlert.class, serde),
            keyed(config.getString(ReconciliationConfig.CHECKPOINTS_TOPIC_CONFIG), AuditCheckpoint.class, serde),
            keyed(config.getString(ReconciliationConfig.RESULTS_TOPIC_CONFIG), TransferResult.class, serde),
            keyed(config.getString(ReconciliationConfig.DEAD_LETTERS_TOPIC_CONFIG), DeadLetter.class, serde),
            keyed(config.getString(ReconciliationConfig.TRUST_STATEMENTS_TOPIC_CONFIG), TrustStatement.class, serde),
            keyed(config.getString(ReconciliationConfig.DAILY_REPORTS_TOPIC_CONFIG), DailyReport.class, serde));
    }

    private static <V extends SpecificRecord> Topic<String, V> keyed(String name, Class<V> type, Map<String, Object> serde) {
        return new Topic<>(name, Serdes.String(), AvroSerde.forValues(type, serde));
    }
}
