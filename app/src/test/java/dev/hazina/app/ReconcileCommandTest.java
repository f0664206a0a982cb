package dev.hazina.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;

import org.junit.jupiter.api.Test;

import dev.hazina.reconciliation.stream.ReconciliationConfig;
import dev.hazina.topology.LedgerConfig;
import dev.hazina.topology.LedgerConfig.TopicName;

/** The reconciliation stream reads the ledger's settings under the ledger's own keys, with the same defaults. */
class ReconcileCommandTest {

    @Test
    void shouldShareTheLedgersTopicNamesAndClusterDefaults() {
        // Given
        LedgerConfig ledger = new LedgerConfig(Map.of());

        // When
        ReconciliationConfig reconciliation = ReconcileCommand.reconciliationConfig(ledger);

        // Then
        assertThat(reconciliation.getString(ReconciliationConfig.ENTRIES_TOPIC_CONFIG))
            .isEqualTo(ledger.topicName(TopicName.LEDGER_ENTRIES));
        assertThat(reconciliation.getString(ReconciliationConfig.RESULTS_TOPIC_CONFIG))
            .isEqualTo(ledger.topicName(TopicName.TRANSFER_RESULTS));
        assertThat(reconciliation.getString(ReconciliationConfig.LEGS_TOPIC_CONFIG))
            .isEqualTo(ledger.topicName(TopicName.LEDGER_LEGS));
        assertThat(ReconciliationConfig.ENTRIES_TOPIC_CONFIG).isEqualTo(TopicName.LEDGER_ENTRIES.configKey());
        assertThat(ReconciliationConfig.RESULTS_TOPIC_CONFIG).isEqualTo(TopicName.TRANSFER_RESULTS.configKey());
        assertThat(ReconciliationConfig.LEGS_TOPIC_CONFIG).isEqualTo(TopicName.LEDGER_LEGS.configKey());
        assertThat(reconciliation.bootstrapServers()).isEqualTo(ledger.bootstrapServers());
        assertThat(reconciliation.partitions()).isEqualTo(ledger.partitions());
        assertThat(reconciliation.replicationFactor()).isEqualTo(ledger.replicationFactor());
        assertThat(reconciliation.serdeConfig()).isEqualTo(ledger.serdeConfig());
        assertThat(reconciliation.getString(ReconciliationConfig.STATE_DIR_CONFIG))
            .isEqualTo(ledger.getString(LedgerConfig.STATE_DIR_CONFIG));
    }

    @Test
    void shouldFollowTheLedgersRenamedTopicsAndCarryItsClientSecurity() {
        // Given
        LedgerConfig ledger = new LedgerConfig(Map.of(TopicName.LEDGER_ENTRIES.configKey(), "blue.ledger-entries",
            "hazina.kafka.security.protocol", "SASL_PLAINTEXT", "hazina.kafka.sasl.username", "reconciliation",
            "hazina.kafka.sasl.password", "secret"));

        // When
        ReconciliationConfig reconciliation = ReconcileCommand.reconciliationConfig(ledger);

        // Then
        assertThat(reconciliation.getString(ReconciliationConfig.ENTRIES_TOPIC_CONFIG)).isEqualTo("blue.ledger-entries");
        assertThat(reconciliation.kafkaClientConfig()).containsEntry("security.protocol", "SASL_PLAINTEXT")
            .containsKey("sasl.jaas.config").containsEntry("bootstrap.servers", ledger.bootstrapServers());
    }
}
