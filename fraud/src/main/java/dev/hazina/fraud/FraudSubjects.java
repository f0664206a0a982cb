package dev.hazina.fraud;

import java.util.LinkedHashMap;
import java.util.Map;

import org.apache.avro.Schema;

import dev.hazina.schemas.AccountCommand;
import dev.hazina.schemas.AccountProfile;
import dev.hazina.schemas.AccountRisk;
import dev.hazina.schemas.FraudAlert;
import dev.hazina.schemas.FraudCase;
import dev.hazina.schemas.FraudCaseCommand;
import dev.hazina.schemas.FraudCaseEvent;
import dev.hazina.schemas.HazinaSchemas;
import dev.hazina.schemas.TelcoEvent;
import dev.hazina.schemas.TransferResult;
import dev.hazina.schemas.serde.SchemaRegistrar;

/**
 * Every registry subject the fraud stream writes or reads beyond the ledger's outputs: its inputs
 * and outputs and its two Avro changelogs. With auto-registration off, register these (and
 * {@code LedgerSubjects}) before the fraud stream starts.
 */
public final class FraudSubjects {

    private FraudSubjects() {
    }

    public static Map<String, Schema> all(FraudConfig config) {
        FraudTopics topics = FraudTopics.from(config);
        Map<String, Schema> subjects = new LinkedHashMap<>();
        value(subjects, topics.telcoEvents().name(), TelcoEvent.getClassSchema());
        value(subjects, topics.alerts().name(), FraudAlert.getClassSchema());
        value(subjects, topics.caseCommands().name(), FraudCaseCommand.getClassSchema());
        value(subjects, topics.caseEvents().name(), FraudCaseEvent.getClassSchema());
        value(subjects, topics.reversals().name(), TransferResult.getClassSchema());
        value(subjects, topics.risk().name(), AccountRisk.getClassSchema());
        value(subjects, topics.accountCommands().name(), AccountCommand.getClassSchema());
        value(subjects, changelog(config, FraudStores.PROFILES), AccountProfile.getClassSchema());
        value(subjects, changelog(config, FraudStores.CASES), FraudCase.getClassSchema());
        return subjects;
    }

    private static String changelog(FraudConfig config, String store) {
        return config.applicationId() + "-" + store + "-changelog";
    }

    private static void value(Map<String, Schema> subjects, String topic, Schema schema) {
        subjects.put(SchemaRegistrar.subject(topic, false), HazinaSchemas.plain(schema));
    }
}
