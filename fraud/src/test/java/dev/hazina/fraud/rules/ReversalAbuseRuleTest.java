package dev.hazina.fraud.rules;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Map;

import org.junit.jupiter.api.Test;

import dev.hazina.fraud.FraudConfig;
import dev.hazina.fraud.FraudDriver;
import dev.hazina.fraud.Typology;
import dev.hazina.schemas.AccountType;
import dev.hazina.schemas.TransferKind;
import dev.hazina.schemas.TransferStatus;

class ReversalAbuseRuleTest {

    /** Alert only at band 2, so one reversal against an agent (band 1) stays quiet. */
    private static final Map<String, Object> AT_BAND_TWO = Map.of(FraudConfig.TYPOLOGY_PREFIX + Typology.LAYERING + ".alert", 2);

    @Test
    void shouldFireBandThreeWhenAReversalIsRequestedAfterTheRecipientCashedOut() {
        try (FraudDriver fraud = FraudDriver.forRule(ReversalAbuseRule.ID, Map.of())) {
            // Given
            fraud.transfer(TransferKind.P2P, "accomplice", "recipient", 30_000);
            fraud.transfer(TransferKind.CASH_OUT, "recipient", "agent-1", 30_000);

            // When: the reversal is refused (the money is gone) but was still requested
            fraud.reversal("accomplice", "recipient", 30_000, TransferStatus.REJECTED);

            // Then
            assertThat(fraud.band("recipient", ReversalAbuseRule.ID)).isEqualTo(3);
        }
    }

    @Test
    void shouldNotFireForAReversalOfACustomerWhoDidNotCashOut() {
        try (FraudDriver fraud = FraudDriver.forRule(ReversalAbuseRule.ID, Map.of())) {
            // Given
            fraud.transfer(TransferKind.P2P, "payer", "recipient", 30_000);
            fraud.transfer(TransferKind.P2P, "recipient", "friend", 30_000);

            // When
            fraud.reversal("payer", "recipient", 30_000, TransferStatus.COMPLETED);

            // Then
            assertThat(fraud.alertsFor("recipient")).isEmpty();
        }
    }

    @Test
    void shouldFireBandTwoForThreeReversalsAgainstAnAgentsCashOuts() {
        try (FraudDriver fraud = FraudDriver.forRule(ReversalAbuseRule.ID, AT_BAND_TWO)) {
            // Given
            fraud.opened("agent-1", AccountType.AGENT);

            // When
            reversals(fraud, 3, Duration.ofHours(1));

            // Then
            assertThat(fraud.band("agent-1", ReversalAbuseRule.ID)).isEqualTo(2);
        }
    }

    @Test
    void shouldNotFireForTwoReversalsAgainstAnAgent() {
        try (FraudDriver fraud = FraudDriver.forRule(ReversalAbuseRule.ID, AT_BAND_TWO)) {
            // Given
            fraud.opened("agent-1", AccountType.AGENT);

            // When
            reversals(fraud, 2, Duration.ofHours(1));

            // Then
            assertThat(fraud.alertsFor("agent-1")).isEmpty();
        }
    }

    @Test
    void shouldForgetReversalsOlderThanTheWindow() {
        try (FraudDriver fraud = FraudDriver.forRule(ReversalAbuseRule.ID, AT_BAND_TWO)) {
            // Given
            fraud.opened("agent-1", AccountType.AGENT);

            // When: three reversals, the first more than 24 h before the last
            reversals(fraud, 3, Duration.ofHours(13));

            // Then
            assertThat(fraud.alertsFor("agent-1")).isEmpty();
        }
    }

    private static void reversals(FraudDriver fraud, int count, Duration apart) {
        for (int i = 0; i < count; i++) {
            if (i > 0) {
                fraud.advance(apart);
            }
            fraud.reversal("customer-" + i, "agent-1", 5_000, TransferStatus.COMPLETED);
        }
    }
}
