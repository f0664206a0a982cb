package dev.hazina.bench.load;

import java.time.Duration;
import java.util.concurrent.locks.LockSupport;

import dev.hazina.harness.traffic.TrafficGenerator;
import dev.hazina.harness.traffic.TrafficRecord;

/**
 * Open-loop load at a fixed rate, as {@link dev.hazina.harness.traffic.LoadDriver} does it: record
 * {@code i} is due at {@code start + i / rate} whether or not the system has kept up, and carries
 * that intended time as its {@code requestedAt}. Unlike LoadDriver it runs for a duration and keeps
 * nothing it sent, so a long step at 16,000 TPS costs no memory.
 */
public final class OpenLoop {

    /** What was sent: how many, and how far behind schedule the sender itself fell at worst. */
    public record Run(long sent, long maxLagMs) {
    }

    private OpenLoop() {
    }

    /**
     * Sends at {@code rate} per second from {@code startMillis} (wall clock, the same instant as
     * {@code startNanos}) for {@code duration}.
     */
    public static Run run(SystemUnderTest system, TrafficGenerator traffic, int rate, long startNanos,
                          long startMillis, Duration duration) {
        long endNanos = startNanos + duration.toNanos();
        long maxLag = 0;
        long i = 0;
        while (true) {
            long dueNanos = startNanos + i * 1_000_000_000L / rate;
            if (dueNanos >= endNanos || Thread.currentThread().isInterrupted()) {
                break;
            }
            long wait = dueNanos - System.nanoTime();
            if (wait > 0) {
                LockSupport.parkNanos(wait);
            } else {
                maxLag = Math.max(maxLag, -wait);
            }
            long intendedMs = startMillis + (dueNanos - startNanos) / 1_000_000L;
            TrafficRecord record = traffic.next(intendedMs);
            system.submit(record, intendedMs);
            i++;
        }
        return new Run(i, maxLag / 1_000_000L);
    }
}
