package dev.hazina.reconciliation;

import dev.hazina.schemas.LedgerLeg;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Saga-leg pairing, the {@link Invariant#LEG_PAIRING} check on the internal legs topic.
 *
 * <p>Always: a requestId has at most one CREDIT leg, and it is answered at most once (by one REFUND
 * or one CONFIRM), never without a CREDIT leg. A CREDIT leg commits before anything can answer it,
 * so an answer read without its CREDIT leg is a breach even mid-run. At quiescence: every CREDIT leg
 * is answered.
 */
final class LegChecks {

    private static final class Tally {
        private int credits;
        private int refunds;
        private int confirms;
    }

    private final Map<String, Tally> tallies = new LinkedHashMap<>();

    void accept(LedgerLeg leg) {
        Tally tally = tallies.computeIfAbsent(leg.getRequestId(), id -> new Tally());
        switch (leg.getLegType()) {
            case CREDIT -> tally.credits++;
            case REFUND -> tally.refunds++;
            case CONFIRM -> tally.confirms++;
            default -> throw new IllegalArgumentException("Unknown leg type " + leg.getLegType());
        }
    }

    /** The requestIds that have saga legs, in order of first appearance. */
    Set<String> requestIds() {
        return tallies.keySet();
    }

    void finish(boolean quiescent, List<Violation> violations) {
        tallies.forEach((requestId, tally) -> {
            int answers = tally.refunds + tally.confirms;
            String counts = " (" + tally.credits + " CREDIT, " + tally.refunds + " REFUND, " + tally.confirms + " CONFIRM)";
            if (tally.credits > 1) {
                violations.add(Violation.of(Invariant.LEG_PAIRING, requestId, "more than one CREDIT leg" + counts));
            }
            if (answers > 1) {
                violations.add(Violation.of(Invariant.LEG_PAIRING, requestId, "CREDIT leg answered more than once" + counts));
            } else if (answers == 1 && tally.credits == 0) {
                violations.add(Violation.of(Invariant.LEG_PAIRING, requestId, "answer without a CREDIT leg" + counts));
            } else if (quiescent && answers == 0 && tally.credits > 0) {
                violations.add(Violation.of(Invariant.LEG_PAIRING, requestId, "CREDIT leg never answered at quiescence" + counts));
            }
        });
    }
}
