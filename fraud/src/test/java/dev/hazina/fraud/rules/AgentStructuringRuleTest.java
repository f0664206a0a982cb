package dev.hazina.fraud.rules;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Map;

import org.junit.jupiter.api.Test;

import dev.hazina.fraud.FraudDriver;
import dev.hazina.schemas.TransferKind;

class AgentStructuringRuleTest {

    @Test
    void shouldFireForThreeCashInsToOneCustomerJustUnderALimitWithinMinutes() {
        try (FraudDriver fraud = FraudDriver.forRule(AgentStructuringRule.ID, Map.of())) {
            // When
            cashIns(fraud, 3, 950_000, Duration.ofMinutes(3));

            // Then
            assertThat(fraud.band("agent-1", AgentStructuringRule.ID)).isEqualTo(3);
            assertThat(fraud.alertsFor("agent-1").get(0).getBands().get(0).getTransferIds()).hasSize(3);
        }
    }

    @Test
    void shouldNotFireForTwoSplitCashIns() {
        try (FraudDriver fraud = FraudDriver.forRule(AgentStructuringRule.ID, Map.of())) {
            // When
            cashIns(fraud, 2, 950_000, Duration.ofMinutes(3));

            // Then
            assertThat(fraud.alertsFor("agent-1")).isEmpty();
        }
    }

    @Test
    void shouldNotFireForAmountsJustBelowTheMargin() {
        try (FraudDriver fraud = FraudDriver.forRule(AgentStructuringRule.ID, Map.of())) {
            // When: 10% under 1,000,000 starts at 900,000
            cashIns(fraud, 3, 899_999, Duration.ofMinutes(3));

            // Then
            assertThat(fraud.alertsFor("agent-1")).isEmpty();
        }
    }

    @Test
    void shouldNotFireWhenTheCashInsSpreadBeyondTheWindow() {
        try (FraudDriver fraud = FraudDriver.forRule(AgentStructuringRule.ID, Map.of())) {
            // When
            cashIns(fraud, 3, 950_000, Duration.ofMinutes(6));

            // Then
            assertThat(fraud.alertsFor("agent-1")).isEmpty();
        }
    }

    private static void cashIns(FraudDriver fraud, int count, long amount, Duration apart) {
        for (int i = 0; i < count; i++) {
            if (i > 0) {
                fraud.advance(apart);
            }
            fraud.transfer(TransferKind.CASH_IN, "agent-1", "customer", amount);
        }
    }
}
