package dev.hazina.topology;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import dev.hazina.schemas.AccountLimits;
import dev.hazina.schemas.AccountRisk;
import dev.hazina.schemas.ReasonCode;
import dev.hazina.schemas.TransferKind;
import dev.hazina.schemas.TransferResult;
import dev.hazina.schemas.TransferStatus;

/** The fraud stream's verdicts, enforced by the real ledger topology at decision time. */
class FraudEnforcementTest {

    private final LedgerDriver ledger = LedgerDriver.withFundedAlice(Map.of(), AccountLimits.newBuilder().build(), 500_000);

    @AfterEach
    void close() {
        ledger.close();
    }

    @Test
    void shouldRefuseABlockedPayerFraudBlockedAndPostNothing() {
        // Given
        ledger.risk(verdict("alice").setBlockDebits(true).setCaseId("case-1").setReason("account-takeover 300").build());
        int entriesBefore = ledger.entries().size();

        // When
        TransferResult result = ledger.transfer(TransferKind.P2P, "alice", "bob", 10_000);

        // Then
        assertThat(result.getStatus()).isEqualTo(TransferStatus.REJECTED);
        assertThat(result.getReason()).isEqualTo(ReasonCode.FRAUD_BLOCKED);
        assertThat(result.getDetail()).contains("case-1").contains("account-takeover");
        assertThat(ledger.entries()).hasSize(entriesBefore);
        assertThat(ledger.balance("alice")).isEqualTo(500_000);
    }

    @Test
    void shouldRefundThePayerInFullWhenThePayeeIsBlocked() {
        // Given
        ledger.risk(verdict("bob").setBlockCredits(true).setBlockDebits(true).setReason("mule-account").build());

        // When
        TransferResult result = ledger.transfer(TransferKind.P2P, "alice", "bob", 10_000);

        // Then
        assertThat(result.getStatus()).isEqualTo(TransferStatus.REVERSED);
        assertThat(result.getReason()).isEqualTo(ReasonCode.FRAUD_BLOCKED);
        assertThat(ledger.balance("alice")).isEqualTo(500_000);
        assertThat(ledger.balance("bob")).isZero();
        LedgerInvariants.assertHold(ledger);
    }

    @Test
    void shouldCapTheVeryFirstDebitAfterASimSwapAndLetSmallOnesThrough() {
        // Given: a SIM swap signalled just now, before alice made any transfer since
        long now = ledger.now().toEpochMilli();
        ledger.risk(verdict("alice").setSignalAt(now).setDebitCap(20_000L)
            .setCapUntil(now + Duration.ofHours(72).toMillis()).setReason("SIM swap").build());

        // When
        TransferResult large = ledger.transfer(TransferKind.CASH_OUT, "alice", "agent-1", 20_001);
        TransferResult small = ledger.transfer(TransferKind.P2P, "alice", "bob", 20_000);

        // Then
        assertThat(large.getStatus()).isEqualTo(TransferStatus.REJECTED);
        assertThat(large.getReason()).isEqualTo(ReasonCode.FRAUD_BLOCKED);
        assertThat(large.getDetail()).contains("debits above 20000 are held until");
        assertThat(small.getStatus()).isEqualTo(TransferStatus.COMPLETED);
    }

    @Test
    void shouldLiftTheSimSwapCapOnceItsWindowHasPassed() {
        // Given
        long now = ledger.now().toEpochMilli();
        ledger.risk(verdict("alice").setSignalAt(now).setDebitCap(20_000L)
            .setCapUntil(now + Duration.ofHours(72).toMillis()).build());

        // When
        ledger.advance(Duration.ofHours(72));
        TransferResult large = ledger.transfer(TransferKind.CASH_OUT, "alice", "agent-1", 100_000);

        // Then
        assertThat(large.getStatus()).isEqualTo(TransferStatus.COMPLETED);
    }

    @Test
    void shouldRefuseABlockedPayerAHold() {
        // Given
        ledger.risk(verdict("alice").setBlockDebits(true).build());

        // When
        TransferResult hold = ledger.authorize("alice", "shop", 10_000);

        // Then
        assertThat(hold.getReason()).isEqualTo(ReasonCode.FRAUD_BLOCKED);
        assertThat(ledger.account("alice").getHeld()).isZero();
    }

    @Test
    void shouldLetThePayerSendAgainOnceTheVerdictIsCleared() {
        // Given
        ledger.risk(verdict("alice").setBlockDebits(true).build());
        assertThat(ledger.transfer(TransferKind.P2P, "alice", "bob", 1_000).getReason()).isEqualTo(ReasonCode.FRAUD_BLOCKED);

        // When
        ledger.risk(verdict("alice").build());
        TransferResult result = ledger.transfer(TransferKind.P2P, "alice", "bob", 1_000);

        // Then
        assertThat(result.getStatus()).isEqualTo(TransferStatus.COMPLETED);
    }

    private AccountRisk.Builder verdict(String accountId) {
        return AccountRisk.newBuilder().setAccountId(accountId).setUpdatedAt(ledger.now().toEpochMilli());
    }
}
