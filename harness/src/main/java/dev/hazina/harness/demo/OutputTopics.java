package dev.hazina.harness.demo;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import dev.hazina.reconciliation.LedgerOutputs;
import dev.hazina.reconciliation.OutputReader;
import dev.hazina.schemas.DeadLetter;
import dev.hazina.topology.LedgerConfig;
import dev.hazina.topology.LedgerTopics;
import dev.hazina.topology.Topic;

/** Reads the ledger's output topics back to their end offsets, read_committed. */
public final class OutputTopics {

    private static final Duration TIMEOUT = Duration.ofMinutes(2);

    private OutputTopics() {
    }

    public static LedgerOutputs read(LedgerConfig config) {
        LedgerTopics registry = LedgerTopics.from(config);
        OutputReader.Topics topics = new OutputReader.Topics(registry.results().name(), registry.entries().name(),
            registry.legs().name(), registry.accountEvents().name());
        OutputReader.Deserializers deserializers = new OutputReader.Deserializers(
            registry.results().valueSerde().deserializer(),
            registry.entries().valueSerde().deserializer(),
            registry.legs().valueSerde().deserializer(),
            registry.accountEvents().valueSerde().deserializer());
        try (OutputReader reader = OutputReader.create(consumer(config), topics, deserializers, TIMEOUT)) {
            return reader.read();
        }
    }

    public static List<DeadLetter> deadLetters(LedgerConfig config) {
        Topic<byte[], DeadLetter> deadLetters = LedgerTopics.from(config).deadLetters();
        return OutputReader.readValues(consumer(config), deadLetters.name(), deadLetters.valueSerde().deserializer(),
            TIMEOUT);
    }

    private static Map<String, Object> consumer(LedgerConfig config) {
        return Map.of("bootstrap.servers", config.bootstrapServers(), "client.id", "hazina-output-reader");
    }
}
