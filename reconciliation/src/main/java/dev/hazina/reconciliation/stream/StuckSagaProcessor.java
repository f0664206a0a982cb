package dev.hazina.reconciliation.stream;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;

import dev.hazina.schemas.LegType;
import dev.hazina.schemas.ReconciliationAlert;
import dev.hazina.schemas.ReconciliationAlertStatus;

/**
 * The stuck-saga check: a saga leg that asks another partition to act (a debit's CREDIT leg, a
 * REVERSAL_DEBIT, a TOPUP_DEBIT) must be answered (CONFIRM or REFUND; REVERSAL_CREDIT or
 * REVERSAL_REFUSED; TOPUP_CREDIT or TOPUP_REFUSED) within {@code hazina.reconciliation.stuck.saga.ms}
 * of when this stream saw it. An unanswered leg is RAISED (subject {@code requestId/legType}); when its
 * answer arrives later it is CLEARED, so a saga stuck through a failover is reported, then cleared.
 *
 * <p>Input: the ledger's internal legs topic regrouped by requestId (repartition
 * {@code reconciliation-legs-by-request}): the asking leg and its answer are keyed by different
 * accounts. The answer may arrive first; it is remembered as answered until the leg it answers arrives,
 * or as long as {@link EarlyAnswers} says. Store: {@link ReconciliationStores#SAGA_WATCHES}, and the check's
 * open-alerts store. Time: wall clock, so a stream catching up after downtime raises nothing for legs
 * whose answers are merely further down the topic.
 */
final class StuckSagaProcessor implements Processor<String, SagaWatch, String, ReconciliationAlert> {

    /** The answered asking leg, by each answering leg. */
    private static final Map<LegType, LegType> ASKED_BY = Map.of(
        LegType.REFUND, LegType.CREDIT, LegType.CONFIRM, LegType.CREDIT,
        LegType.REVERSAL_CREDIT, LegType.REVERSAL_DEBIT, LegType.REVERSAL_REFUSED, LegType.REVERSAL_DEBIT,
        LegType.TOPUP_CREDIT, LegType.TOPUP_DEBIT, LegType.TOPUP_REFUSED, LegType.TOPUP_DEBIT);

    private final long stuckMs;
    private final EarlyAnswers earlyAnswers;
    private final long punctuateMs;
    private final AlertPublisher publisher;
    private KeyValueStore<String, SagaWatch> watches;

    StuckSagaProcessor(ReconciliationConfig config, OpenAlerts openAlerts) {
        this.stuckMs = config.stuckSagaMs();
        this.earlyAnswers = new EarlyAnswers(stuckMs);
        this.punctuateMs = config.punctuateIntervalMs();
        this.publisher = new AlertPublisher(Check.STUCK_SAGA, openAlerts);
    }

    @Override
    public void init(ProcessorContext<String, ReconciliationAlert> context) {
        publisher.init(context);
        watches = context.getStateStore(ReconciliationStores.SAGA_WATCHES);
        context.schedule(Duration.ofMillis(punctuateMs), PunctuationType.WALL_CLOCK_TIME, this::sweep);
    }

    @Override
    public void process(Record<String, SagaWatch> record) {
        SagaWatch leg = record.value();
        if (leg == null) {
            return;
        }
        LegType type = LegType.valueOf(leg.legType());
        LegType asked = ASKED_BY.get(type);
        long now = publisher.now();
        if (asked == null) {
            if (type == LegType.CREDIT || type == LegType.REVERSAL_DEBIT || type == LegType.TOPUP_DEBIT) {
                ask(leg, now);
            }
            return;
        }
        String subject = leg.requestId() + "/" + asked;
        SagaWatch watch = watches.get(subject);
        if (watch == null) {
            watches.put(subject, new SagaWatch(leg.requestId(), asked.name(), leg.actOn(), leg.amount(), leg.currency(),
                leg.sentAt(), now, true, false));
            return;
        }
        if (watch.raised()) {
            publisher.publish(evidence(subject, watch, ReconciliationAlertStatus.CLEARED,
                "answered by " + type + " after " + (now - watch.seenAt()) / 1000 + " s"));
        }
        publisher.judged();
        watches.delete(subject);
    }

    private void ask(SagaWatch leg, long now) {
        String subject = leg.requestId() + "/" + leg.legType();
        SagaWatch earlier = watches.get(subject);
        if (earlier != null && earlier.answered()) {
            // Its answer came first (regrouped from another partition): nothing is stuck.
            publisher.judged();
            watches.delete(subject);
        } else if (earlier == null) {
            watches.put(subject, new SagaWatch(leg.requestId(), leg.legType(), leg.actOn(), leg.amount(), leg.currency(),
                leg.sentAt(), now, false, false));
        }
    }

    private void sweep(long now) {
        List<KeyValue<String, SagaWatch>> due = new ArrayList<>();
        long streamTime = publisher.streamTime();
        try (KeyValueIterator<String, SagaWatch> all = watches.all()) {
            all.forEachRemaining(kv -> {
                long age = now - kv.value.seenAt();
                boolean stuck = !kv.value.answered() && !kv.value.raised() && age >= stuckMs;
                boolean forgotten = kv.value.answered()
                    && earlyAnswers.mayForget(kv.value.seenAt(), kv.value.sentAt(), now, streamTime);
                if (stuck || forgotten) {
                    due.add(kv);
                }
            });
        }
        for (KeyValue<String, SagaWatch> kv : due) {
            if (kv.value.answered()) {
                watches.delete(kv.key);
            } else {
                publisher.publish(evidence(kv.key, kv.value, ReconciliationAlertStatus.RAISED,
                    "unanswered for " + (now - kv.value.seenAt()) / 1000 + " s (limit " + stuckMs / 1000 + " s)"));
                watches.put(kv.key, kv.value.withRaised());
            }
        }
    }

    private ReconciliationAlert.Builder evidence(String subject, SagaWatch watch, ReconciliationAlertStatus status,
                                                 String verdict) {
        String detail = watch.legType() + " leg of " + watch.requestId() + " to " + watch.actOn() + " ("
            + watch.amount() + " " + watch.currency() + ", sent at " + watch.sentAt() + ") " + verdict;
        return publisher.alert(subject, status, detail).setTransferId(watch.requestId()).setAccountId(watch.actOn())
            .setCurrency(watch.currency()).setActual(watch.amount());
    }

    @Override
    public void close() {
        publisher.close();
    }
}
