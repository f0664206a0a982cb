package dev.hazina.harness.chaos;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonProperty;

import dev.hazina.reconciliation.Violation;
import dev.hazina.reconciliation.stream.ReconciliationStatus;
import dev.hazina.schemas.ReconciliationAlert;
import dev.hazina.schemas.ReconciliationAlertStatus;

/**
 * The verdict on what the reconciliation stream said during a chaos run. The chaos explains an alert
 * only as a transient one: a saga stuck through a failover, a partition that lagged past a quiet
 * period. So every RAISED alert must be followed by its CLEARED (same check and subject), and the
 * stream's final status must have no alert open. Findings, each a {@link #RECONCILIATION_ALERT} violation:
 * <ul>
 *   <li>an alert still open at the end (its last record is RAISED), with the evidence it was raised with;</li>
 *   <li>a CLEARED with no RAISED before it (the raise was lost);</li>
 *   <li>any alert about a hostile request that posted nothing (dead-lettered or refused), which no
 *       failover can explain;</li>
 *   <li>a final status with open alerts.</li>
 * </ul>
 * The alerts are in topic order; the topic is keyed by check, so each check's alerts are in the order
 * they were published.
 */
final class ReconciliationVerdict {

    /** Invariant name: an alert the chaos does not explain. */
    static final String RECONCILIATION_ALERT = "RECONCILIATION_ALERT";

    /**
     * The reconciliation part of the chaos report: alerts raised and cleared per check, those left open,
     * the stream's final status and its restarts.
     */
    record Summary(Map<String, Long> raised,
                   Map<String, Long> cleared,
                   @JsonProperty("open_at_end") long openAtEnd,
                   @JsonProperty("final_status") String finalStatus,
                   @JsonProperty("restart_seconds") List<Double> restartSeconds,
                   @JsonIgnore List<Violation> violations) {

        long raisedTotal() {
            return raised.values().stream().mapToLong(Long::longValue).sum();
        }

        long clearedTotal() {
            return cleared.values().stream().mapToLong(Long::longValue).sum();
        }
    }

    /**
     * What the stream said: every record of the alerts topic in topic order, its status once caught up,
     * and how long each of its restarts took.
     */
    record Said(List<ReconciliationAlert> alerts, ReconciliationStatus finalStatus, List<Double> restartSeconds) {
    }

    private ReconciliationVerdict() {
    }

    /**
     * Judges what the stream {@code said}, given {@code silentRequests}: hostile requests that posted
     * nothing, so that no alert may name them.
     */
    static Summary judge(Said said, Set<String> silentRequests) {
        ReconciliationStatus finalStatus = said.finalStatus();
        Map<String, Long> raised = new TreeMap<>();
        Map<String, Long> cleared = new TreeMap<>();
        Map<String, ReconciliationAlert> open = new LinkedHashMap<>();
        List<Violation> violations = new ArrayList<>();
        for (ReconciliationAlert alert : said.alerts()) {
            String key = alert.getCheck() + " " + alert.getSubject();
            if (alert.getStatus() == ReconciliationAlertStatus.RAISED) {
                raised.merge(alert.getCheck(), 1L, Long::sum);
                open.put(key, alert);
            } else {
                cleared.merge(alert.getCheck(), 1L, Long::sum);
                if (open.remove(key) == null) {
                    violations.add(violation(key, "CLEARED without a RAISED before it: " + alert.getDetail()));
                }
            }
            String request = requestOf(alert);
            if (request != null && silentRequests.contains(request)) {
                violations.add(violation(key, "names hostile request " + request + ", which posted nothing: "
                    + alert.getStatus() + " " + alert.getDetail()));
            }
        }
        open.forEach((key, alert) -> violations.add(violation(key, "RAISED and never CLEARED: " + alert.getDetail()
            + " (detected at " + alert.getDetectedAt() + ")")));
        if (finalStatus.open() > 0) {
            violations.add(violation("status", "the stream's final status has open alerts: " + finalStatus));
        }
        return new Summary(raised, cleared, open.size(), finalStatus.toString(), List.copyOf(said.restartSeconds()),
            List.copyOf(violations));
    }

    /** The request an alert is about: its transferId, else the part of a {@code requestId/leg} subject before the slash. */
    private static String requestOf(ReconciliationAlert alert) {
        if (alert.getTransferId() != null) {
            return alert.getTransferId();
        }
        int slash = alert.getSubject().indexOf('/');
        return slash > 0 ? alert.getSubject().substring(0, slash) : null;
    }

    private static Violation violation(String subject, String detail) {
        return new Violation(RECONCILIATION_ALERT, subject, detail);
    }
}
