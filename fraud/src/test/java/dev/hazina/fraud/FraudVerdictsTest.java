package dev.hazina.fraud;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import dev.hazina.schemas.AccountAction;
import dev.hazina.schemas.AccountRisk;
import dev.hazina.schemas.CaseAction;
import dev.hazina.schemas.CaseStatus;
import dev.hazina.schemas.FraudAlert;
import dev.hazina.schemas.FraudCaseEvent;
import dev.hazina.schemas.TelcoEvent;
import dev.hazina.schemas.TelcoEventType;
import dev.hazina.schemas.TransferKind;
import dev.hazina.schemas.TypologyKind;

/** Typologies, cases and the verdicts the fraud stream publishes for the ledger, with the default configuration. */
class FraudVerdictsTest {

    private final FraudDriver fraud = new FraudDriver(Map.of());

    @AfterEach
    void close() {
        fraud.close();
    }

    @Test
    void shouldPublishADebitCapAsSoonAsASimSwapIsSignalled() {
        // When
        fraud.telco("alice", TelcoEventType.SIM_SWAP);

        // Then: before alice has made any transfer
        AccountRisk risk = fraud.risk("alice");
        assertThat(risk).isNotNull();
        assertThat(risk.getBlockDebits()).isFalse();
        assertThat(risk.getDebitCap()).isEqualTo(1_000_000L);
        assertThat(risk.getCapUntil()).isEqualTo(fraud.now().plus(Duration.ofHours(72)).toEpochMilli());
    }

    @Test
    void shouldInterdictATakeoverWithTheEvidenceAndAReasonedCaseEvent() {
        // Given
        fraud.telco("alice", TelcoEventType.SIM_SWAP);

        // When
        String drain = fraud.transfer(TransferKind.P2P, "alice", "mule", 600_000);

        // Then
        FraudAlert alert = fraud.alertsFor("alice").get(0);
        assertThat(alert.getTypology()).isEqualTo(Typology.ACCOUNT_TAKEOVER);
        assertThat(alert.getInterdicted()).isTrue();
        assertThat(alert.getScore()).isEqualTo(300);
        assertThat(alert.getBands()).anySatisfy(band -> {
            assertThat(band.getRule()).isEqualTo("sim-swap");
            assertThat(band.getBand()).isEqualTo(3);
            assertThat(band.getTransferIds()).containsExactly(drain);
        });
        assertThat(fraud.risk("alice").getBlockDebits()).isTrue();
        assertThat(fraud.risk("alice").getBlockCredits()).isFalse();
        FraudCaseEvent event = fraud.caseEvents().get(0);
        assertThat(event.getTo()).isEqualTo(CaseStatus.INTERDICTED);
        assertThat(event.getReason()).contains("account-takeover scored 300");
        assertThat(event.getActor()).isEqualTo("fraud-stream");
    }

    @Test
    void shouldOnlyAlertOnALaunderingTypologySoTheCustomerIsNotTippedOff() {
        // When: an agent splits deposits (layering and agent abuse both see it; neither reaches interdiction)
        for (int i = 0; i < 3; i++) {
            fraud.transfer(TransferKind.CASH_IN, "agent-1", "customer", 950_000);
            fraud.advance(Duration.ofMinutes(2));
        }

        // Then
        assertThat(fraud.alertsFor("agent-1")).extracting(FraudAlert::getTypologyKind)
            .contains(TypologyKind.MONEY_LAUNDERING);
        assertThat(fraud.alertsFor("agent-1")).noneMatch(FraudAlert::getInterdicted);
        assertThat(fraud.risk("agent-1")).isNull();
    }

    @Test
    void shouldBlockAMulesCreditsAsWellAsItsDebits() {
        // Given: ten victims pay the mule
        for (int i = 0; i < 10; i++) {
            fraud.transfer(TransferKind.P2P, "victim-" + i, "mule", 20_000);
        }

        // When: and it cashes out at once
        fraud.transfer(TransferKind.CASH_OUT, "mule", "agent-1", 190_000);

        // Then
        AccountRisk risk = fraud.risk("mule");
        assertThat(risk.getBlockDebits()).isTrue();
        assertThat(risk.getBlockCredits()).isTrue();
        assertThat(risk.getReason()).contains(Typology.MULE_ACCOUNT);
    }

