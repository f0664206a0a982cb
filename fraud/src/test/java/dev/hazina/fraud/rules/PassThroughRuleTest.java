package dev.hazina.fraud.rules;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Map;

import org.junit.jupiter.api.Test;

import dev.hazina.fraud.FraudDriver;
import dev.hazina.schemas.TransferKind;

class PassThroughRuleTest {

    @Test
    void shouldFireBandThreeWhenNinetyPercentIsCashedOutWithinTheHour() {
        try (FraudDriver fraud = FraudDriver.forRule(PassThroughRule.ID, Map.of())) {
            // Given
            fraud.transfer(TransferKind.P2P, "victim", "mule", 100_000);
            fraud.advance(Duration.ofMinutes(20));

            // When
            fraud.transfer(TransferKind.CASH_OUT, "mule", "agent", 90_000);

            // Then
            assertThat(fraud.band("mule", PassThroughRule.ID)).isEqualTo(3);
        }
    }

    @Test
    void shouldFireBandTwoWhenItLeavesByTransfer() {
        try (FraudDriver fraud = FraudDriver.forRule(PassThroughRule.ID, Map.of())) {
            // Given
            fraud.transfer(TransferKind.P2P, "victim", "mule", 100_000);

            // When
            fraud.transfer(TransferKind.P2P, "mule", "next-mule", 50_000);
            fraud.transfer(TransferKind.P2P, "mule", "other-mule", 40_000);

            // Then
            assertThat(fraud.band("mule", PassThroughRule.ID)).isEqualTo(2);
        }
    }

    @Test
    void shouldNotFireJustUnderNinetyPercent() {
        try (FraudDriver fraud = FraudDriver.forRule(PassThroughRule.ID, Map.of())) {
            // Given
            fraud.transfer(TransferKind.P2P, "victim", "mule", 100_000);

            // When
            fraud.transfer(TransferKind.CASH_OUT, "mule", "agent", 89_999);

            // Then
            assertThat(fraud.alertsFor("mule")).isEmpty();
        }
    }

    @Test
    void shouldNotFireWhenTheMoneyLeavesAfterTheWindow() {
        try (FraudDriver fraud = FraudDriver.forRule(PassThroughRule.ID, Map.of())) {
            // Given
            fraud.transfer(TransferKind.P2P, "victim", "mule", 100_000);
            fraud.advance(Duration.ofMinutes(61));

            // When
            fraud.transfer(TransferKind.CASH_OUT, "mule", "agent", 100_000);

            // Then
            assertThat(fraud.alertsFor("mule")).isEmpty();
        }
    }
}
