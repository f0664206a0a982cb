package dev.hazina.reconciliation.stream;

import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * The alerts open on this instance's tasks, per check: the live status and its meters. Processors
 * report what they publish, and on (re)assignment restore what their stores say is open, so the
 * status survives a restart; a task that moves away releases its subjects.
 *
 * <p>Meters: {@code hazina_reconciliation_open_alerts{check}}, {@code hazina_reconciliation_status}
 * (0 OK, 1 ALERT), {@code hazina_reconciliation_alerts_total{check,status}} and
 * {@code hazina_reconciliation_judged_total{check}}.
 *
 * <p>Caveat: the counts are this JVM's; with several instances, sum them (Prometheus does).
 */
public final class OpenAlerts {

    public static final String OPEN_ALERTS = "hazina.reconciliation.open.alerts";
    public static final String STATUS = "hazina.reconciliation.status";
    public static final String ALERTS = "hazina.reconciliation.alerts";
    public static final String JUDGED = "hazina.reconciliation.judged";

    private final Map<Check, Set<String>> open = new EnumMap<>(Check.class);
    private final Map<Check, Counter> raisedCounters = new EnumMap<>(Check.class);
    private final Map<Check, Counter> clearedCounters = new EnumMap<>(Check.class);
    private final Map<Check, Counter> judgedCounters = new EnumMap<>(Check.class);
    private final AtomicLong raised = new AtomicLong();
    private final AtomicLong cleared = new AtomicLong();
    private final AtomicLong judged = new AtomicLong();

    public OpenAlerts() {
        for (Check check : Check.values()) {
            open.put(check, ConcurrentHashMap.newKeySet());
        }
    }

    /** Registers the meters in {@code registry}; call once, before the stream starts. */
    public OpenAlerts bindTo(MeterRegistry registry) {
        for (Check check : Check.values()) {
            Gauge.builder(OPEN_ALERTS, open.get(check), Set::size).tag("check", check.id())
                .description("Reconciliation alerts open on this instance, by check").register(registry);
            raisedCounters.put(check, Counter.builder(ALERTS).tag("check", check.id()).tag("status", "RAISED")
                .description("Reconciliation alerts published").register(registry));
            clearedCounters.put(check, Counter.builder(ALERTS).tag("check", check.id()).tag("status", "CLEARED")
                .description("Reconciliation alerts published").register(registry));
            judgedCounters.put(check, Counter.builder(JUDGED).tag("check", check.id())
                .description("Subjects judged by a reconciliation check, clean or not").register(registry));
        }
        Gauge.builder(STATUS, this, alerts -> alerts.status().state() == ReconciliationStatus.State.OK ? 0 : 1)
            .description("Reconciliation status of this instance: 0 OK, 1 ALERT").register(registry);
        return this;
    }

    void raised(Check check, String subject) {
        open.get(check).add(subject);
        raised.incrementAndGet();
        count(raisedCounters, check);
    }

    void cleared(Check check, String subject) {
        open.get(check).remove(subject);
        cleared.incrementAndGet();
        count(clearedCounters, check);
    }

    void judged(Check check) {
        judged.incrementAndGet();
        count(judgedCounters, check);
    }

    /** A subject a store says is open, on task (re)assignment: counted open, not published again. */
    void restore(Check check, String subject) {
        open.get(check).add(subject);
    }

    /** A subject of a task that closed here (it moved, or the stream stopped). */
    void release(Check check, String subject) {
        open.get(check).remove(subject);
    }

    public ReconciliationStatus status() {
        Map<String, Integer> counts = new LinkedHashMap<>();
        open.forEach((check, subjects) -> counts.put(check.id(), subjects.size()));
        boolean ok = counts.values().stream().allMatch(count -> count == 0);
        return new ReconciliationStatus(ok ? ReconciliationStatus.State.OK : ReconciliationStatus.State.ALERT, counts,
            raised.get(), cleared.get(), judged.get());
    }

    private static void count(Map<Check, Counter> counters, Check check) {
        Counter counter = counters.get(check);
        if (counter != null) {
            counter.increment();
        }
    }
}
