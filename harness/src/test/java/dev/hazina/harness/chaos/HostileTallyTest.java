package dev.hazina.harness.chaos;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import dev.hazina.harness.chaos.HostileCase.Fate;
import dev.hazina.harness.chaos.HostileInputs.HostileRecord;
import dev.hazina.harness.chaos.HostileSender.Sent;
import dev.hazina.reconciliation.Violation;
import dev.hazina.schemas.AccountAction;
import dev.hazina.schemas.AccountEvent;
import dev.hazina.schemas.Channel;
import dev.hazina.schemas.DeadLetter;
import dev.hazina.schemas.ReasonCode;
import dev.hazina.schemas.TransferKind;
import dev.hazina.schemas.TransferRequest;
import dev.hazina.schemas.TransferResult;
import dev.hazina.schemas.TransferStatus;

class HostileTallyTest {

    private static final String REQUESTS = "hazina.transfer-requests";
    private static final String COMMANDS = "hazina.account-commands";

    @Test
    void shouldTraceEachRecordToItsFate() {
        // Given
        List<Sent> sent = List.of(
            new Sent(record(HostileCase.REQUEST_RANDOM_BYTES, REQUESTS, null), REQUESTS, 3, 17, null),
            new Sent(record(HostileCase.AMOUNT_ZERO, REQUESTS, "r-1"), REQUESTS, 1, 40, null),
            new Sent(record(HostileCase.OPEN_EXISTING, COMMANDS, "c-1"), COMMANDS, 2, 5, null),
            new Sent(record(HostileCase.METADATA_2_MB, REQUESTS, "r-2"), REQUESTS, -1, -1, "RecordTooLargeException"));
        List<DeadLetter> letters = List.of(deadLetter(REQUESTS, 3, 17, "BAD_MAGIC_BYTE"));
        List<TransferResult> results = List.of(result("r-1", TransferStatus.REJECTED, ReasonCode.INVALID_AMOUNT));
        List<AccountEvent> events = List.of(event("c-1", false, ReasonCode.ACCOUNT_EXISTS));

        // When
        HostileTally.Report report = HostileTally.tally(sent, letters, results, events);

        // Then
        assertThat(report.violations()).isEmpty();
        assertThat(report.sent()).isEqualTo(4);
        assertThat(report.byFate()).containsExactlyInAnyOrderEntriesOf(Map.of(
            Fate.DEAD_LETTERED, 1L, Fate.REFUSED, 2L, Fate.REFUSED_BY_BROKER, 1L));
        assertThat(report.byCase().get(HostileCase.AMOUNT_ZERO).reasons()).containsEntry("REJECTED INVALID_AMOUNT", 1L);
        assertThat(report.byCase().get(HostileCase.REQUEST_RANDOM_BYTES).reasons()).containsEntry("BAD_MAGIC_BYTE", 1L);
        assertThat(report.answeredRequests()).extracting(TransferRequest::getRequestId).containsExactly("r-1");
    }

    @Test
    void shouldFlagAcceptedAndUntracedRecords() {
        // Given
        List<Sent> sent = List.of(
            new Sent(record(HostileCase.AMOUNT_ZERO, REQUESTS, "r-1"), REQUESTS, 1, 40, null),
            new Sent(record(HostileCase.OPEN_SYSTEM_TYPE, COMMANDS, "c-1"), COMMANDS, 2, 5, null),
            new Sent(record(HostileCase.REQUEST_TRUNCATED, REQUESTS, null), REQUESTS, 0, 9, null));
        List<TransferResult> results = List.of(result("r-1", TransferStatus.COMPLETED, null));
        List<AccountEvent> events = List.of(event("c-1", true, null));

        // When
        HostileTally.Report report = HostileTally.tally(sent, List.of(), results, events);

        // Then
        assertThat(report.byFate()).containsExactlyInAnyOrderEntriesOf(Map.of(Fate.ACCEPTED, 2L, Fate.UNANSWERED, 1L));
        assertThat(report.violations()).hasSize(3).allMatch(v -> v.invariant().equals(HostileTally.HOSTILE_INPUT));
        assertThat(report.violations()).extracting(Violation::subject).containsExactly("r-1", "c-1", "REQUEST_TRUNCATED");
    }

    @Test
    void shouldNotCountARejectionWithoutAReasonAsRefused() {
        // Given
        List<Sent> sent = List.of(new Sent(record(HostileCase.CURRENCY_EMPTY, REQUESTS, "r-1"), REQUESTS, 1, 40, null));
        List<TransferResult> results = List.of(result("r-1", TransferStatus.REJECTED, null));

        // When
        HostileTally.Report report = HostileTally.tally(sent, List.of(), results, List.of());

        // Then
        assertThat(report.byFate()).containsExactly(Map.entry(Fate.ACCEPTED, 1L));
        assertThat(report.violations()).hasSize(1);
    }

    private static HostileRecord record(HostileCase hostile, String topic, String answerId) {
        TransferRequest request = hostile.input() == HostileCase.Input.REQUESTS && answerId != null
            ? TransferRequest.newBuilder().setRequestId(answerId).setChannel(Channel.APP).setKind(TransferKind.P2P)
                .setPayer("a").setPayee("b").setAmount(0).setCurrency("KES").setRequestedAt(0).build()
            : null;
        return new HostileRecord(hostile, topic, null, new byte[] {'k'}, new byte[] {1}, answerId, request);
    }

    private static DeadLetter deadLetter(String topic, int partition, long offset, String reason) {
        return DeadLetter.newBuilder().setSourceTopic(topic).setSourcePartition(partition).setSourceOffset(offset)
            .setValue(ByteBuffer.wrap(new byte[] {1})).setStage("deserialization").setReason(reason).setDetail(reason)
            .setFailedAt(0).build();
    }

    private static TransferResult result(String requestId, TransferStatus status, ReasonCode reason) {
        return TransferResult.newBuilder().setRequestId(requestId).setKind(TransferKind.P2P).setStatus(status)
            .setReason(reason).setPayer("a").setPayee("b").setAmount(0).setCurrency("KES").setRequestedAt(0)
            .setDecidedAt(0).build();
    }

    private static AccountEvent event(String commandId, boolean accepted, ReasonCode reason) {
        return AccountEvent.newBuilder().setCommandId(commandId).setAccountId("x").setAction(AccountAction.OPEN)
            .setAccepted(accepted).setReason(reason).setDecidedAt(0).build();
    }
}
