package dev.hazina.fraud;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;

import org.apache.kafka.common.config.ConfigException;
import org.junit.jupiter.api.Test;

import dev.hazina.schemas.TypologyKind;

class FraudConfigTest {

    @Test
    void shouldGiveTheFraudStreamItsOwnApplicationIdAndShareTheLedgersSettings() {
        // When
        FraudConfig config = new FraudConfig(Map.of("hazina.partitions", "12", "hazina.application.id", "ledger-a"));

        // Then
        assertThat(config.applicationId()).isEqualTo("hazina-fraud");
        assertThat(config.ledger().partitions()).isEqualTo(12);
        assertThat(FraudTopology.streamsProperties(config).get("application.id")).isEqualTo("hazina-fraud");
        assertThat(FraudTopology.streamsProperties(config).get("processing.guarantee")).isEqualTo("exactly_once_v2");
    }

    @Test
    void shouldNeverLetALaunderingTypologyInterdict() {
        // When
        FraudConfig config = new FraudConfig(Map.of(FraudConfig.TYPOLOGY_PREFIX + "layering.interdict", "1"));

        // Then
        Typology layering = config.typologies().stream().filter(t -> t.id().equals(Typology.LAYERING)).findFirst().orElseThrow();
        assertThat(layering.kind()).isEqualTo(TypologyKind.MONEY_LAUNDERING);
        assertThat(layering.interdicts(Integer.MAX_VALUE)).isFalse();
    }

    @Test
    void shouldNameTheKeyOfAnUnknownRuleInATypology() {
        assertThatThrownBy(() -> new FraudConfig(Map.of(FraudConfig.TYPOLOGY_PREFIX + "mule-account.weights", "fan-inn:60")))
            .isInstanceOf(ConfigException.class)
            .hasMessageContaining("hazina.fraud.typology.mule-account.weights")
            .hasMessageContaining("fan-inn");
    }

    @Test
    void shouldRefuseAnInterdictionThresholdBelowTheAlertThreshold() {
        assertThatThrownBy(() -> new FraudConfig(Map.of(FraudConfig.TYPOLOGY_PREFIX + "account-takeover.interdict", "100")))
            .isInstanceOf(ConfigException.class)
            .hasMessageContaining("account-takeover.interdict");
    }
}
