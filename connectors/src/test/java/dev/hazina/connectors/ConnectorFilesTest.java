package dev.hazina.connectors;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.Map;

import org.apache.avro.Schema;
import org.junit.jupiter.api.Test;

import dev.hazina.schemas.LedgerEntry;
import dev.hazina.schemas.Settlement;
import dev.hazina.topology.LedgerConfig;
import dev.hazina.topology.LedgerConfig.TopicName;

/** The connector files that {@link ConnectDeployer} registers: what every sink must have. */
class ConnectorFilesTest {

    private static final Path DIR = Path.of(".");

    @Test
    void shouldDeployEverySinkUpsertingWithADeadLetterTopicAndHazinasConverter() throws Exception {
        // When
        Map<String, Map<String, String>> sinks = ConnectDeployer.connectorConfigs(DIR, Map.of());

        // Then
        assertThat(sinks).containsOnlyKeys("hazina-settlements-jdbc-sink", "hazina-entries-jdbc-sink",
            "hazina-settlement-batches-jdbc-sink");
        assertThat(sinks.values()).allSatisfy(sink -> {
            assertThat(sink).containsEntry("insert.mode", "upsert").containsEntry("primary.key.mode", "record_value")
                .containsEntry("errors.tolerance", "all").containsEntry("schema.evolution", "basic")
                .containsEntry("value.converter", HazinaAvroConverter.class.getName())
                .containsKey("errors.deadletterqueue.topic.name").doesNotContainKey("name");
        });
    }

    @Test
    void shouldSinkTheLedgersTopicsUpsertedByFieldsTheirSchemasHave() throws Exception {
        // Given
        Map<String, Map<String, String>> sinks = ConnectDeployer.connectorConfigs(DIR, Map.of());
        LedgerConfig defaults = new LedgerConfig(Map.of());

        // Then
        assertKeyedBy(sinks.get("hazina-settlements-jdbc-sink"), defaults.topicName(TopicName.SETTLEMENTS),
            Settlement.getClassSchema());
        assertKeyedBy(sinks.get("hazina-entries-jdbc-sink"), defaults.topicName(TopicName.LEDGER_ENTRIES),
            LedgerEntry.getClassSchema());
    }

    private static void assertKeyedBy(Map<String, String> sink, String topic, Schema schema) {
        assertThat(sink.get("topics")).isEqualTo(topic);
        for (String field : sink.get("primary.key.fields").split(",")) {
            assertThat(schema.getField(field)).as("key field %s in %s", field, schema.getName()).isNotNull();
        }
    }

    @Test
    void shouldApplyOverridesToEverySink() throws Exception {
        // When
        Map<String, Map<String, String>> sinks = ConnectDeployer.connectorConfigs(DIR,
            Map.of("connection.url", "jdbc:postgresql://db:5432/x"));

        // Then
        assertThat(sinks.values()).allSatisfy(sink ->
            assertThat(sink).containsEntry("connection.url", "jdbc:postgresql://db:5432/x"));
    }

    @Test
    void shouldApplyWorkerOverridesOverTheFile() throws Exception {
        // When
        Map<String, String> worker = ConnectWorker.workerConfig(DIR.resolve("worker.properties"),
            java.util.List.of("bootstrap.servers=127.0.0.1:9092", "group.id=a=b"));

        // Then
        assertThat(worker).containsEntry("bootstrap.servers", "127.0.0.1:9092").containsEntry("group.id", "a=b")
            .containsEntry("consumer.isolation.level", "read_committed");
    }
}
