package dev.hazina.topology;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import org.apache.kafka.common.config.ConfigException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.hazina.schemas.TransferKind;

class LedgerConfigTest {

    @TempDir
    Path dir;

    @Test
    void shouldLayerDefaultsThenFileThenEnvironment() throws IOException {
        // Given
        Path file = dir.resolve("hazina.properties");
        Files.writeString(file, "hazina.partitions=12\nhazina.dedupe.horizon.ms=1000\n");

        // When
        LedgerConfig config = LedgerConfig.load(file, Map.of("HAZINA_DEDUPE_HORIZON_MS", "2000", "PATH", "/bin"));

        // Then
        assertThat(config.partitions()).isEqualTo(12);
        assertThat(config.dedupeHorizonMs()).isEqualTo(2000);
        assertThat(config.zoneId().getId()).isEqualTo("Africa/Nairobi");
        assertThat(config.topicName(LedgerConfig.TopicName.DEAD_LETTERS)).isEqualTo("hazina.dead-letters");
    }

    @Test
    void shouldMapEnvironmentVariablesToTopicKeys() {
        // When
        LedgerConfig config = LedgerConfig.load(null, Map.of("HAZINA_TOPIC_DEAD_LETTERS", "ops.dlq"));

        // Then
        assertThat(config.topicName(LedgerConfig.TopicName.DEAD_LETTERS)).isEqualTo("ops.dlq");
    }

    @Test
    void shouldNameTheBadSettingInTheError() {
        assertThatThrownBy(() -> new LedgerConfig(Map.of(LedgerConfig.PARTITIONS_CONFIG, "zero")))
            .isInstanceOf(ConfigException.class).hasMessageContaining("hazina.partitions");
        assertThatThrownBy(() -> new LedgerConfig(Map.of(LedgerConfig.TIME_ZONE_CONFIG, "Mars/Olympus")))
            .isInstanceOf(ConfigException.class).hasMessageContaining("hazina.time.zone");
        assertThatThrownBy(() -> new LedgerConfig(Map.of(LedgerConfig.tariffKey(TransferKind.P2P), "100:5,50:7")))
            .isInstanceOf(ConfigException.class).hasMessageContaining("hazina.tariff.p2p").hasMessageContaining("ascend");
    }

    @Test
    void shouldPickTheFeeBandThatCoversTheAmount() {
        // Given
        Tariff tariff = Tariff.parse("t", "100:0,500:7,1000:13");

        // Then
        assertThat(tariff.feeFor(1)).isZero();
        assertThat(tariff.feeFor(100)).isZero();
        assertThat(tariff.feeFor(101)).isEqualTo(7);
        assertThat(tariff.feeFor(1000)).isEqualTo(13);
        assertThat(tariff.feeFor(Long.MAX_VALUE)).isEqualTo(13);
    }

    @Test
    void shouldPassStreamsOverridesThrough() {
        // Given
        LedgerConfig config = new LedgerConfig(Map.of("hazina.streams.statestore.cache.max.bytes", "1024"));

        // When
        var props = LedgerTopology.streamsProperties(config);

        // Then
        assertThat(props.get("statestore.cache.max.bytes")).isEqualTo("1024");
        assertThat(props.get("processing.guarantee")).isEqualTo("exactly_once_v2");
        assertThat(props.get("ensure.explicit.internal.resource.naming")).isEqualTo(true);
    }

    @Test
    void shouldPassTheRegistrysTlsSettingsToTheSerdes() {
        // Given: the trust store in the file, its password from the environment
        LedgerConfig config = LedgerConfig.load(null, Map.of(
            "HAZINA_SCHEMA_REGISTRY_URL", "https://registry:8081",
            "HAZINA_SCHEMA_REGISTRY_SSL_TRUSTSTORE_LOCATION", "/etc/hazina/registry-trust.p12",
            "HAZINA_SCHEMA_REGISTRY_SSL_TRUSTSTORE_TYPE", "PKCS12",
            "HAZINA_SCHEMA_REGISTRY_SSL_TRUSTSTORE_PASSWORD", "s3cret"));

        // Then
        assertThat(config.serdeConfig())
            .containsEntry("schema.registry.url", "https://registry:8081")
            .containsEntry("schema.registry.ssl.truststore.location", "/etc/hazina/registry-trust.p12")
            .containsEntry("schema.registry.ssl.truststore.type", "PKCS12")
            .containsEntry("schema.registry.ssl.truststore.password", "s3cret");
    }
}
