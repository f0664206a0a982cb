package dev.hazina.reconciliation.stream;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;

import dev.hazina.schemas.ReconciliationAlert;
import dev.hazina.schemas.ReconciliationAlertStatus;

/**
 * The hold-deadline check: a hold (a PENDING AUTHORIZE) must be resolved, by a CAPTURE, a VOID or the
 * ledger's own expiry, by its deadline. One still pending {@code hazina.reconciliation.hold.grace.ms}
 * after its deadline (or after the stream saw it, if later, so a stream catching up raises nothing for
 * an expiry further down the topic) is RAISED, subject the hold's requestId; its resolution arriving
 * later CLEARS it.
 *
 * <p>Input: the ledger's results regrouped by hold (repartition {@code reconciliation-results-by-hold}):
 * the AUTHORIZE's outcomes are keyed by its requestId, a CAPTURE's or VOID's by their own, naming the hold
 * in {@code reference}. A resolution that arrives before its hold is remembered as long as
 * {@link EarlyAnswers} says (re-indexed in the due index until then).
 * Stores: {@link ReconciliationStores#HOLD_WATCHES}, the due index {@link ReconciliationStores#HOLD_DUE}
 * (a sweep reads only what is due, not every pending hold), and the check's open-alerts store.
 */
final class HoldDeadlineProcessor implements Processor<String, HoldWatch, String, ReconciliationAlert> {

    private static final int SWEEP_BATCH = 10_000;

    private final long graceMs;
    private final long punctuateMs;
    private final EarlyAnswers earlyAnswers;
    private final AlertPublisher publisher;
    private KeyValueStore<String, HoldWatch> watches;
    private KeyValueStore<String, String> due;

    HoldDeadlineProcessor(ReconciliationConfig config, OpenAlerts openAlerts) {
        this.graceMs = config.holdGraceMs();
        this.punctuateMs = config.punctuateIntervalMs();
        this.earlyAnswers = new EarlyAnswers(graceMs);
        this.publisher = new AlertPublisher(Check.HOLD_DEADLINE, openAlerts);
    }

    @Override
    public void init(ProcessorContext<String, ReconciliationAlert> context) {
        publisher.init(context);
        watches = context.getStateStore(ReconciliationStores.HOLD_WATCHES);
        due = context.getStateStore(ReconciliationStores.HOLD_DUE);
        context.schedule(Duration.ofMillis(punctuateMs), PunctuationType.WALL_CLOCK_TIME, this::sweep);
    }

    @Override
    public void process(Record<String, HoldWatch> record) {
        HoldWatch signal = record.value();
        if (signal == null) {
            return;
        }
        long now = publisher.now();
        HoldWatch earlier = watches.get(signal.holdId());
        if (earlier == null) {
            watch(signal.seenAt(now));
        } else if (earlier.pending() && !signal.pending()) {
            if (earlier.raised()) {
                publisher.publish(evidence(earlier, ReconciliationAlertStatus.CLEARED, "resolved by " + signal.resolution()
                    + ", " + (now - earlier.expiresAt()) / 1000 + " s after its deadline"));
            }
            forget(earlier);
            publisher.judged();
        } else if (!earlier.pending() && signal.pending()) {
            // Its resolution came first (regrouped from another partition): nothing is overdue.
            forget(earlier);
            publisher.judged();
        }
    }

    private void watch(HoldWatch watch) {
        watches.put(watch.holdId(), watch);
        due.put(HoldWatch.dueKey(dueAt(watch), watch.holdId()), watch.holdId());
    }

    private void forget(HoldWatch watch) {
        watches.delete(watch.holdId());
        due.delete(HoldWatch.dueKey(dueAt(watch), watch.holdId()));
    }

    private long dueAt(HoldWatch watch) {
        if (!watch.pending()) {
            return watch.seenAt() + earlyAnswers.forgetMs();
        }
        return Math.max(watch.expiresAt(), watch.seenAt()) + graceMs;
    }

    private void sweep(long now) {
        long streamTime = publisher.streamTime();
        List<KeyValue<String, String>> overdue = new ArrayList<>();
        try (KeyValueIterator<String, String> it = due.range(HoldWatch.dueKey(0, ""), HoldWatch.dueKey(now + 1, ""))) {
            while (it.hasNext() && overdue.size() < SWEEP_BATCH) {
                overdue.add(it.next());
            }
        }
        for (KeyValue<String, String> entry : overdue) {
            due.delete(entry.key);
            HoldWatch watch = watches.get(entry.value);
            if (watch == null) {
                continue;
            }
            if (!watch.pending() && earlyAnswers.mayForget(watch.seenAt(), watch.decidedAt(), now, streamTime)) {
                watches.delete(watch.holdId());
            } else if (!watch.pending()) {
                watch(watch.seenAt(now));
            } else if (!watch.raised()) {
                publisher.publish(evidence(watch, ReconciliationAlertStatus.RAISED, "is still pending "
                    + (now - watch.expiresAt()) / 1000 + " s after its deadline (grace " + graceMs / 1000 + " s): "
                    + "neither captured, voided nor expired"));
                watches.put(watch.holdId(), watch.withRaised());
            }
        }
    }

    private ReconciliationAlert.Builder evidence(HoldWatch watch, ReconciliationAlertStatus status, String verdict) {
        String detail = "hold " + watch.holdId() + " of " + watch.payer() + " (" + watch.amount() + " " + watch.currency()
            + ", deadline " + Instant.ofEpochMilli(watch.expiresAt()) + ") " + verdict;
        return publisher.alert(watch.holdId(), status, detail).setTransferId(watch.holdId()).setAccountId(watch.payer())
            .setCurrency(watch.currency()).setActual(watch.amount());
    }

    @Override
    public void close() {
        publisher.close();
    }
}
