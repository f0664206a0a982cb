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

    @Test
    void shouldNotFireWhenTheAccountSpendsItsOwnSavingsAfterAPaymentCameIn() {
        try (FraudDriver fraud = FraudDriver.forRule(PassThroughRule.ID, Map.of())) {
            // Given: savings cashed in long ago, then a payment from a friend
            fraud.transfer(TransferKind.CASH_IN, "agent", "saver", 5_000_000);
            fraud.advance(Duration.ofHours(2));
            fraud.transfer(TransferKind.P2P, "friend", "saver", 100_000);

            // When: the saver cashes out as much, and keeps 5,000,000
            fraud.transfer(TransferKind.CASH_OUT, "saver", "agent", 100_000);

            // Then
            assertThat(fraud.alertsFor("saver")).isEmpty();
        }
    }

    @Test
    void shouldNotFireWhenASalaryIsCashedOut() {
        try (FraudDriver fraud = FraudDriver.forRule(PassThroughRule.ID, Map.of())) {
            // Given
            fraud.transfer(TransferKind.B2C, "employer", "worker", 1_000_000);

            // When
            fraud.transfer(TransferKind.CASH_OUT, "worker", "agent", 950_000);

            // Then: money from a business, not from other people's wallets
            assertThat(fraud.alertsFor("worker")).isEmpty();
        }
    }
}
