package dev.hazina.topology;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.composite.CompositeMeterRegistry;
import org.apache.kafka.streams.processor.TaskId;
import org.apache.kafka.streams.state.KeyValueStore;

import dev.hazina.schemas.ReasonCode;
import dev.hazina.schemas.TransferKind;
import dev.hazina.schemas.TransferRecord;
import dev.hazina.schemas.TransferResult;
import dev.hazina.schemas.TransferStatus;

/**
 * The ledger's own meters, beside Kafka Streams' (Prometheus names in brackets):
 * <ul>
 *   <li>decisions by kind, status and reason, duplicates apart ({@code hazina_decisions_total});</li>
 *   <li>decision latency: from the request's record timestamp to the result, in fixed buckets
 *       ({@code hazina_decision_latency_seconds}). The timestamp is the producer's, so this is for
 *       watching, never for deciding;</li>
 *   <li>retries answered with the original outcome ({@code hazina_duplicate_answers_total});</li>
 *   <li>dead letters by reason ({@code hazina_dead_letters_total});</li>
 *   <li>sagas in flight over this instance's active tasks ({@code hazina_sagas_in_flight}) and the
 *       age of the oldest, from its business time to the wall clock, 0 when there is none
 *       ({@code hazina_saga_oldest_age_seconds}). Both are NaN while a task rebuilds its
 *       {@link SagasInFlight} from its store.</li>
 * </ul>
 * Handed to the exception handlers through the Streams properties under {@link #CONFIG}.
 */
public final class LedgerMeters {

    /** The Streams property that carries this object to the exception handlers. */
    public static final String CONFIG = "hazina.meters";
    public static final String DECISIONS = "hazina.decisions";
    public static final String LATENCY = "hazina.decision.latency";
    public static final String DUPLICATES = "hazina.duplicate.answers";
    public static final String DEAD_LETTERS = "hazina.dead.letters";
    public static final String SAGAS_IN_FLIGHT = "hazina.sagas.in.flight";
    /** In seconds: Prometheus shows it as {@code hazina_saga_oldest_age_seconds}. */
    public static final String SAGA_OLDEST_AGE = "hazina.saga.oldest.age";
    private static final Duration[] BUCKETS = {Duration.ofMillis(10), Duration.ofMillis(25), Duration.ofMillis(50),
        Duration.ofMillis(100), Duration.ofMillis(250), Duration.ofMillis(500), Duration.ofSeconds(1),
        Duration.ofMillis(2500), Duration.ofSeconds(5), Duration.ofSeconds(10), Duration.ofSeconds(30)};

    private final MeterRegistry registry;
    private final Timer latency;
    /** By kind, status and reason (0 for none, else ordinal + 1), filled as they first occur: no lookup per record. */
    private final Counter[][][] decisions;
    private final Counter duplicates;
    private final ConcurrentMap<String, Counter> deadLetters = new ConcurrentHashMap<>();
    /** The sagas in flight of each active task of this instance. */
    private final ConcurrentMap<TaskId, SagasInFlight> sagas = new ConcurrentHashMap<>();
    private final LongSupplier wallClock;

    public LedgerMeters(MeterRegistry registry) {
        this(registry, System::currentTimeMillis);
    }

    /** Meters whose saga ages count to {@code wallClock}: a test's, or the system's. */
    public LedgerMeters(MeterRegistry registry, LongSupplier wallClock) {
        this.registry = registry;
        this.wallClock = wallClock;
        this.latency = Timer.builder(LATENCY).description("From a request's record timestamp to its result")
            .serviceLevelObjectives(BUCKETS).register(registry);
        this.duplicates = Counter.builder(DUPLICATES).description("Retries answered with the original outcome")
            .register(registry);
        this.decisions = new Counter[TransferKind.values().length][TransferStatus.values().length]
            [ReasonCode.values().length + 1];
        // Strong references: the gauges live as long as the registry, whoever keeps these meters.
        Gauge.builder(SAGAS_IN_FLIGHT, this, LedgerMeters::sagasInFlight).strongReference(true)
            .description("Sagas debited but not yet completed or refunded, over this instance's active tasks (NaN while a task rebuilds the count)")
            .register(registry);
        Gauge.builder(SAGA_OLDEST_AGE, this, LedgerMeters::oldestSagaAgeSeconds).strongReference(true).baseUnit("seconds")
            .description("Age of the oldest saga in flight on this instance, 0 when none (NaN while a task rebuilds the count)")
            .register(registry);
    }

    /** Meters that go nowhere: for tests and tools that run the topology without a registry. */
    public static LedgerMeters none() {
        return new LedgerMeters(new CompositeMeterRegistry());
    }

    public MeterRegistry registry() {
        return registry;
    }

    /** Counts one result; a duplicate answer is counted apart and has no latency of its own. */
    void decision(TransferResult result, long latencyMs) {
        if (result.getDuplicate()) {
            duplicates.increment();
            return;
        }
        int reason = result.getReason() == null ? 0 : result.getReason().ordinal() + 1;
        Counter[] byReason = decisions[result.getKind().ordinal()][result.getStatus().ordinal()];
        if (byReason[reason] == null) {
            byReason[reason] = Counter.builder(DECISIONS).description("Transfer outcomes decided, by kind, status and reason")
                .tag("kind", result.getKind().name()).tag("status", result.getStatus().name())
                .tag("reason", result.getReason() == null ? "NONE" : result.getReason().name()).register(registry);
        }
        byReason[reason].increment();
        latency.record(Math.max(0, latencyMs), TimeUnit.MILLISECONDS);
    }

    void deadLetter(String reason) {
        deadLetters.computeIfAbsent(reason, r -> Counter.builder(DEAD_LETTERS)
            .description("Records from outside sent to the dead-letter topic, by reason").tag("reason", r)
            .register(registry)).increment();
    }

    /** Starts counting the sagas of a task from its transfers store, forgetting any earlier count of that task. */
    SagasInFlight openSagas(TaskId task, KeyValueStore<String, TransferRecord> store) {
        SagasInFlight inFlight = new SagasInFlight(store);
        sagas.put(task, inFlight);
        return inFlight;
    }

    /** Drops a task's count when the task closes or moves away. */
    void closeSagas(TaskId task, SagasInFlight inFlight) {
        sagas.remove(task, inFlight);
    }

    void sagaStarted(TaskId task, String requestId, long at) {
        SagasInFlight inFlight = sagas.get(task);
        if (inFlight != null) {
            inFlight.started(requestId, at);
        }
    }

    void sagaFinished(TaskId task, String requestId) {
        SagasInFlight inFlight = sagas.get(task);
        if (inFlight != null) {
            inFlight.finished(requestId);
        }
    }

    private double sagasInFlight() {
        long count = 0;
        for (SagasInFlight inFlight : sagas.values()) {
            if (!inFlight.rebuilt()) {
                return Double.NaN;
            }
            count += inFlight.count();
        }
        return count;
    }

    private double oldestSagaAgeSeconds() {
        long oldest = Long.MAX_VALUE;
        for (SagasInFlight inFlight : sagas.values()) {
            if (!inFlight.rebuilt()) {
                return Double.NaN;
            }
            oldest = Math.min(oldest, inFlight.oldestStart());
        }
        return oldest == Long.MAX_VALUE ? 0 : Math.max(0, wallClock.getAsLong() - oldest) / 1000.0;
    }

    /** The meters from a handler's configs, or none when the ledger runs without them. */
    static LedgerMeters fromStreamsConfigs(Map<String, ?> configs) {
        return configs.get(CONFIG) instanceof LedgerMeters meters ? meters : none();
    }
}
