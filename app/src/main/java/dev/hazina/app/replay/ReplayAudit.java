package dev.hazina.app.replay;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import dev.hazina.app.replay.RequestRange.Requested;
import dev.hazina.schemas.DeadLetter;
import dev.hazina.schemas.ReasonCode;
import dev.hazina.schemas.TransferResult;
import dev.hazina.schemas.TransferStatus;

/**
 * The audit diff of a replay: for each record of the range, the ledger's original answer and its
 * answer to the replayed copy. An answer is the same when it is the original outcome again, marked
 * duplicate (or, for a record the ledger dead-lettered, a dead letter with the same reason). Anything
 * else is a defect, except a request past the dedupe horizon replayed with {@code --force}, which the
 * ledger no longer knows and refuses {@code REQUEST_TOO_OLD}.
 */
public final class ReplayAudit {

    /** What became of one record. */
    public enum Verdict { SAME, DIFFERENT, UNANSWERED, FORGOTTEN, NOT_SENT }

    /** The ledger's answers, read from its outputs. */
    interface Answers {
        List<TransferResult> results(String requestId);

        DeadLetter deadLetter(long offset);
    }

    /** One line of the diff. {@code replayOffset} is -1 for a record not sent. */
    public record Line(long offset, long replayOffset, String requestId, String original, String replay, Verdict verdict) {
    }

    private ReplayAudit() {
    }

    /** Whether the ledger gave {@code record} an answer the replay can be checked against. */
    static boolean answered(Requested record, Answers originals) {
        return originals.deadLetter(record.offset()) != null
            || record.request() != null && !originals.results(record.request().getRequestId()).isEmpty();
    }

    /**
     * Judges each record: {@code replayOffsets} maps an original offset to the offset of its copy
     * (records without one were not sent); {@code replays} are the answers written after the copies were sent.
     */
    static List<Line> judge(List<Requested> records, Map<Long, Long> replayOffsets, Answers originals, Answers replays,
                            boolean forced) {
        Map<String, Integer> answersTaken = new HashMap<>();
        List<Line> lines = new ArrayList<>();
        for (Requested record : records) {
            String requestId = record.request() == null ? "(unreadable)" : record.request().getRequestId();
            Long replayOffset = replayOffsets.get(record.offset());
            DeadLetter lettered = originals.deadLetter(record.offset());
            if (replayOffset == null) {
                lines.add(new Line(record.offset(), -1, requestId, "none found", "not sent", Verdict.NOT_SENT));
            } else if (lettered != null) {
                DeadLetter again = replays.deadLetter(replayOffset);
                String was = "dead letter " + lettered.getReason();
                lines.add(again == null
                    ? new Line(record.offset(), replayOffset, requestId, was, "none", Verdict.UNANSWERED)
                    : new Line(record.offset(), replayOffset, requestId, was, "dead letter " + again.getReason(),
                        again.getReason().equals(lettered.getReason()) ? Verdict.SAME : Verdict.DIFFERENT));
            } else {
                int taken = answersTaken.merge(requestId, 1, Integer::sum) - 1;
                List<TransferResult> before = originals.results(requestId);
                List<TransferResult> after = replays.results(requestId);
                TransferResult answer = taken < after.size() ? after.get(taken) : null;
                lines.add(new Line(record.offset(), replayOffset, requestId, describe(first(before)),
                    answer == null ? "none" : describe(answer), verdict(before, answer, forced)));
            }
        }
        return lines;
    }

    static Map<Verdict, Integer> count(List<Line> lines) {
        Map<Verdict, Integer> counts = new EnumMap<>(Verdict.class);
        for (Verdict verdict : Verdict.values()) {
            counts.put(verdict, 0);
        }
        lines.forEach(line -> counts.merge(line.verdict(), 1, Integer::sum));
        return counts;
    }

    /** True when nothing in the diff is a defect: every sent record was answered as before (or forgotten, if forced). */
    static boolean clean(Map<Verdict, Integer> counts) {
        return counts.get(Verdict.DIFFERENT) == 0 && counts.get(Verdict.UNANSWERED) == 0;
    }

    private static Verdict verdict(List<TransferResult> before, TransferResult answer, boolean forced) {
        if (answer == null) {
            return Verdict.UNANSWERED;
        }
        if (forced && answer.getStatus() == TransferStatus.UNKNOWN && answer.getReason() == ReasonCode.REQUEST_TOO_OLD) {
            return Verdict.FORGOTTEN;
        }
        TransferResult again = comparable(answer);
        return answer.getDuplicate() && before.stream().map(ReplayAudit::comparable).anyMatch(again::equals)
            ? Verdict.SAME : Verdict.DIFFERENT;
    }

    /** An answer as the ledger repeats it: the duplicate flag aside, and a modified retry's refusal is new each time. */
    private static TransferResult comparable(TransferResult result) {
        TransferResult.Builder copy = TransferResult.newBuilder(result).setDuplicate(false);
        if (result.getReason() == ReasonCode.REQUEST_MODIFIED) {
            copy.setDecidedAt(0);
        }
        return copy.build();
    }

    private static TransferResult first(List<TransferResult> results) {
        return results.stream().filter(result -> !result.getDuplicate()).findFirst()
            .orElse(results.isEmpty() ? null : results.get(0));
    }

    private static String describe(TransferResult result) {
        if (result == null) {
            return "none";
        }
        return result.getStatus() + (result.getReason() == null ? "" : " " + result.getReason())
            + (result.getDuplicate() ? " (duplicate)" : "");
    }
}
