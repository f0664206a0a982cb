package dev.hazina.topology;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HashMap;
import java.util.Map;
import java.util.Properties;

import org.apache.kafka.common.config.ConfigException;
import org.junit.jupiter.api.Test;

class ClientSecurityTest {

    @Test
    void shouldTakeThePasswordFromTheEnvironmentAndBuildAScramLogin() {
        // Given
        Map<String, String> env = Map.of("HAZINA_KAFKA_SASL_PASSWORD", "s3cret\"quoted");
        Map<String, Object> file = Map.of(
            ClientSecurity.SECURITY_PROTOCOL_CONFIG, "SASL_SSL",
            ClientSecurity.SASL_USERNAME_CONFIG, "channel-app",
            "hazina.kafka.ssl.truststore.location", "/etc/hazina/truststore.p12");

        // When
        Map<String, Object> values = new HashMap<>(file);
        values.putAll(LedgerConfig.fromEnvironment(env));
        Map<String, Object> client = new LedgerConfig(values).kafkaClientConfig();

        // Then
        assertThat(client).containsEntry("security.protocol", "SASL_SSL")
            .containsEntry("sasl.mechanism", "SCRAM-SHA-512")
            .containsEntry("ssl.truststore.location", "/etc/hazina/truststore.p12")
            .containsEntry("bootstrap.servers", "127.0.0.1:9092")
            .doesNotContainKeys("sasl.username", "sasl.password");
        assertThat(client.get("sasl.jaas.config")).isEqualTo(
            "org.apache.kafka.common.security.scram.ScramLoginModule required username=\"channel-app\" "
                + "password=\"s3cret\\\"quoted\";");
    }

    @Test
    void shouldRefuseSaslWithoutAPassword() {
        // Given
        LedgerConfig config = new LedgerConfig(Map.of(
            ClientSecurity.SECURITY_PROTOCOL_CONFIG, "SASL_PLAINTEXT",
            ClientSecurity.SASL_USERNAME_CONFIG, "ledger"));

        // Then
        assertThatThrownBy(config::kafkaClientConfig).isInstanceOf(ConfigException.class)
            .hasMessageContaining("HAZINA_KAFKA_SASL_PASSWORD");
    }

    @Test
    void shouldGiveStreamsTheLoginButNotThePasswordAsAHazinaKey() {
        // Given
        LedgerConfig config = new LedgerConfig(Map.of(
            ClientSecurity.SECURITY_PROTOCOL_CONFIG, "SASL_PLAINTEXT",
            ClientSecurity.SASL_USERNAME_CONFIG, "ledger",
            ClientSecurity.SASL_PASSWORD_CONFIG, "pw"));

        // When
        Properties props = LedgerTopology.streamsProperties(config);

        // Then
        assertThat(props).containsEntry("security.protocol", "SASL_PLAINTEXT")
            .doesNotContainKey(ClientSecurity.SASL_PASSWORD_CONFIG);
        assertThat(props.getProperty("sasl.jaas.config")).contains("username=\"ledger\"");
    }

    @Test
    void shouldStayPlaintextByDefault() {
        assertThat(new LedgerConfig(Map.of()).kafkaSecurityConfig())
            .containsExactlyEntriesOf(Map.of("security.protocol", "PLAINTEXT"));
    }
}
