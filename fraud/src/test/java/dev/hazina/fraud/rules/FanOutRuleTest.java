package dev.hazina.fraud.rules;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Map;

import org.junit.jupiter.api.Test;

import dev.hazina.fraud.FraudDriver;
import dev.hazina.schemas.TransferKind;

class FanOutRuleTest {

    @Test
    void shouldFireWhenOneAccountPaysEightDistinctPayeesInEightHours() {
        try (FraudDriver fraud = FraudDriver.forRule(FanOutRule.ID, Map.of())) {
            // When
            payees(fraud, 8, Duration.ofMinutes(50));

            // Then
            assertThat(fraud.band("victim", FanOutRule.ID)).isEqualTo(2);
        }
    }

    @Test
    void shouldNotFireForSevenDistinctPayees() {
        try (FraudDriver fraud = FraudDriver.forRule(FanOutRule.ID, Map.of())) {
            // When
            payees(fraud, 7, Duration.ofMinutes(50));

            // Then
            assertThat(fraud.alertsFor("victim")).isEmpty();
        }
    }

    @Test
    void shouldForgetPayeesOlderThanTheWindow() {
        try (FraudDriver fraud = FraudDriver.forRule(FanOutRule.ID, Map.of())) {
            // When: eight payees, but the first was paid more than eight hours before the last
            payees(fraud, 8, Duration.ofMinutes(70));

            // Then
            assertThat(fraud.alertsFor("victim")).isEmpty();
        }
    }

    private static void payees(FraudDriver fraud, int count, Duration apart) {
        for (int i = 0; i < count; i++) {
            if (i > 0) {
                fraud.advance(apart);
            }
            fraud.transfer(TransferKind.P2P, "victim", "payee-" + i, 2_000);
        }
    }
}
