package dev.hazina.reconciliation;

import dev.hazina.schemas.AccountEvent;
import dev.hazina.schemas.AccountLimits;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The balance bounds of each account over time, from the accepted {@link AccountEvent}s.
 *
 * <p>A posting is held to the limits in force when it was posted: those of the latest event decided
 * strictly before its {@code postedAt}. Events decided in the same millisecond as the posting may
 * have come before or after it, so the loosest of those and the previous limits apply. A posting
 * older than every known event (say the account's first events were compacted away) is held to the
 * loosest limits ever seen for the account. Accounts without any event have unknown limits and are
 * not bound-checked.
 */
final class LimitsHistory {

    /** No maximum balance. */
    static final long UNBOUNDED = Long.MAX_VALUE;

    /** The bounds on one account's balance: {@code -overdraftLimit <= balance <= maxBalance}. */
    record Bounds(long overdraftLimit, long maxBalance) {

        Bounds loosest(Bounds other) {
            return new Bounds(Math.max(overdraftLimit, other.overdraftLimit), Math.max(maxBalance, other.maxBalance));
        }
    }

    private record Change(long decidedAt, Bounds bounds) { }

    /** One account's limit changes, sorted by time, with the loosest bounds ever seen. */
    private record Timeline(long[] times, Bounds[] bounds, Bounds loosest) {

        Bounds at(long postedAt) {
            int first = firstAtOrAfter(postedAt);
            if (first == 0) {
                // Posted before (or in the same millisecond as) the first known event.
                return loosest;
            }
            Bounds result = bounds[first - 1];
            for (int i = first; i < times.length && times[i] == postedAt; i++) {
                result = result.loosest(bounds[i]);
            }
            return result;
        }

        private int firstAtOrAfter(long time) {
            int low = 0;
            int high = times.length;
            while (low < high) {
                int mid = (low + high) >>> 1;
                if (times[mid] < time) {
                    low = mid + 1;
                } else {
                    high = mid;
                }
            }
            return low;
        }
    }

    private final Map<String, Timeline> timelines;

    private LimitsHistory(Map<String, Timeline> timelines) {
        this.timelines = timelines;
    }

    static LimitsHistory of(List<AccountEvent> events) {
        Map<String, List<Change>> changes = new HashMap<>();
        for (AccountEvent event : events) {
            if (event.getAccepted() && event.getAccount() != null && event.getAccount().getLimits() != null) {
                changes.computeIfAbsent(event.getAccountId(), id -> new ArrayList<>())
                        .add(new Change(event.getDecidedAt(), bounds(event.getAccount().getLimits())));
            }
        }
        Map<String, Timeline> timelines = new HashMap<>(changes.size() * 2);
        changes.forEach((account, list) -> timelines.put(account, timeline(list)));
        return new LimitsHistory(timelines);
    }

    /** The bounds that applied to {@code accountId} at {@code postedAt}, or null when unknown. */
    Bounds at(String accountId, long postedAt) {
        Timeline timeline = timelines.get(accountId);
        return timeline == null ? null : timeline.at(postedAt);
    }

    private static Bounds bounds(AccountLimits limits) {
        Long max = limits.getMaxBalance();
        return new Bounds(limits.getOverdraftLimit(), max == null ? UNBOUNDED : max);
    }

    private static Timeline timeline(List<Change> changes) {
        // A stable sort keeps same-millisecond events in the order they were read.
        changes.sort(Comparator.comparingLong(Change::decidedAt));
        long[] times = new long[changes.size()];
        Bounds[] bounds = new Bounds[changes.size()];
        for (int i = 0; i < times.length; i++) {
            times[i] = changes.get(i).decidedAt();
            bounds[i] = changes.get(i).bounds();
        }
        Bounds loosest = Arrays.stream(bounds).reduce(Bounds::loosest).orElseThrow();
        return new Timeline(times, bounds, loosest);
    }
}
