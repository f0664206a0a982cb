package dev.hazina.topology;

import java.time.Duration;

import org.apache.kafka.streams.state.KeyValueStore;

import dev.hazina.schemas.ReasonCode;

/**
 * The ledger's business clock on one task: the latest request timestamp it accepted, so it never
 * moves backwards for any account of the task. A record timestamp is a producer's claim: one more
 * than the skew behind this clock, or more than the skew ahead of the wall clock, is refused
 * {@code CLOCK_SKEW} and does not move the clock. Limits, the dedupe index and the reversal window
 * count from the time this clock gives a request. Kept in the offsets store under {@value #KEY}.
 */
final class BusinessClock {

    private static final String KEY = "clock";

    private final KeyValueStore<String, Long> store;
    private final long skewMs;

    BusinessClock(KeyValueStore<String, Long> store, long skewMs) {
        this.store = store;
        this.skewMs = skewMs;
    }

    /** The clock's time, or {@code Long.MIN_VALUE} before the task accepted anything. */
    long now() {
        Long clock = store.get(KEY);
        return clock == null ? Long.MIN_VALUE : clock;
    }

    /** Why {@code claimed} (a timestamp a producer set) cannot be trusted, or null when it is within the skew. */
    Rejection check(long claimed, long wallNow, String what) {
        Rejection ahead = checkNotAhead(claimed, wallNow, what);
        if (ahead != null) {
            return ahead;
        }
        long clock = now();
        if (clock != Long.MIN_VALUE && claimed < clock - skewMs) {
            return skewed(what, clock - claimed, "behind the ledger's business clock");
        }
        return null;
    }

    /** Why {@code claimed} cannot be trusted as a past instant: it is more than the skew ahead of the wall clock. */
    Rejection checkNotAhead(long claimed, long wallNow, String what) {
        if (claimed > AccountBook.saturatedAdd(wallNow, skewMs)) {
            return skewed(what, claimed - wallNow, "ahead of the ledger's wall clock");
        }
        return null;
    }

    /** Accepts {@code timestamp} and returns the business time of the request: never earlier than any before it. */
    long advance(long timestamp) {
        long clock = Math.max(now(), timestamp);
        store.put(KEY, clock);
        return clock;
    }

    private Rejection skewed(String what, long byMs, String where) {
        return new Rejection(ReasonCode.CLOCK_SKEW, what + " is " + Duration.ofMillis(byMs) + " " + where
            + ", more than the allowed skew of " + Duration.ofMillis(skewMs));
    }
}
