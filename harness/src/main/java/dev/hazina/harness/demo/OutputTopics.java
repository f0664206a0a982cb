package dev.hazina.harness.demo;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import dev.hazina.reconciliation.LedgerOutputs;
import dev.hazina.reconciliation.OutputReader;
import dev.hazina.schemas.AccountEvent;
import dev.hazina.schemas.DeadLetter;
import dev.hazina.schemas.LedgerEntry;
import dev.hazina.schemas.LedgerLeg;
import dev.hazina.schemas.TransferResult;
import dev.hazina.schemas.serde.AvroSerde;
import dev.hazina.topology.LedgerConfig;
import dev.hazina.topology.LedgerConfig.TopicName;

/** Reads the ledger's output topics back to their end offsets, read_committed. */
public final class OutputTopics {

    private static final Duration TIMEOUT = Duration.ofMinutes(2);

    private OutputTopics() {
    }

    public static LedgerOutputs read(LedgerConfig config) {
        Map<String, Object> serde = config.serdeConfig();
        OutputReader.Topics topics = new OutputReader.Topics(config.topicName(TopicName.TRANSFER_RESULTS),
            config.topicName(TopicName.LEDGER_ENTRIES), config.topicName(TopicName.LEDGER_LEGS),
            config.topicName(TopicName.ACCOUNT_EVENTS));
        OutputReader.Deserializers deserializers = new OutputReader.Deserializers(
            AvroSerde.forValues(TransferResult.class, serde).deserializer(),
            AvroSerde.forValues(LedgerEntry.class, serde).deserializer(),
            AvroSerde.forValues(LedgerLeg.class, serde).deserializer(),
            AvroSerde.forValues(AccountEvent.class, serde).deserializer());
        try (OutputReader reader = OutputReader.create(consumer(config), topics, deserializers, TIMEOUT)) {
            return reader.read();
        }
    }

    public static List<DeadLetter> deadLetters(LedgerConfig config) {
        return OutputReader.readValues(consumer(config), config.topicName(TopicName.DEAD_LETTERS),
            AvroSerde.forValues(DeadLetter.class, config.serdeConfig()).deserializer(), TIMEOUT);
    }

    private static Map<String, Object> consumer(LedgerConfig config) {
        return Map.of("bootstrap.servers", config.bootstrapServers(), "client.id", "hazina-output-reader");
    }
}
