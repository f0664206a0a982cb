package dev.hazina.reconciliation.settlement;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;

import org.junit.jupiter.api.Test;

class SettlementConfigTest {

    @Test
    void shouldNameTheInternalTopicsUnderTheApplicationIdSoTwoStreamsNeverShareThem() {
        SettlementConfig standard = new SettlementConfig(Map.of());
        SettlementConfig chaos = new SettlementConfig(Map.of(SettlementConfig.APPLICATION_ID_CONFIG, "hazina-chaos-reconciliation"));

        assertThat(standard.changesTopic()).isEqualTo("hazina-reconciliation-settlement-window-changes");
        assertThat(standard.partsTopic()).isEqualTo("hazina-reconciliation-settlement-window-parts");
        assertThat(chaos.changesTopic()).isEqualTo("hazina-chaos-reconciliation-settlement-window-changes");
        assertThat(chaos.partsTopic()).isEqualTo("hazina-chaos-reconciliation-settlement-window-parts");
        assertThat(SettlementTopics.from(chaos).toString()).doesNotContain("hazina-reconciliation-settlement");
    }

    @Test
    void shouldKeepAnInternalTopicNameGivenInTheSettings() {
        SettlementConfig config = new SettlementConfig(Map.of(SettlementConfig.CHANGES_TOPIC_CONFIG, "ops-changes"));

        assertThat(config.changesTopic()).isEqualTo("ops-changes");
    }
}
