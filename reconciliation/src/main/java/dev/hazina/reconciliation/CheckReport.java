package dev.hazina.reconciliation;

import dev.hazina.schemas.TransferStatus;
import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The result of one {@link LedgerChecker} run: what was seen, what was wrong, and the balances.
 *
 * @param requests             distinct requestIds submitted (0 when the requests were not known)
 * @param outcomesByStatus     original (non-duplicate) outcomes, one per requestId, by status; an
 *                             AUTHORIZE whose hold expired counts under PENDING and under EXPIRED
 * @param duplicatesAnswered   results with {@code duplicate=true}
 * @param entries              ledger entries checked
 * @param accounts             distinct accounts with at least one entry
 * @param violations           every breach found, in a deterministic order
 * @param finalBalances        per account, the balanceAfter of its latest posting, sorted by account id
 * @param totalsByCurrency     per currency, the sum of final balances (zero when money is conserved)
 * @param inTransitByCurrency  per currency, the sum of the {@code SYS.TRANSIT.*} shards: money in flight
 */
public record CheckReport(
        long requests,
        Map<TransferStatus, Long> outcomesByStatus,
        long duplicatesAnswered,
        long entries,
        long accounts,
        List<Violation> violations,
        Map<String, Long> finalBalances,
        Map<String, Long> totalsByCurrency,
        Map<String, Long> inTransitByCurrency) {

    public CheckReport {
        outcomesByStatus = outcomesByStatus.isEmpty()
                ? Map.of()
                : Collections.unmodifiableMap(new EnumMap<>(outcomesByStatus));
        violations = List.copyOf(violations);
        finalBalances = Collections.unmodifiableMap(new TreeMap<>(finalBalances));
        totalsByCurrency = Collections.unmodifiableMap(new TreeMap<>(totalsByCurrency));
        inTransitByCurrency = Collections.unmodifiableMap(new TreeMap<>(inTransitByCurrency));
    }

    /** True when no invariant is breached. */
    public boolean ok() {
        return violations.isEmpty();
    }

    /** True when no {@link Invariant#CONSERVATION} violation was found. */
    public boolean conservationOk() {
        return violations.stream().noneMatch(v -> v.is(Invariant.CONSERVATION));
    }

    /** True when every account's sequence and balanceAfter chain is intact. */
    public boolean sequencesOk() {
        return violations.stream().noneMatch(v -> v.is(Invariant.SEQUENCE_GAP) || v.is(Invariant.BALANCE_CHAIN));
    }

    /** The violations of one invariant. */
    public List<Violation> violationsOf(Invariant invariant) {
        return violations.stream().filter(v -> v.is(invariant)).toList();
    }

    /** The number of original outcomes with {@code status}. */
    public long outcomes(TransferStatus status) {
        return outcomesByStatus.getOrDefault(status, 0L);
    }

    /** A few lines for logs; unlike the record's fields, its size does not grow with the ledger. */
    public String summary() {
        StringBuilder text = new StringBuilder()
                .append(ok() ? "OK" : "FAILED: " + violations.size() + " violation(s)")
                .append("; requests=").append(requests)
                .append(", outcomes=").append(outcomesByStatus)
                .append(", duplicatesAnswered=").append(duplicatesAnswered)
                .append(", entries=").append(entries)
                .append(", accounts=").append(accounts)
                .append(", totals=").append(totalsByCurrency)
                .append(", inTransit=").append(inTransitByCurrency);
        violations.stream().limit(20).forEach(v -> text.append(System.lineSeparator()).append("  ").append(v));
        if (violations.size() > 20) {
            text.append(System.lineSeparator()).append("  ... and ").append(violations.size() - 20).append(" more");
        }
        return text.toString();
    }

    @Override
    public String toString() {
        return summary();
    }
}
