package dev.hazina.topology;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.TimeUnit;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.composite.CompositeMeterRegistry;

import dev.hazina.schemas.ReasonCode;
import dev.hazina.schemas.TransferKind;
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
 *   <li>dead letters by reason ({@code hazina_dead_letters_total}).</li>
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
    private static final Duration[] BUCKETS = {Duration.ofMillis(10), Duration.ofMillis(25), Duration.ofMillis(50),
        Duration.ofMillis(100), Duration.ofMillis(250), Duration.ofMillis(500), Duration.ofSeconds(1),
        Duration.ofMillis(2500), Duration.ofSeconds(5), Duration.ofSeconds(10), Duration.ofSeconds(30)};

    private final MeterRegistry registry;
    private final Timer latency;
    /** By kind, status and reason (0 for none, else ordinal + 1), filled as they first occur: no lookup per record. */
    private final Counter[][][] decisions;
    private final Counter duplicates;
    private final ConcurrentMap<String, Counter> deadLetters = new ConcurrentHashMap<>();

    public LedgerMeters(MeterRegistry registry) {
        this.registry = registry;
        this.latency = Timer.builder(LATENCY).description("From a request's record timestamp to its result")
            .serviceLevelObjectives(BUCKETS).register(registry);
        this.duplicates = Counter.builder(DUPLICATES).description("Retries answered with the original outcome")
            .register(registry);
        this.decisions = new Counter[TransferKind.values().length][TransferStatus.values().length]
            [ReasonCode.values().length + 1];
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

    /** The meters from a handler's configs, or none when the ledger runs without them. */
    static LedgerMeters fromStreamsConfigs(Map<String, ?> configs) {
        return configs.get(CONFIG) instanceof LedgerMeters meters ? meters : none();
    }
}
