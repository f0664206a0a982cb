package dev.hazina.topology;

import java.util.LinkedHashMap;
import java.util.Map;

import org.apache.avro.Schema;

import dev.hazina.schemas.AccountCommand;
import dev.hazina.schemas.AccountEvent;
import dev.hazina.schemas.AccountRisk;
import dev.hazina.schemas.AccountState;
import dev.hazina.schemas.DeadLetter;
import dev.hazina.schemas.HazinaSchemas;
import dev.hazina.schemas.LedgerEntry;
import dev.hazina.schemas.LedgerLeg;
import dev.hazina.schemas.Settlement;
import dev.hazina.schemas.Statement;
import dev.hazina.schemas.TransferRecord;
import dev.hazina.schemas.TransferRequest;
import dev.hazina.schemas.TransferResult;
import dev.hazina.schemas.serde.SchemaRegistrar;
import dev.hazina.topology.LedgerConfig.TopicName;

/**
 * Every registry subject the ledger writes or reads, with its schema: the topic values and the
 * three Avro changelogs. With auto-registration off (production), {@code hazina schemas register}
 * registers exactly these before the ledger starts.
 */
public final class LedgerSubjects {

    private LedgerSubjects() {
    }

    public static Map<String, Schema> all(LedgerConfig config) {
        Map<String, Schema> subjects = new LinkedHashMap<>();
        value(subjects, config.topicName(TopicName.TRANSFER_REQUESTS), TransferRequest.getClassSchema());
        value(subjects, config.topicName(TopicName.OPERATOR_REQUESTS), TransferRequest.getClassSchema());
        value(subjects, config.topicName(TopicName.ACCOUNT_COMMANDS), AccountCommand.getClassSchema());
        value(subjects, config.topicName(TopicName.LEDGER_LEGS), LedgerLeg.getClassSchema());
        value(subjects, config.topicName(TopicName.TRANSFER_RESULTS), TransferResult.getClassSchema());
        value(subjects, config.topicName(TopicName.LEDGER_ENTRIES), LedgerEntry.getClassSchema());
        value(subjects, config.topicName(TopicName.SETTLEMENTS), Settlement.getClassSchema());
        value(subjects, config.topicName(TopicName.ACCOUNT_EVENTS), AccountEvent.getClassSchema());
        value(subjects, config.topicName(TopicName.DEAD_LETTERS), DeadLetter.getClassSchema());
        value(subjects, config.topicName(TopicName.ACCOUNT_RISK), AccountRisk.getClassSchema());
        value(subjects, changelog(config, LedgerStores.ACCOUNTS), AccountState.getClassSchema());
        value(subjects, changelog(config, LedgerStores.TRANSFERS), TransferRecord.getClassSchema());
        value(subjects, changelog(config, LedgerStores.STATEMENTS), Statement.getClassSchema());
        return subjects;
    }

    /** Kafka Streams' changelog naming: {@code <application.id>-<store>-changelog}. */
    static String changelog(LedgerConfig config, String store) {
        return config.applicationId() + "-" + store + "-changelog";
    }

    private static void value(Map<String, Schema> subjects, String topic, Schema schema) {
        subjects.put(SchemaRegistrar.subject(topic, false), HazinaSchemas.plain(schema));
    }
}
