package dev.hazina.reconciliation;

import dev.hazina.schemas.ReasonCode;
import dev.hazina.schemas.TransferRequest;
import dev.hazina.schemas.TransferResult;
import dev.hazina.schemas.TransferStatus;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Checks on the results topic: {@link Invariant#ONE_OUTCOME}, {@link Invariant#DUPLICATE_ANSWER},
 * {@link Invariant#MISSING_OUTCOME}, {@link Invariant#REJECTED_POSTED}, and the
 * REVERSED-has-refund-entries half of {@link Invariant#LEG_PAIRING}.
 *
 * <p>The first non-duplicate result for a requestId is its original outcome. A later result answers a
 * retry when it has {@code duplicate=true}, or when it is a {@code REJECTED REQUEST_MODIFIED}: the
 * design answers a retry with different content that way, so that answer need not repeat the
 * original. Every other retry answer must repeat the original status and reason.
 *
 * <p>One exception to "one outcome": an AUTHORIZE's outcome is PENDING, and a hold that is neither
 * captured nor voided in time later expires, which the ledger reports as a single, non-duplicate
 * EXPIRED result for the AUTHORIZE's requestId. So PENDING followed by exactly one EXPIRED is
 * allowed; any other second outcome (an EXPIRED without a PENDING before it, a second EXPIRED) is a
 * {@link Invariant#ONE_OUTCOME} breach. Retries of an AUTHORIZE are answered with PENDING, its
 * outcome, even after the hold expired. A capture or void is a request of its own with its own outcome.
 *
 * <p>A REVERSED outcome must come with REFUND entries, but only at quiescence: a transfer whose
 * top-up landed after its payer could no longer be debited is REVERSED on the payer's partition while
 * the top-up's refund is still on its way to the funder's.
 */
final class OutcomeChecks {

    private final Set<String> submitted = new HashSet<>();
    private final Map<String, TransferResult> originals = new HashMap<>();
    private final Set<String> expired = new HashSet<>();
    private final Map<TransferStatus, Long> outcomesByStatus = new EnumMap<>(TransferStatus.class);
    /** RequestIds answered UNKNOWN (older than the dedupe horizon): answered, with no outcome. */
    private final Set<String> answeredUnknown = new HashSet<>();
    private final List<TransferResult> retryAnswers = new ArrayList<>();
    private final List<Violation> violations;

    OutcomeChecks(List<Violation> violations) {
        this.violations = violations;
    }

    /** Checks {@code results} against {@code requests} (which may be empty when unknown). */
    void check(List<TransferRequest> requests, List<TransferResult> results) {
        for (TransferRequest request : requests) {
            submitted.add(request.getRequestId());
        }
        for (TransferResult result : results) {
            acceptResult(result);
        }
        for (TransferResult answer : retryAnswers) {
            checkRetryAnswer(answer);
        }
    }

    /** Checks what each original outcome implies for the transfer's postings. */
    void checkPostings(List<TransferResult> results, Map<String, TransferChecks.Tally> tallies, boolean quiescent) {
        for (TransferResult result : results) {
            if (originals.get(result.getRequestId()) != result) {
                continue;
            }
            TransferChecks.Tally tally = tallies.get(result.getRequestId());
            if (result.getStatus() == TransferStatus.REJECTED && tally != null) {
                violations.add(Violation.of(Invariant.REJECTED_POSTED, result.getRequestId(),
                        "REJECTED " + result.getReason() + " but " + tally.entries() + " entries were posted"));
            } else if (quiescent && result.getStatus() == TransferStatus.REVERSED && (tally == null || !tally.refunded())) {
                violations.add(Violation.of(Invariant.LEG_PAIRING, result.getRequestId(),
                        "REVERSED " + result.getReason() + " but no REFUND entries were posted"));
            }
        }
    }

    /** At quiescence: every submitted, posted or in-saga requestId has its outcome. */
    void checkMissing(List<TransferRequest> requests, Iterable<String> postedTransfers, Iterable<String> legRequests) {
        Set<String> reported = new HashSet<>();
        for (TransferRequest request : requests) {
            missing(request.getRequestId(), "was submitted but never answered", reported);
        }
        for (String transferId : postedTransfers) {
            missing(transferId, "has ledger entries but no outcome", reported);
        }
        for (String requestId : legRequests) {
            missing(requestId, "has saga legs but no outcome", reported);
        }
    }

    long requests() {
        return submitted.size();
    }

    long duplicatesAnswered() {
        return retryAnswers.size();
    }

    Map<TransferStatus, Long> outcomesByStatus() {
        return outcomesByStatus;
    }

    private void acceptResult(TransferResult result) {
        String requestId = result.getRequestId();
        TransferResult original = originals.get(requestId);
        if (result.getStatus() == TransferStatus.UNKNOWN || result.getReason() == ReasonCode.REQUEST_TOO_OLD) {
            // Not an outcome: the ledger no longer knew the requestId and did nothing with that message
            // (REJECTED REQUEST_TOO_OLD is how it says so while hazina.upgrade.from=0.1).
            answeredUnknown.add(requestId);
            return;
        }
        if (result.getDuplicate() || (original != null && isModifiedRetryAnswer(result))) {
            retryAnswers.add(result);
        } else if (original == null) {
            originals.put(requestId, result);
            outcomesByStatus.merge(result.getStatus(), 1L, Long::sum);
            if (!submitted.isEmpty() && !submitted.contains(requestId)) {
                violations.add(Violation.of(Invariant.ONE_OUTCOME, requestId,
                        "outcome " + result.getStatus() + " for a request that was never submitted"));
            }
        } else if (isExpiryOfHold(original, result) && expired.add(requestId)) {
            outcomesByStatus.merge(result.getStatus(), 1L, Long::sum);
        } else {
            violations.add(Violation.of(Invariant.ONE_OUTCOME, requestId,
                    "second outcome " + describe(result) + " after " + describe(original)
                            + (expired.contains(requestId) ? " and EXPIRED" : "")));
        }
    }

    private void checkRetryAnswer(TransferResult answer) {
        String requestId = answer.getRequestId();
        TransferResult original = originals.get(requestId);
        if (original == null) {
            violations.add(Violation.of(Invariant.DUPLICATE_ANSWER, requestId,
                    "retry answered " + describe(answer) + " but the request has no original outcome"));
        } else if (!isModifiedRetryAnswer(answer)
                && (answer.getStatus() != original.getStatus() || !Objects.equals(answer.getReason(), original.getReason()))) {
            violations.add(Violation.of(Invariant.DUPLICATE_ANSWER, requestId,
                    "retry answered " + describe(answer) + " but the original outcome was " + describe(original)));
        }
    }

    private void missing(String requestId, String why, Set<String> reported) {
        if (!originals.containsKey(requestId) && !answeredUnknown.contains(requestId) && reported.add(requestId)) {
            violations.add(Violation.of(Invariant.MISSING_OUTCOME, requestId, why));
        }
    }

    /** The one later result a PENDING hold may get: its expiry. */
    private static boolean isExpiryOfHold(TransferResult original, TransferResult result) {
        return original.getStatus() == TransferStatus.PENDING && result.getStatus() == TransferStatus.EXPIRED;
    }

    private static boolean isModifiedRetryAnswer(TransferResult result) {
        return result.getStatus() == TransferStatus.REJECTED && result.getReason() == ReasonCode.REQUEST_MODIFIED;
    }

    private static String describe(TransferResult result) {
        return result.getReason() == null ? result.getStatus().toString() : result.getStatus() + " " + result.getReason();
    }
}
