package dev.hazina.fraud.rules;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Map;

import org.junit.jupiter.api.Test;

import dev.hazina.fraud.FraudDriver;
import dev.hazina.schemas.TransferKind;

class DebtorVelocityRuleTest {

    private static final Map<String, Object> COUNTS_ONLY = Map.of(RuleConfig.VELOCITY_EMA_MULTIPLIER_CONFIG, 1_000);

    @Test
    void shouldRaiseBandTwoAtTheHourlyDebitCount() {
        try (FraudDriver fraud = FraudDriver.forRule(DebtorVelocityRule.ID, COUNTS_ONLY)) {
            // When
            debits(fraud, 10, Duration.ofMinutes(5), 1_000);

            // Then
            assertThat(fraud.band("alice", DebtorVelocityRule.ID)).isEqualTo(2);
        }
    }

    @Test
    void shouldNotFireOneDebitUnderTheHourlyCount() {
        try (FraudDriver fraud = FraudDriver.forRule(DebtorVelocityRule.ID, COUNTS_ONLY)) {
            // When
            debits(fraud, 9, Duration.ofMinutes(5), 1_000);

            // Then
            assertThat(fraud.alertsFor("alice")).isEmpty();
        }
    }

    @Test
    void shouldForgetDebitsOlderThanAnHour() {
        try (FraudDriver fraud = FraudDriver.forRule(DebtorVelocityRule.ID, COUNTS_ONLY)) {
            // Given
            debits(fraud, 9, Duration.ofMinutes(1), 1_000);

            // When
            fraud.advance(Duration.ofMinutes(61));
            fraud.transfer(TransferKind.P2P, "alice", "bob", 1_000);

            // Then
            assertThat(fraud.alertsFor("alice")).isEmpty();
        }
    }

    @Test
    void shouldFireWhenTheDaySumIsFarAboveTheAccountsOwnAverage() {
        try (FraudDriver fraud = FraudDriver.forRule(DebtorVelocityRule.ID, Map.of())) {
            // Given: a week of one 1,000 debit a day, so the 24 h average is 1,000
            history(fraud);

            // When: five times the average and a little more
            fraud.transfer(TransferKind.P2P, "alice", "bob", 5_005);

            // Then
            assertThat(fraud.band("alice", DebtorVelocityRule.ID)).isEqualTo(1);
        }
    }

    @Test
    void shouldNotFireAtJustFiveTimesTheAccountsOwnAverage() {
        try (FraudDriver fraud = FraudDriver.forRule(DebtorVelocityRule.ID, Map.of())) {
            // Given
            history(fraud);

            // When
            fraud.transfer(TransferKind.P2P, "alice", "bob", 5_000);

            // Then
            assertThat(fraud.alertsFor("alice")).isEmpty();
        }
    }

    private static void history(FraudDriver fraud) {
        for (int day = 0; day < 7; day++) {
            fraud.transfer(TransferKind.P2P, "alice", "bob", 1_000);
            fraud.advance(Duration.ofHours(25));
        }
    }

    private static void debits(FraudDriver fraud, int count, Duration apart, long amount) {
        for (int i = 0; i < count; i++) {
            fraud.transfer(TransferKind.P2P, "alice", "payee-" + i, amount);
            fraud.advance(apart);
        }
    }
}
