package dev.hazina.app.replay;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

import dev.hazina.app.replay.ReplayAudit.Line;
import dev.hazina.app.replay.ReplayAudit.Verdict;
import dev.hazina.app.replay.RequestRange.Requested;
import dev.hazina.schemas.Channel;
import dev.hazina.schemas.DeadLetter;
import dev.hazina.schemas.ReasonCode;
import dev.hazina.schemas.TransferKind;
import dev.hazina.schemas.TransferRequest;
import dev.hazina.schemas.TransferResult;
import dev.hazina.schemas.TransferStatus;

class ReplayAuditTest {

    private final Log originals = new Log();
    private final Log replays = new Log();
    private final List<Requested> records = new ArrayList<>();
    private final Map<Long, Long> copies = new HashMap<>();

    @Test
    void shouldCallTheOriginalOutcomeRepeatedAsADuplicateTheSame() {
        // Given
        sent(0, "r-1");
        originals.result(completed("r-1"));
        replays.result(duplicate(completed("r-1")));

        // When
        List<Line> lines = judge(false);

        // Then
        assertThat(lines).extracting(Line::verdict).containsExactly(Verdict.SAME);
        assertThat(lines.get(0).original()).isEqualTo("COMPLETED");
        assertThat(lines.get(0).replay()).isEqualTo("COMPLETED (duplicate)");
        assertThat(ReplayAudit.clean(ReplayAudit.count(lines))).isTrue();
    }

    @Test
    void shouldCallAFirstOutcomeForAReplayedRequestADefect() {
        // Given: the copy was decided as new, which would post twice
        sent(0, "r-1");
        originals.result(completed("r-1"));
        replays.result(completed("r-1"));

        // When
        List<Line> lines = judge(false);

        // Then
        assertThat(lines).extracting(Line::verdict).containsExactly(Verdict.DIFFERENT);
        assertThat(ReplayAudit.clean(ReplayAudit.count(lines))).isFalse();
    }

    @Test
    void shouldCallAnotherOutcomeADefect() {
        // Given
        sent(0, "r-1");
        originals.result(completed("r-1"));
        replays.result(duplicate(rejected("r-1", ReasonCode.INSUFFICIENT_FUNDS, 2_000)));

        // Then
        assertThat(judge(false)).extracting(Line::verdict).containsExactly(Verdict.DIFFERENT);
    }

    @Test
    void shouldCallAMissingAnswerADefect() {
        // Given
        sent(0, "r-1");
        originals.result(completed("r-1"));

        // When
        List<Line> lines = judge(false);

        // Then
        assertThat(lines).extracting(Line::verdict).containsExactly(Verdict.UNANSWERED);
        assertThat(ReplayAudit.clean(ReplayAudit.count(lines))).isFalse();
    }

    @Test
    void shouldGiveEachRecordOfOneRequestIdItsOwnAnswer() {
        // Given: the channel sent r-1 twice; only one copy has been answered
        sent(0, "r-1");
        sent(1, "r-1");
        originals.result(completed("r-1"));
        originals.result(duplicate(completed("r-1")));
        replays.result(duplicate(completed("r-1")));

        // Then
        assertThat(judge(false)).extracting(Line::verdict).containsExactly(Verdict.SAME, Verdict.UNANSWERED);
    }

    @Test
    void shouldCallARepeatedRefusalOfAModifiedRetryTheSameThoughDecidedAgain() {
        // Given: a retry with other content, refused when first seen and refused again now
        sent(0, "r-1");
        originals.result(completed("r-1"));
        originals.result(duplicate(rejected("r-1", ReasonCode.REQUEST_MODIFIED, 2_000)));
        replays.result(duplicate(rejected("r-1", ReasonCode.REQUEST_MODIFIED, 9_000)));

        // Then
        assertThat(judge(false)).extracting(Line::verdict).containsExactly(Verdict.SAME);
    }

