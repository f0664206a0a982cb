package dev.hazina.reconciliation;

import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * The {@link Invariant#CONSERVATION} check over final balances. Money in flight sits in the
 * {@code SYS.TRANSIT.*} shards, so all balances sum to zero per currency at every committed point.
 * A single transit shard may be negative (the payee's side debits it), but their sum is the money in
 * flight: never negative, and zero at quiescence.
 */
final class Conservation {

    static final String TRANSIT_PREFIX = "SYS.TRANSIT.";

    private final Map<String, Long> totals = new HashMap<>();
    private final Map<String, Long> inTransit = new HashMap<>();
    private final Set<String> overflowed = new HashSet<>();

    Conservation(Map<String, AccountChecks.Cursor> cursors) {
        cursors.forEach((account, cursor) -> {
            add(totals, cursor.currency(), cursor.balance());
            inTransit.putIfAbsent(cursor.currency(), 0L);
            if (account.startsWith(TRANSIT_PREFIX)) {
                add(inTransit, cursor.currency(), cursor.balance());
            }
        });
    }

    Map<String, Long> totals() {
        return totals;
    }

    Map<String, Long> inTransit() {
        return inTransit;
    }

    void check(boolean quiescent, List<Violation> violations) {
        for (String currency : new TreeSet<>(overflowed)) {
            violations.add(Violation.of(Invariant.CONSERVATION, currency, "the sum of balances overflows a long"));
        }
        for (String currency : new TreeSet<>(totals.keySet())) {
            long total = totals.get(currency);
            if (total != 0 && !overflowed.contains(currency)) {
                violations.add(Violation.of(Invariant.CONSERVATION, currency, "balances sum to " + total + ", not 0"));
            }
            long transit = inTransit.getOrDefault(currency, 0L);
            if (transit < 0) {
                violations.add(Violation.of(Invariant.CONSERVATION, currency, "transit shards sum to " + transit + ", below 0"));
            } else if (quiescent && transit != 0) {
                violations.add(Violation.of(Invariant.CONSERVATION, currency, transit + " still in transit at quiescence"));
            }
        }
    }

    private void add(Map<String, Long> sums, String currency, long amount) {
        try {
            sums.merge(currency, amount, Math::addExact);
        } catch (ArithmeticException overflow) {
            overflowed.add(currency);
        }
    }
}
