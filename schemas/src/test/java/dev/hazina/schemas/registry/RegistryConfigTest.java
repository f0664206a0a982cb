package dev.hazina.schemas.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HashMap;
import java.util.Map;

import org.apache.kafka.common.config.ConfigException;
import org.junit.jupiter.api.Test;

class RegistryConfigTest {

    @Test
    void shouldRequireRegistryUrl() {
        // When / Then
        assertThatThrownBy(() -> SchemaRegistryClients.create(Map.of()))
            .isInstanceOf(ConfigException.class)
            .hasMessageContaining("schema.registry.url");
    }

    @Test
    void shouldRejectUrlWithoutHttpScheme() {
        // When / Then
        assertThatThrownBy(() -> SchemaRegistryClients.create(Map.of("schema.registry.url", "localhost:8081")))
            .isInstanceOf(ConfigException.class)
            .hasMessageContaining("localhost:8081");
    }

    @Test
    void shouldRejectMockUrlMixedWithOthers() {
        // When / Then
        assertThatThrownBy(() -> SchemaRegistryClients.create(
            Map.of("schema.registry.url", "mock://a,http://127.0.0.1:8081")))
            .isInstanceOf(ConfigException.class)
            .hasMessageContaining("mock://<scope>");
    }

    @Test
    void shouldRejectMockUrlWithoutScope() {
        // When / Then
        assertThatThrownBy(() -> SchemaRegistryClients.create(Map.of("schema.registry.url", "mock://")))
            .isInstanceOf(ConfigException.class);
    }

    @Test
    void shouldRequireUserInfoForUserInfoSource() {
        // When / Then
        assertThatThrownBy(() -> SchemaRegistryClients.create(Map.of("schema.registry.url", "http://127.0.0.1:1",
            "basic.auth.credentials.source", "USER_INFO")))
            .isInstanceOf(ConfigException.class)
            .hasMessageContaining("basic.auth.user.info");
        assertThatThrownBy(() -> SchemaRegistryClients.create(Map.of("schema.registry.url", "http://127.0.0.1:1",
            "basic.auth.credentials.source", "USER_INFO", "basic.auth.user.info", "no-colon")))
            .isInstanceOf(ConfigException.class)
            .hasMessageContaining("user:password");
    }

    @Test
    void shouldRejectUnknownCredentialsSource() {
        // When / Then
        assertThatThrownBy(() -> SchemaRegistryClients.create(Map.of("schema.registry.url", "http://127.0.0.1:1",
            "basic.auth.credentials.source", "SASL_INHERIT")))
            .isInstanceOf(ConfigException.class)
            .hasMessageContaining("basic.auth.credentials.source");
    }

    @Test
    void shouldRejectNegativeRetriesAndTimeouts() {
        // When / Then
        assertThatThrownBy(() -> SchemaRegistryClients.create(Map.of("schema.registry.url", "http://127.0.0.1:1",
            "schema.registry.retries", -1)))
            .isInstanceOf(ConfigException.class)
            .hasMessageContaining("schema.registry.retries");
        assertThatThrownBy(() -> SchemaRegistryClients.create(Map.of("schema.registry.url", "http://127.0.0.1:1",
            "schema.registry.request.timeout.ms", "soon")))
            .isInstanceOf(ConfigException.class)
            .hasMessageContaining("schema.registry.request.timeout.ms");
    }

    @Test
    void shouldUseConfluentDefaults() {
        // When
        RegistryConfig config = new RegistryConfig(Map.of("schema.registry.url", " http://a:1/apis/ccompat/v7/ , http://b:2"));

        // Then
        assertThat(config.urls()).containsExactly("http://a:1/apis/ccompat/v7", "http://b:2");
        assertThat(config.requestTimeoutMs()).isEqualTo(10_000);
        assertThat(config.retries()).isEqualTo(3);
        assertThat(config.retryBackoffMs()).isEqualTo(200L);
        assertThat(config.truststoreType()).isEqualTo("JKS");
        assertThat(config.userInfo()).isEmpty();
        assertThat(config.mockScope()).isEmpty();
    }

    @Test
    void shouldIgnoreUnrelatedKeysOfAStreamsConfig() {
        // Given
        Map<String, Object> streams = new HashMap<>();
        streams.put("schema.registry.url", "mock://streams");
        streams.put("application.id", "hazina-ledger");
        streams.put("processing.guarantee", "exactly_once_v2");

        // When
        RegistryConfig config = new RegistryConfig(streams);

        // Then
        assertThat(config.mockScope()).contains("streams");
    }
}
