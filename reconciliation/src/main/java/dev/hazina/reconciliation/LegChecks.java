package dev.hazina.reconciliation;

import dev.hazina.schemas.LedgerLeg;
import dev.hazina.schemas.LegType;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Saga-leg pairing, the {@link Invariant#LEG_PAIRING} check on the internal legs topic.
 *
 * <p>A saga step that moves money (or asks for it) to another partition is answered exactly once:
 * <ul>
 *   <li>CREDIT by one REFUND or one CONFIRM;</li>
 *   <li>REVERSAL_DEBIT by one REVERSAL_CREDIT or one REVERSAL_REFUSED;</li>
 *   <li>TOPUP_DEBIT by one TOPUP_CREDIT or one TOPUP_REFUSED.</li>
 * </ul>
 * Always: a requestId has at most one leg of each asking type, each is answered at most once, and
 * never without the leg it answers (that leg commits before anything can answer it, so an answer
 * read without it is a breach even mid-run). A TOPUP_REFUND (a landed top-up going back) needs no
 * answer, but comes at most once and only after a TOPUP_CREDIT. At quiescence: every asking leg is
 * answered.
 */
final class LegChecks {

    /** The legs that ask another partition to act, and the legs that answer each. */
    private static final Map<LegType, Set<LegType>> ANSWERS = new EnumMap<>(Map.of(
            LegType.CREDIT, EnumSet.of(LegType.REFUND, LegType.CONFIRM),
            LegType.REVERSAL_DEBIT, EnumSet.of(LegType.REVERSAL_CREDIT, LegType.REVERSAL_REFUSED),
            LegType.TOPUP_DEBIT, EnumSet.of(LegType.TOPUP_CREDIT, LegType.TOPUP_REFUSED)));

    private final Map<String, Map<LegType, Integer>> tallies = new LinkedHashMap<>();

    void accept(LedgerLeg leg) {
        tallies.computeIfAbsent(leg.getRequestId(), id -> new EnumMap<>(LegType.class))
                .merge(leg.getLegType(), 1, Integer::sum);
    }

    /** The requestIds that have saga legs, in order of first appearance. */
    Set<String> requestIds() {
        return tallies.keySet();
    }

    void finish(boolean quiescent, List<Violation> violations) {
        tallies.forEach((requestId, counts) -> {
            String seen = " (" + counts + ")";
            ANSWERS.forEach((asking, answering) -> {
                int asked = counts.getOrDefault(asking, 0);
                int answers = answering.stream().mapToInt(type -> counts.getOrDefault(type, 0)).sum();
                if (asked > 1) {
                    violations.add(Violation.of(Invariant.LEG_PAIRING, requestId, "more than one " + asking + " leg" + seen));
                }
                if (answers > 1) {
                    violations.add(Violation.of(Invariant.LEG_PAIRING, requestId, asking + " leg answered more than once" + seen));
                } else if (answers == 1 && asked == 0) {
                    violations.add(Violation.of(Invariant.LEG_PAIRING, requestId, "answer without a " + asking + " leg" + seen));
                } else if (quiescent && answers == 0 && asked > 0) {
                    violations.add(Violation.of(Invariant.LEG_PAIRING, requestId, asking + " leg never answered at quiescence" + seen));
                }
            });
            int returned = counts.getOrDefault(LegType.TOPUP_REFUND, 0);
            if (returned > 1 || (returned == 1 && counts.getOrDefault(LegType.TOPUP_CREDIT, 0) == 0)) {
                violations.add(Violation.of(Invariant.LEG_PAIRING, requestId, "TOPUP_REFUND without a landed top-up" + seen));
            }
        });
    }
}
