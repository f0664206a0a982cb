package dev.hazina.fraud.rules;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Map;

import org.junit.jupiter.api.Test;

import dev.hazina.fraud.FraudDriver;
import dev.hazina.schemas.TelcoEventType;
import dev.hazina.schemas.TransferKind;

class SimSwapRuleTest {

    @Test
    void shouldFireBandThreeForALargeDebitAfterASimSwap() {
        try (FraudDriver fraud = FraudDriver.forRule(SimSwapRule.ID, Map.of())) {
            // Given
            fraud.telco("alice", TelcoEventType.SIM_SWAP);
            fraud.advance(Duration.ofHours(71));

            // When
            fraud.transfer(TransferKind.CASH_OUT, "alice", "agent", 500_000);

            // Then
            assertThat(fraud.band("alice", SimSwapRule.ID)).isEqualTo(3);
        }
    }

    @Test
    void shouldFireBandTwoAfterADeviceChange() {
        try (FraudDriver fraud = FraudDriver.forRule(SimSwapRule.ID, Map.of())) {
            // Given
            fraud.telco("alice", TelcoEventType.DEVICE_CHANGE);

            // When
            fraud.transfer(TransferKind.P2P, "alice", "bob", 600_000);

            // Then
            assertThat(fraud.band("alice", SimSwapRule.ID)).isEqualTo(2);
        }
    }

    @Test
    void shouldNotFireForADebitJustUnderLarge() {
        try (FraudDriver fraud = FraudDriver.forRule(SimSwapRule.ID, Map.of())) {
            // Given
            fraud.telco("alice", TelcoEventType.SIM_SWAP);

            // When
            fraud.transfer(TransferKind.CASH_OUT, "alice", "agent", 499_999);

            // Then
            assertThat(fraud.alertsFor("alice")).isEmpty();
        }
    }

    @Test
    void shouldNotFireOnceSeventyTwoHoursHavePassed() {
        try (FraudDriver fraud = FraudDriver.forRule(SimSwapRule.ID, Map.of())) {
            // Given
            fraud.telco("alice", TelcoEventType.SIM_SWAP);
            fraud.advance(Duration.ofHours(72));

            // When
            fraud.transfer(TransferKind.CASH_OUT, "alice", "agent", 500_000);

            // Then
            assertThat(fraud.alertsFor("alice")).isEmpty();
        }
    }
}
