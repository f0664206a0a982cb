package dev.hazina.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Properties;

import org.junit.jupiter.api.Test;

import dev.hazina.schemas.Settlement;
import dev.hazina.topology.LedgerConfig;
import dev.hazina.topology.LedgerConfig.TopicName;

/** The plain folders compose/ and connectors/ must stay in step with the code they configure. */
class DeploymentConfigTest {

    private static final Path ROOT = Path.of("..");

    @Test
    void shouldLoadTheComposeLedgerConfigWithProductionSettings() {
        // When
        LedgerConfig config = LedgerConfig.load(ROOT.resolve("compose/hazina.properties"), Map.of());

        // Then
        assertThat(config.replicationFactor()).isEqualTo((short) 3);
        assertThat(config.getInt(LedgerConfig.NUM_STANDBY_REPLICAS_CONFIG)).isPositive();
        assertThat(config.getBoolean(LedgerConfig.AUTO_REGISTER_SCHEMAS_CONFIG)).isFalse();
        assertThat(config.serdeConfig().get("schema.registry.url").toString()).startsWith("http");
    }

    @Test
    void shouldSinkTheSettlementsTopicUpsertedByAFieldTheSchemaHas() throws IOException {
        // Given
        Properties sink = properties(ROOT.resolve("connectors/settlements-jdbc-sink.properties"));
        LedgerConfig defaults = new LedgerConfig(Map.of());

        // Then
        assertThat(sink.getProperty("topics")).isEqualTo(defaults.topicName(TopicName.SETTLEMENTS));
        assertThat(sink.getProperty("insert.mode")).isEqualTo("upsert");
        assertThat(Settlement.getClassSchema().getField(sink.getProperty("primary.key.fields")))
            .as("primary key field in the Settlement schema").isNotNull();
        assertThat(properties(ROOT.resolve("connectors/worker.properties")).getProperty("consumer.isolation.level"))
            .isEqualTo("read_committed");
    }

    private static Properties properties(Path file) throws IOException {
        Properties properties = new Properties();
        try (Reader in = Files.newBufferedReader(file)) {
            properties.load(in);
        }
        return properties;
    }
}
