package dev.hazina.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

import dev.hazina.app.security.AclSpec;
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

    @Test
    void shouldRunTheConnectWorkerAndDeployTheSinksFromTheConnectorsFolder() throws IOException {
        // Given
        String compose = Files.readString(ROOT.resolve("compose/docker-compose.yml"));
        String pluginPath = properties(ROOT.resolve("connectors/worker.properties")).getProperty("plugin.path");

        // Then: hazina connect run on the plugin folder the connectors module builds, mounted where the file says
        assertThat(compose)
            .contains("dev.hazina.connectors.ConnectCommand run --worker-config /etc/connect/worker.properties "
                + "--plugin-path " + pluginPath)
            .contains("\"../connectors:/etc/connect:ro\"", "\"../connectors/target/worker-lib:/opt/connect/lib:ro\"",
                "\"../connectors/target/connect-plugins:" + pluginPath + ":ro\"")
            .contains("dev.hazina.connectors.ConnectCommand deploy --connect-url http://connect:8083 --files /etc/connect");
    }

    @Test
    void shouldGiveConnectOnlyNamesItsAclsAllow() throws IOException {
        // Given
        Map<String, String> names = AclSpec.from(new LedgerConfig(Map.of("hazina.acl.principal.connect", "connect"))).names();
        Properties worker = properties(ROOT.resolve("connectors/worker.properties"));
        List<Path> sinks;
        try (Stream<Path> files = Files.list(ROOT.resolve("connectors"))) {
            sinks = files.filter(f -> f.getFileName().toString().endsWith("-sink.properties")).toList();
        }

        // Then
        assertThat(worker.getProperty("group.id")).isEqualTo(names.get("connect.group.id"));
        assertThat(List.of("config.storage.topic", "offset.storage.topic", "status.storage.topic"))
            .allSatisfy(key -> assertThat(worker.getProperty(key)).startsWith(names.get("connect.topic.prefix")));
        assertThat(sinks).hasSize(3).allSatisfy(file -> {
            Properties sink = properties(file);
            assertThat(List.of(names.get("connect.inputs").split(","))).as(file + " topics").contains(sink.getProperty("topics"));
            assertThat(sink.getProperty("errors.deadletterqueue.topic.name")).as(file + " dead letters")
                .isEqualTo(names.get("connect.dlq.topic"));
        });
    }

    private static Properties properties(Path file) throws IOException {
        Properties properties = new Properties();
        try (Reader in = Files.newBufferedReader(file)) {
            properties.load(in);
        }
        return properties;
    }
}
