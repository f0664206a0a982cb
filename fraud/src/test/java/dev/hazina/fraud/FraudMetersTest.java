package dev.hazina.fraud;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import dev.hazina.schemas.TelcoEventType;
import dev.hazina.schemas.TransferKind;

class FraudMetersTest {

    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private final FraudDriver fraud = new FraudDriver(Map.of(), registry);

    @AfterEach
    void close() {
        fraud.close();
    }

    @Test
    void shouldCountTheAlertTheVerdictAndTheCaseTransitionOfAnInterdiction() {
        // Given: a SIM swap publishes a cap (a verdict that blocks nothing outright)
        fraud.telco("alice", TelcoEventType.SIM_SWAP);

        // When: the drain after it is interdicted
        fraud.transfer(TransferKind.P2P, "alice", "mule", 600_000);

        // Then
        assertThat(registry.get("hazina.fraud.alerts").tag("typology", Typology.ACCOUNT_TAKEOVER)
            .tag("interdicted", "true").counter().count()).isEqualTo(1);
        assertThat(registry.get("hazina.fraud.verdicts").tag("blocks", "none").counter().count()).isEqualTo(1);
        assertThat(registry.get("hazina.fraud.verdicts").tag("blocks", "debits").counter().count()).isEqualTo(1);
        assertThat(registry.get("hazina.fraud.case.transitions").tag("to", "INTERDICTED").counter().count()).isEqualTo(1);
    }

    @Test
    void shouldCountNothingForCleanTraffic() {
        // When
        fraud.transfer(TransferKind.P2P, "alice", "bob", 1_000);

        // Then
        assertThat(registry.find("hazina.fraud.alerts").counters()).isEmpty();
        assertThat(registry.find("hazina.fraud.verdicts").counters()).isEmpty();
    }
}