    @Test
    void shouldCompareDeadLettersByReason() {
        // Given
        sent(0, null);
        sent(1, null);
        originals.deadLetter(0, "BAD_MAGIC_BYTE");
        originals.deadLetter(1, "BAD_MAGIC_BYTE");
        replays.deadLetter(copies.get(0L), "BAD_MAGIC_BYTE");
        replays.deadLetter(copies.get(1L), "KEY_MISMATCH");

        // When
        List<Line> lines = judge(false);

        // Then
        assertThat(lines).extracting(Line::verdict).containsExactly(Verdict.SAME, Verdict.DIFFERENT);
        assertThat(lines.get(0).requestId()).isEqualTo("(unreadable)");
    }

    @Test
    void shouldCountARequestTheLedgerForgotAsForgottenOnlyWhenForced() {
        // Given
        sent(0, "r-1");
        originals.result(completed("r-1"));
        replays.result(TransferResult.newBuilder(rejected("r-1", ReasonCode.REQUEST_TOO_OLD, 9_000)).setStatus(TransferStatus.UNKNOWN).build());

        // Then
        assertThat(judge(true)).extracting(Line::verdict).containsExactly(Verdict.FORGOTTEN);
        assertThat(ReplayAudit.clean(ReplayAudit.count(judge(true)))).isTrue();
        assertThat(judge(false)).extracting(Line::verdict).containsExactly(Verdict.DIFFERENT);
    }

    @Test
    void shouldListARecordWithoutAnOriginalAnswerAsNotSent() {
        // Given
        records.add(new Requested(new ConsumerRecord<>("hazina.transfer-requests", 0, 7, new byte[0], new byte[0]),
            request("r-9")));

        // When
        List<Line> lines = judge(false);

        // Then
        assertThat(lines).extracting(Line::verdict).containsExactly(Verdict.NOT_SENT);
        assertThat(ReplayAudit.answered(records.get(0), originals)).isFalse();
        assertThat(ReplayAudit.clean(ReplayAudit.count(lines))).isTrue();
    }

    private List<Line> judge(boolean forced) {
        return ReplayAudit.judge(records, copies, originals, replays, forced);
    }

    private void sent(long offset, String requestId) {
        records.add(new Requested(new ConsumerRecord<>("hazina.transfer-requests", 0, offset, new byte[0], new byte[0]),
            requestId == null ? null : request(requestId)));
        copies.put(offset, 100 + offset);
    }

    private static TransferRequest request(String requestId) {
        return TransferRequest.newBuilder().setRequestId(requestId).setChannel(Channel.APP).setKind(TransferKind.P2P)
            .setPayer("cust-1").setPayee("cust-2").setAmount(5_000).setCurrency("KES").setRequestedAt(1_000).build();
    }

    private static TransferResult completed(String requestId) {
        return TransferResult.newBuilder().setRequestId(requestId).setKind(TransferKind.P2P)
            .setStatus(TransferStatus.COMPLETED).setPayer("cust-1").setPayee("cust-2").setAmount(5_000).setFee(50)
            .setCurrency("KES").setRequestedAt(1_000).setDecidedAt(1_500).build();
    }

    private static TransferResult rejected(String requestId, ReasonCode reason, long decidedAt) {
        return TransferResult.newBuilder(completed(requestId)).setStatus(TransferStatus.REJECTED).setReason(reason).setFee(0)
            .setDecidedAt(decidedAt).build();
    }

    private static TransferResult duplicate(TransferResult result) {
        return TransferResult.newBuilder(result).setDuplicate(true).build();
    }

    /** Answers as the ledger's outputs would hold them. */
    private static final class Log implements ReplayAudit.Answers {
        private final Map<String, List<TransferResult>> results = new HashMap<>();
        private final Map<Long, DeadLetter> deadLetters = new HashMap<>();

        void result(TransferResult result) {
            results.computeIfAbsent(result.getRequestId(), id -> new ArrayList<>()).add(result);
        }

        void deadLetter(long offset, String reason) {
            deadLetters.put(offset, DeadLetter.newBuilder().setSourceTopic("hazina.transfer-requests").setSourcePartition(0)
                .setSourceOffset(offset).setStage("deserialization").setReason(reason).setDetail(reason).setFailedAt(0)
                .build());
        }

        @Override
        public List<TransferResult> results(String requestId) {
            return results.getOrDefault(requestId, List.of());
        }

        @Override
        public DeadLetter deadLetter(long offset) {
            return deadLetters.get(offset);
        }
    }
}
