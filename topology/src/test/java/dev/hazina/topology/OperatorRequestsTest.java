package dev.hazina.topology;

import static dev.hazina.topology.LedgerAssertions.assertRejected;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import dev.hazina.schemas.AccountLimits;
import dev.hazina.schemas.Channel;
import dev.hazina.schemas.ReasonCode;
import dev.hazina.schemas.TransferKind;
import dev.hazina.schemas.TransferRequest;
import dev.hazina.schemas.TransferResult;
import dev.hazina.schemas.TransferStatus;

/** ISSUE and REVERSAL are authorized by the topic they arrive on, never by the request's channel field. */
class OperatorRequestsTest {

    private LedgerDriver ledger;

    @BeforeEach
    void openAccounts() {
        ledger = LedgerDriver.withFundedAlice(Map.of(), AccountLimits.newBuilder().build(), 1_000_000);
    }

    @AfterEach
    void close() {
        LedgerAssertions.checkAndClose(ledger);
    }

    @Test
    void shouldRefuseIssueOnTheChannelsTopicEvenWhenItClaimsTheAdminChannel() {
        // When
        TransferRequest issue = issueRequest(Channel.ADMIN);
        TransferResult result = ledger.sendFromChannel(issue);

        // Then: refused, nothing posted
        assertRejected(result, ReasonCode.OPERATOR_ONLY);
        assertThat(result.getDetail()).contains("hazina.operator-requests");
        assertThat(ledger.balance("agent-1")).isEqualTo(9_000_000);
        assertThat(ledger.entriesFor(issue.getRequestId())).isEmpty();
    }

    @Test
    void shouldRefuseAReversalOfACashOutSentByAChannel() {
        // Given: alice cashes out at the agent and takes the notes
        TransferResult cashOut = ledger.transfer(TransferKind.CASH_OUT, "alice", "agent-1", 100_000);
        assertThat(cashOut.getStatus()).isEqualTo(TransferStatus.COMPLETED);
        long agentFloat = ledger.balance("agent-1");

        // When: she reverses it from the app
        TransferResult result = ledger.sendFromChannel(ledger.reversalOf(cashOut));

        // Then: the agent's float does not pay
        assertRejected(result, ReasonCode.OPERATOR_ONLY);
        assertThat(ledger.balance("agent-1")).isEqualTo(agentFloat);
        assertThat(ledger.transferRecord(cashOut.getRequestId()).getReversedBy()).isNull();
    }

    @Test
    void shouldIssueFromTheOperatorTopicWhateverTheChannelFieldSays() {
        // When
        TransferResult result = ledger.sendFromOperator(issueRequest(Channel.USSD));

        // Then
        assertThat(result.getStatus()).isEqualTo(TransferStatus.COMPLETED);
        assertThat(ledger.balance("agent-1")).isEqualTo(9_000_000 + 5_000);
    }

    @Test
    void shouldReverseFromTheOperatorTopic() {
        // Given
        TransferResult cashOut = ledger.transfer(TransferKind.CASH_OUT, "alice", "agent-1", 100_000);
        long aliceAfterCashOut = ledger.balance("alice");

        // When
        TransferResult result = ledger.sendFromOperator(ledger.reversalOf(cashOut));

        // Then: the principal moves back (the fee stays earned by default)
        assertThat(result.getStatus()).isEqualTo(TransferStatus.COMPLETED);
        assertThat(ledger.balance("alice")).isEqualTo(aliceAfterCashOut + 100_000);
    }

    @Test
    void shouldAnswerAChannelReplayingAnOperatorsIssueAsADuplicateWithoutPosting() {
        // Given
        TransferRequest issue = issueRequest(Channel.ADMIN);
        assertThat(ledger.sendFromOperator(issue).getStatus()).isEqualTo(TransferStatus.COMPLETED);

        // When: a channel that saw the request replays it on its own topic
        TransferResult result = ledger.sendFromChannel(issue);

        // Then
        assertThat(result.getDuplicate()).isTrue();
        assertThat(ledger.balance("agent-1")).isEqualTo(9_000_000 + 5_000);
    }

    @Test
    void shouldRefuseChannelKindsOnTheOperatorTopic() {
        // When
        TransferResult result = ledger.sendFromOperator(
            ledger.request(TransferKind.CASH_OUT, "alice", "agent-1", 100_000).build());

        // Then
        assertRejected(result, ReasonCode.INVALID_REQUEST);
        assertThat(result.getDetail()).contains("hazina.transfer-requests");
        assertThat(ledger.balance("alice")).isEqualTo(1_000_000);
    }

    private TransferRequest issueRequest(Channel channel) {
        return ledger.request(TransferKind.ISSUE, "SYS.ISSUANCE", "agent-1", 5_000).setChannel(channel).build();
    }
}
