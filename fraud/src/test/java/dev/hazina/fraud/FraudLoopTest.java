package dev.hazina.fraud;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import dev.hazina.schemas.AccountLimits;
import dev.hazina.schemas.AccountStatus;
import dev.hazina.schemas.AccountType;
import dev.hazina.schemas.CaseAction;
import dev.hazina.schemas.ReasonCode;
import dev.hazina.schemas.TelcoEventType;
import dev.hazina.schemas.TransferKind;
import dev.hazina.schemas.TransferResult;
import dev.hazina.schemas.TransferStatus;
import dev.hazina.topology.LedgerDriver;
import dev.hazina.topology.LedgerInvariants;

/**
 * The whole loop through both real topologies: the ledger's entries feed the fraud stream, whose
 * verdicts and freezes feed back into the ledger, record for record, on one clock.
 */
class FraudLoopTest {

    private final LedgerDriver ledger = LedgerDriver.withFundedAlice(Map.of(), AccountLimits.newBuilder().build(), 5_000_000);
    private final FraudDriver fraud = new FraudDriver(Map.of());
    private int entriesSeen;
    private int risksSeen;
    private int commandsSeen;

    @AfterEach
    void close() {
        ledger.close();
        fraud.close();
    }

    @Test
    void shouldStopATakeoverBeforeTheCashOutAndRefundPaymentsToTheMule() {
        // Given
        ledger.open("mule", AccountType.CUSTOMER);
        ledger.open("carol", AccountType.CUSTOMER);
        ledger.transfer(TransferKind.CASH_IN, "agent-1", "carol", 100_000);
        sync();

        // When: alice's SIM is swapped and the thief tries to cash out everything at once
        fraud.telco("alice", TelcoEventType.SIM_SWAP);
        sync();
        TransferResult grab = step(TransferKind.CASH_OUT, "alice", "agent-1", 4_000_000);

        // Then: the ledger caps the very first transfer after the swap
        assertThat(grab.getReason()).isEqualTo(ReasonCode.FRAUD_BLOCKED);

        // When: the thief drains under the cap to a mule, then tries again
        TransferResult drain = step(TransferKind.P2P, "alice", "mule", 900_000);
        TransferResult second = step(TransferKind.P2P, "alice", "mule", 900_000);
        TransferResult cashOut = step(TransferKind.CASH_OUT, "alice", "agent-1", 400_000);

        // Then: the first drain went through, and the fraud stream's interdiction stops the rest
        assertThat(drain.getStatus()).isEqualTo(TransferStatus.COMPLETED);
        assertThat(second.getReason()).isEqualTo(ReasonCode.FRAUD_BLOCKED);
        assertThat(cashOut.getReason()).isEqualTo(ReasonCode.FRAUD_BLOCKED);
        assertThat(ledger.balance("alice")).isEqualTo(5_000_000 - 900_000 - drain.getFee());

        // When: ten more people pay the mule, which cashes out at once and is interdicted for it (collecting
        // from many and passing the money on); then carol pays the mule
        for (int i = 0; i < 10; i++) {
            ledger.open("payer-" + i, AccountType.CUSTOMER);
            ledger.transfer(TransferKind.CASH_IN, "agent-1", "payer-" + i, 50_000);
            step(TransferKind.P2P, "payer-" + i, "mule", 20_000);
        }
        step(TransferKind.CASH_OUT, "mule", "agent-1", 1_000_000);
        TransferResult toMule = step(TransferKind.P2P, "carol", "mule", 10_000);

        // Then: the credit leg refuses and the saga refunds carol in full
        assertThat(fraud.risk("mule").getBlockCredits()).isTrue();
        assertThat(toMule.getStatus()).isEqualTo(TransferStatus.REVERSED);
        assertThat(toMule.getReason()).isEqualTo(ReasonCode.FRAUD_BLOCKED);
        assertThat(ledger.balance("carol")).isEqualTo(100_000);

        // When: an officer confirms alice's case and freezes the account
        fraud.decide("alice", CaseAction.CONFIRM, true);
        sync();

        // Then
        assertThat(ledger.account("alice").getStatus()).isEqualTo(AccountStatus.FROZEN);
        LedgerInvariants.assertHold(ledger);
    }

    private TransferResult step(TransferKind kind, String payer, String payee, long amount) {
        TransferResult result = ledger.transfer(kind, payer, payee, amount);
        sync();
        ledger.advance(Duration.ofMinutes(1));
        fraud.advance(Duration.ofMinutes(1));
        return ledger.latestResult(result.getRequestId());
    }

    /** Carries new entries to the fraud stream, and new verdicts and account commands back, until both are quiet. */
    private void sync() {
        while (entriesSeen < ledger.entries().size() || risksSeen < fraud.allRisk().size()
            || commandsSeen < fraud.accountCommands().size()) {
            while (entriesSeen < ledger.entries().size()) {
                fraud.entry(ledger.entries().get(entriesSeen++));
            }
            while (risksSeen < fraud.allRisk().size()) {
                ledger.risk(fraud.allRisk().get(risksSeen++));
            }
            while (commandsSeen < fraud.accountCommands().size()) {
                ledger.command(fraud.accountCommands().get(commandsSeen++));
            }
        }
    }
}
