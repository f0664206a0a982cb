package dev.hazina.fraud.rules;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Map;

import org.junit.jupiter.api.Test;

import dev.hazina.fraud.FraudDriver;
import dev.hazina.schemas.TransferKind;

class DormantAccountRuleTest {

    @Test
    void shouldFireWhenAnAccountIdleForNinetyDaysWakesWithADebitFarAboveItsHistory() {
        try (FraudDriver fraud = FraudDriver.forRule(DormantAccountRule.ID, Map.of())) {
            // Given
            fraud.transfer(TransferKind.P2P, "sleeper", "bob", 2_000);
            fraud.advance(Duration.ofDays(90));

            // When
            fraud.transfer(TransferKind.CASH_OUT, "sleeper", "agent", 200_000);

            // Then
            assertThat(fraud.band("sleeper", DormantAccountRule.ID)).isEqualTo(3);
        }
    }

    @Test
    void shouldNotFireJustUnderNinetyDaysIdle() {
        try (FraudDriver fraud = FraudDriver.forRule(DormantAccountRule.ID, Map.of())) {
            // Given
            fraud.transfer(TransferKind.P2P, "sleeper", "bob", 2_000);
            fraud.advance(Duration.ofDays(90).minusMinutes(1));

            // When
            fraud.transfer(TransferKind.CASH_OUT, "sleeper", "agent", 200_000);

            // Then
            assertThat(fraud.alertsFor("sleeper")).isEmpty();
        }
    }

    @Test
    void shouldNotFireForADebitWithinFiveTimesTheAccountsAverage() {
        try (FraudDriver fraud = FraudDriver.forRule(DormantAccountRule.ID, Map.of())) {
            // Given
            fraud.transfer(TransferKind.P2P, "sleeper", "bob", 40_000);
            fraud.advance(Duration.ofDays(100));

            // When
            fraud.transfer(TransferKind.CASH_OUT, "sleeper", "agent", 200_000);

            // Then
            assertThat(fraud.alertsFor("sleeper")).isEmpty();
        }
    }

    @Test
    void shouldNotFireOnceTheAccountHasWokenWithSmallActivity() {
        try (FraudDriver fraud = FraudDriver.forRule(DormantAccountRule.ID, Map.of())) {
            // Given: dormant, then a small credit wakes it
            fraud.transfer(TransferKind.P2P, "sleeper", "bob", 2_000);
            fraud.advance(Duration.ofDays(90));
            fraud.transfer(TransferKind.P2P, "bob", "sleeper", 1_000);

            // When
            fraud.transfer(TransferKind.CASH_OUT, "sleeper", "agent", 200_000);

            // Then
            assertThat(fraud.alertsFor("sleeper")).isEmpty();
        }
    }
}
