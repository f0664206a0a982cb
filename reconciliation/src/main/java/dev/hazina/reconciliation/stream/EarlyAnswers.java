package dev.hazina.reconciliation.stream;

import java.time.Duration;

/**
 * How long a check remembers an answer that arrived before what it answers (regrouped from another
 * partition, the two race): until both the wall clock and the stream's own time are at least ten of
 * the check's periods, and an hour, past it. The thing answered always comes; a stream restarted or
 * lagging has it still ahead of it, so the wall clock alone never decides.
 */
final class EarlyAnswers {

    private static final int PERIODS = 10;
    private static final long AT_LEAST_MS = Duration.ofHours(1).toMillis();

    private final long forgetMs;

    EarlyAnswers(long periodMs) {
        this.forgetMs = Math.max(Math.multiplyExact(periodMs, PERIODS), AT_LEAST_MS);
    }

    /** How long, at least, an early answer is kept. */
    long forgetMs() {
        return forgetMs;
    }

    /**
     * True when an answer the stream saw at {@code seenAt} (wall clock), stamped {@code answeredAt}
     * (the ledger's time), may be forgotten now.
     */
    boolean mayForget(long seenAt, long answeredAt, long now, long streamTime) {
        return now - seenAt >= forgetMs && streamTime - answeredAt >= forgetMs;
    }
}
