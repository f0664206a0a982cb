package dev.hazina.topology;

import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.LongSupplier;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Logs dead letters without flooding the log when a producer goes bad: the first of each reason
 * in full, then one summary line per interval with the count per reason since the last one. The
 * exact totals are on the metrics endpoint ({@link LedgerMeters}).
 */
final class DeadLetterLog {

    private static final Logger LOG = LoggerFactory.getLogger(DeadLetterLog.class);
    static final long INTERVAL_MS = 30_000;

    private final LongSupplier clock;
    private final Map<String, Long> sinceSummary = new TreeMap<>();
    private final Set<String> seen = new HashSet<>();
    private long lastSummaryAt;

    DeadLetterLog(LongSupplier clock) {
        this.clock = clock;
        this.lastSummaryAt = clock.getAsLong();
    }

    /** Returns the line logged for this dead letter, or null when it only counted towards a summary. */
    synchronized String record(String where, String reason, String detail) {
        String line = null;
        if (seen.add(reason)) {
            line = "Dead-lettering " + where + ": " + reason + " (" + detail + "); further " + reason
                + " dead letters are summarised every " + INTERVAL_MS / 1000 + " s";
        } else {
            sinceSummary.merge(reason, 1L, Long::sum);
        }
        long now = clock.getAsLong();
        if (now - lastSummaryAt >= INTERVAL_MS && !sinceSummary.isEmpty()) {
            line = (line == null ? "" : line + "; ") + "dead letters in the last " + (now - lastSummaryAt) / 1000
                + " s: " + sinceSummary;
            sinceSummary.clear();
            lastSummaryAt = now;
        }
        if (line != null) {
            LOG.warn(line);
        }
        return line;
    }
}
