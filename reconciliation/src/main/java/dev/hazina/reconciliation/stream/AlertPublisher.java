package dev.hazina.reconciliation.stream;

import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.hazina.schemas.ReconciliationAlert;
import dev.hazina.schemas.ReconciliationAlertStatus;

/**
 * Publishes a check's alerts downstream, keyed by check and stamped with the wall clock (the
 * stream's business clock; never the input's producer timestamp), and keeps {@link OpenAlerts} in step.
 * The open subjects of each task are kept in the check's own small store
 * ({@link ReconciliationStores#openStore(Check)}), so the live status is restored when a task is
 * assigned here and released when it moves away.
 */
final class AlertPublisher {

    private static final Logger LOG = LoggerFactory.getLogger(AlertPublisher.class);

    private final Check check;
    private final OpenAlerts openAlerts;
    private ProcessorContext<String, ReconciliationAlert> context;
    private KeyValueStore<String, Long> open;

    AlertPublisher(Check check, OpenAlerts openAlerts) {
        this.check = check;
        this.openAlerts = openAlerts;
    }

    void init(ProcessorContext<String, ReconciliationAlert> context) {
        this.context = context;
        this.open = context.getStateStore(ReconciliationStores.openStore(check));
        try (KeyValueIterator<String, Long> all = open.all()) {
            all.forEachRemaining(kv -> openAlerts.restore(check, kv.key));
        }
    }

    /** Releases this task's open subjects from the live status; call from the processor's close. */
    void close() {
        try (KeyValueIterator<String, Long> all = open.all()) {
            all.forEachRemaining(kv -> openAlerts.release(check, kv.key));
        }
    }

    /** The task's stream time: the newest record timestamp it has processed (the ledger's own clock). */
    long streamTime() {
        return context.currentStreamTimeMs();
    }

    long now() {
        return context.currentSystemTimeMs();
    }

    /** A builder for an alert about {@code subject}, with check, status, detail and time filled in. */
    ReconciliationAlert.Builder alert(String subject, ReconciliationAlertStatus status, String detail) {
        return ReconciliationAlert.newBuilder().setCheck(check.id()).setSubject(subject).setStatus(status)
            .setDetail(detail).setDetectedAt(now());
    }

    void publish(ReconciliationAlert.Builder builder) {
        ReconciliationAlert alert = builder.build();
        if (alert.getStatus() == ReconciliationAlertStatus.RAISED) {
            LOG.warn("Reconciliation alert RAISED: {} {}: {}", check.id(), alert.getSubject(), alert.getDetail());
            open.put(alert.getSubject(), alert.getDetectedAt());
            openAlerts.raised(check, alert.getSubject());
        } else {
            LOG.info("Reconciliation alert CLEARED: {} {}: {}", check.id(), alert.getSubject(), alert.getDetail());
            open.delete(alert.getSubject());
            openAlerts.cleared(check, alert.getSubject());
        }
        context.forward(new Record<>(check.id(), alert, alert.getDetectedAt()));
    }

    void judged() {
        openAlerts.judged(check);
    }
}
