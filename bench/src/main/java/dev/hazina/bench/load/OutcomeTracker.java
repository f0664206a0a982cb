package dev.hazina.bench.load;

import java.util.concurrent.atomic.LongAdder;

import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;

/**
 * Counts what a system owes and what it has answered, and records end-to-end latency for the
 * requests whose intended send time falls in the current measurement window.
 *
 * <p>Latency is from a request's intended send time (the open-loop schedule, carried in the request)
 * to the moment its first outcome became visible to the channel, so a stall delays every request
 * scheduled during it and coordinated omission cannot hide it. Thread-safe: the pacer, the result
 * consumers and PostgreSQL's client threads all report here.
 */
public final class OutcomeTracker {

    /** Latencies up to an hour, in milliseconds, three significant digits. */
    private static final long MAX_LATENCY_MS = 3_600_000L;

    private final LongAdder owed = new LongAdder();
    private final LongAdder answered = new LongAdder();
    private final LongAdder windowOwed = new LongAdder();
    private final LongAdder windowAnswered = new LongAdder();
    private final Recorder latencies = new Recorder(1, MAX_LATENCY_MS, 3);
    private final Histogram window = new Histogram(1, MAX_LATENCY_MS, 3);
    private volatile long windowStartMs = Long.MAX_VALUE;
    private volatile long windowEndMs = Long.MAX_VALUE;

    /**
     * A request was sent. {@code owed}: an outcome will come back for it (not for bytes that are
     * dead-lettered). {@code first}: its outcome is a first outcome, not the answer to a retry.
     */
    public void submitted(long intendedMs, boolean owed, boolean first) {
        if (owed) {
            this.owed.increment();
            if (first && inWindow(intendedMs)) {
                windowOwed.increment();
            }
        }
    }

    /** An outcome became visible at {@code seenMs}; {@code first} when it is not a duplicate answer. */
    public void answered(long intendedMs, long seenMs, boolean first) {
        answered.increment();
        if (first && inWindow(intendedMs)) {
            latencies.recordValue(Math.min(MAX_LATENCY_MS, Math.max(1, seenMs - intendedMs)));
            windowAnswered.increment();
        }
    }

    private boolean inWindow(long intendedMs) {
        return intendedMs >= windowStartMs && intendedMs < windowEndMs;
    }

    /** Owed outcomes not yet seen. */
    public long outstanding() {
        return owed.sum() - answered.sum();
    }

    public long owed() {
        return owed.sum();
    }

    public long answered() {
        return answered.sum();
    }

    /** Starts a new measurement window: requests intended for {@code [startMs, endMs)} are measured. */
    public synchronized void openWindow(long startMs, long endMs) {
        latencies.getIntervalHistogram();
        window.reset();
        windowOwed.reset();
        windowAnswered.reset();
        windowStartMs = startMs;
        windowEndMs = endMs;
    }

    /** The window's latencies so far. */
    public synchronized Histogram windowLatencies() {
        window.add(latencies.getIntervalHistogram());
        return window.copy();
    }

    /** First outcomes owed for requests intended in the window. */
    public long windowOwed() {
        return windowOwed.sum();
    }

    /** First outcomes seen for requests intended in the window. */
    public long windowAnswered() {
        return windowAnswered.sum();
    }
}
