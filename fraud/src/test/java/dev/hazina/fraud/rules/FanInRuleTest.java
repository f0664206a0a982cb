package dev.hazina.fraud.rules;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Map;

import org.junit.jupiter.api.Test;

import dev.hazina.fraud.FraudDriver;
import dev.hazina.schemas.TransferKind;

class FanInRuleTest {

    @Test
    void shouldFireWhenTenDistinctPayersPayOneAccountInADay() {
        try (FraudDriver fraud = FraudDriver.forRule(FanInRule.ID, Map.of())) {
            // When
            payers(fraud, 10);

            // Then
            assertThat(fraud.band("mule", FanInRule.ID)).isEqualTo(2);
            assertThat(fraud.alertsFor("mule").get(0).getBands().get(0).getTransferIds()).hasSize(10);
        }
    }

    @Test
    void shouldNotFireForNineDistinctPayersOrOnePayerManyTimes() {
        try (FraudDriver fraud = FraudDriver.forRule(FanInRule.ID, Map.of())) {
            // When
            payers(fraud, 9);
            fraud.transfer(TransferKind.P2P, "payer-0", "mule", 500);
            fraud.transfer(TransferKind.P2P, "payer-0", "mule", 500);

            // Then
            assertThat(fraud.alertsFor("mule")).isEmpty();
        }
    }

    @Test
    void shouldForgetPayersOlderThanTheWindow() {
        try (FraudDriver fraud = FraudDriver.forRule(FanInRule.ID, Map.of())) {
            // Given
            fraud.transfer(TransferKind.P2P, "early-payer", "mule", 500);
            fraud.advance(Duration.ofHours(24));

            // When
            payers(fraud, 9);

            // Then
            assertThat(fraud.alertsFor("mule")).isEmpty();
        }
    }

    private static void payers(FraudDriver fraud, int count) {
        for (int i = 0; i < count; i++) {
            fraud.transfer(TransferKind.P2P, "payer-" + i, "mule", 500);
            fraud.advance(Duration.ofMinutes(10));
        }
    }
}