    @Test
    void shouldOnlyAlertWhenOnePaymentIsCashedOutAtOnce() {
        // Given: one person pays a customer with nothing else
        fraud.transfer(TransferKind.P2P, "sister", "customer", 300_000);

        // When: the customer cashes it out at once, as someone sent money for rent would
        fraud.transfer(TransferKind.CASH_OUT, "customer", "agent-1", 290_000);

        // Then: a case for an officer to look at, but nobody is blocked for it
        assertThat(fraud.alertsFor("customer")).extracting(FraudAlert::getTypology).contains(Typology.MULE_ACCOUNT);
        assertThat(fraud.alertsFor("customer")).noneMatch(FraudAlert::getInterdicted);
        assertThat(fraud.risk("customer")).isNull();
    }

    @Test
    void shouldFreezeTheAccountWhenAnOperatorConfirmsAndUnfreezeWhenCleared() {
        // Given
        interdictAlice();

        // When
        fraud.decide("alice", CaseAction.CONFIRM, true);

        // Then
        assertThat(fraud.accountCommands()).singleElement().satisfies(command -> {
            assertThat(command.getAccountId()).isEqualTo("alice");
            assertThat(command.getAction()).isEqualTo(AccountAction.FREEZE);
            assertThat(command.getNote()).contains("officer-7");
        });
        assertThat(last().getTo()).isEqualTo(CaseStatus.CONFIRMED);
        assertThat(last().getActor()).isEqualTo("officer-7");

        // When
        fraud.decide("alice", CaseAction.CLEAR, false);

        // Then
        assertThat(fraud.accountCommands()).last().satisfies(c -> assertThat(c.getAction()).isEqualTo(AccountAction.UNFREEZE));
        assertThat(last().getFrom()).isEqualTo(CaseStatus.CONFIRMED);
        assertThat(last().getTo()).isEqualTo(CaseStatus.CLEARED);
        assertThat(fraud.risk("alice").getBlockDebits()).isFalse();
        assertThat(fraud.risk("alice").getDebitCap()).as("clearing lifts the SIM-swap cap").isNull();
    }

    @Test
    void shouldKeepAClearedTypologyQuietForTheGracePeriod() {
        // Given
        interdictAlice();
        fraud.decide("alice", CaseAction.CLEAR, false);
        int alerts = fraud.alerts().size();

        // When
        fraud.telco("alice", TelcoEventType.SIM_SWAP);
        fraud.transfer(TransferKind.P2P, "alice", "mule", 600_000);

        // Then
        assertThat(fraud.alerts()).hasSize(alerts);
        assertThat(fraud.risk("alice").getBlockDebits()).isFalse();
    }

    @Test
    void shouldLiftAnInterdictionNoOperatorDecidedWithinItsLifetime() {
        // Given
        interdictAlice();

        // When
        fraud.advance(Duration.ofHours(24).plusSeconds(1));

        // Then
        assertThat(last().getTo()).isEqualTo(CaseStatus.EXPIRED);
        assertThat(fraud.risk("alice").getBlockDebits()).isFalse();
        assertThat(fraud.risk("alice").getDebitCap()).as("the SIM-swap window is still open").isEqualTo(1_000_000L);
    }

    @Test
    void shouldDeadLetterATelcoEventForAnotherAccountThanItsKey() {
        // When
        fraud.telco("alice", TelcoEvent.newBuilder().setEventId("e1").setAccountId("bob")
            .setType(TelcoEventType.SIM_SWAP).setOccurredAt(0).build());

        // Then
        assertThat(fraud.deadLetters()).singleElement().satisfies(d -> assertThat(d.getReason()).isEqualTo("KEY_MISMATCH"));
        assertThat(fraud.risk("bob")).isNull();
    }

    @Test
    void shouldDeadLetterAConfirmationWithNoCase() {
        // When
        fraud.decide("alice", CaseAction.CONFIRM, true);

        // Then
        assertThat(fraud.deadLetters()).singleElement().satisfies(d -> assertThat(d.getReason()).isEqualTo("NO_OPEN_CASE"));
        assertThat(fraud.accountCommands()).isEmpty();
    }

    private void interdictAlice() {
        fraud.telco("alice", TelcoEventType.SIM_SWAP);
        fraud.transfer(TransferKind.P2P, "alice", "mule", 600_000);
        assertThat(fraud.risk("alice").getBlockDebits()).isTrue();
    }

    private FraudCaseEvent last() {
        return fraud.caseEvents().get(fraud.caseEvents().size() - 1);
    }
}
