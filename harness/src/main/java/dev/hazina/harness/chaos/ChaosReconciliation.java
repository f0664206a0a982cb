package dev.hazina.harness.chaos;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;

import dev.hazina.reconciliation.OutputReader;
import dev.hazina.reconciliation.stream.ReconciliationConfig;
import dev.hazina.reconciliation.stream.ReconciliationRunner;
import dev.hazina.reconciliation.stream.ReconciliationStatus;
import dev.hazina.reconciliation.stream.ReconciliationTopics;
import dev.hazina.schemas.ReconciliationAlert;
import dev.hazina.topology.LedgerConfig;

/**
 * The reconciliation stream beside the chaos run's ledger instances, on the same broker, for the whole
 * run. It runs in the harness's JVM ({@link ReconciliationRunner}), so it cannot be killed with
 * {@code kill -9}: {@link #restart()} closes it and starts it again on the same state dir, which is
 * the failover its stores must survive. Its thresholds are tuned so that the chaos produces real
 * alerts that later clear: a saga is stuck after {@link #STUCK_SAGA}, below the 4 s session timeout
 * that is the floor of a {@code kill -9}'s stall (5–8 s in {@code ChaosIT}), and transfers and windows
 * are judged after {@link #QUIET}.
 *
 * <p>At the end, {@link #awaitCaughtUp} waits, bounded, until the stream has consumed everything the
 * ledger wrote and has no alert open; {@link #alerts()} reads the alerts topic back read_committed.
 */
final class ChaosReconciliation implements AutoCloseable {

    static final String APPLICATION_ID = "hazina-chaos-reconciliation";
    static final Duration STUCK_SAGA = Duration.ofSeconds(3);
    static final Duration QUIET = Duration.ofSeconds(3);
    static final Duration PUNCTUATE = Duration.ofMillis(500);
    private static final Duration START_TIMEOUT = Duration.ofMinutes(2);
    private static final Duration READ_TIMEOUT = Duration.ofMinutes(2);
    /** How long the stream must stay caught up and clean: every subject it holds has been judged by then. */
    private static final Duration SETTLE = STUCK_SAGA.plus(QUIET).plus(PUNCTUATE.multipliedBy(2));

    private final ReconciliationConfig config;
    private final EventLog log;
    private final List<Double> restartSeconds = new ArrayList<>();
    private volatile ReconciliationRunner runner;

    private ChaosReconciliation(ReconciliationConfig config, EventLog log) {
        this.config = config;
        this.log = log;
    }

    /** Registers its schemas, creates its topics and starts the stream, state in {@code dir}. */
    static ChaosReconciliation start(LedgerConfig ledger, Path dir, EventLog log) throws InterruptedException {
        Map<String, Object> settings = new HashMap<>(ledger.originals());
        settings.put(ReconciliationConfig.APPLICATION_ID_CONFIG, APPLICATION_ID);
        settings.put(ReconciliationConfig.STATE_DIR_CONFIG, dir.toString());
        settings.put(ReconciliationConfig.STUCK_SAGA_MS_CONFIG, STUCK_SAGA.toMillis());
        settings.put(ReconciliationConfig.TRANSFER_QUIET_MS_CONFIG, QUIET.toMillis());
        settings.put(ReconciliationConfig.CONSERVATION_QUIET_MS_CONFIG, QUIET.toMillis());
        settings.put(ReconciliationConfig.PUNCTUATE_INTERVAL_MS_CONFIG, PUNCTUATE.toMillis());
        ReconciliationConfig config = ReconciliationConfig.of(settings, ledger.kafkaSecurityConfig());
        ReconciliationRunner.registerSchemas(config);
        ChaosReconciliation reconciliation = new ChaosReconciliation(config, log);
        reconciliation.runner = reconciliation.startRunner();
        log.event("reconciliation stream running (stuck saga " + STUCK_SAGA.toMillis() + " ms, quiet periods "
            + QUIET.toMillis() + " ms)");
        return reconciliation;
    }

    private ReconciliationRunner startRunner() throws InterruptedException {
        return ReconciliationRunner.start(config, null, List.of(), START_TIMEOUT);
    }

    /** Closes the stream and starts it again on the same state dir, under load; the seconds it took are reported. */
    void restart() throws InterruptedException {
        long start = System.currentTimeMillis();
        log.event("reconciliation stream: close and start again on the same state dir");
        runner.close();
        runner = startRunner();
        double seconds = Math.round((System.currentTimeMillis() - start) / 100.0) / 10.0;
        restartSeconds.add(seconds);
        log.event("reconciliation stream RUNNING again after " + seconds + " s: " + runner.status());
    }

    List<Double> restartSeconds() {
        return List.copyOf(restartSeconds);
    }

    /**
     * Waits until the stream's group has committed every input partition to its end (a commit marker
     * may trail), its offsets have not moved and its status has had no alert open for {@link #SETTLE},
     * or until {@code timeout}. Returns the status then, open alerts and all.
     */
    ReconciliationStatus awaitCaughtUp(Duration timeout) throws InterruptedException {
        long deadline = System.currentTimeMillis() + timeout.toMillis();
        try (Admin admin = Admin.create(config.kafkaClientConfig())) {
            Map<TopicPartition, Long> last = null;
            long settledSince = System.currentTimeMillis();
            while (System.currentTimeMillis() < deadline) {
                Map<TopicPartition, Long> committed = committed(admin);
                boolean clean = caughtUp(admin, committed) && committed.equals(last) && runner.status().open() == 0;
                if (!clean) {
                    settledSince = System.currentTimeMillis();
                } else if (System.currentTimeMillis() - settledSince >= SETTLE.toMillis()) {
                    log.event("reconciliation caught up: " + runner.status());
                    return runner.status();
                }
                last = committed;
                Thread.sleep(PUNCTUATE.toMillis());
            }
        }
        log.event("WARNING: the reconciliation stream had not caught up with no alert open after " + timeout.toSeconds()
            + " s: " + runner.status());
        return runner.status();
    }

    private Map<TopicPartition, Long> committed(Admin admin) throws InterruptedException {
        try {
            Map<TopicPartition, Long> offsets = new HashMap<>();
            for (Map.Entry<TopicPartition, OffsetAndMetadata> entry
                    : admin.listConsumerGroupOffsets(APPLICATION_ID).partitionsToOffsetAndMetadata().get().entrySet()) {
                if (entry.getValue() != null) {
                    offsets.put(entry.getKey(), entry.getValue().offset());
                }
            }
            return offsets;
        } catch (ExecutionException e) {
            return Map.of();
        }
    }

    /** Every input the group consumes is committed to its end, give or take the commit marker after its last record. */
    private boolean caughtUp(Admin admin, Map<TopicPartition, Long> committed) throws InterruptedException {
        Set<String> inputs = new HashSet<>();
        committed.keySet().forEach(tp -> inputs.add(tp.topic()));
        if (!inputs.contains(config.getString(ReconciliationConfig.ENTRIES_TOPIC_CONFIG))
                || !inputs.contains(config.getString(ReconciliationConfig.LEGS_TOPIC_CONFIG))) {
            return false;
        }
        try {
            Map<TopicPartition, OffsetSpec> request = new HashMap<>();
            committed.keySet().forEach(tp -> request.put(tp, OffsetSpec.latest()));
            Map<TopicPartition, Long> ends = new HashMap<>();
            admin.listOffsets(request).all().get().forEach((tp, info) -> ends.put(tp, info.offset()));
            return committed.entrySet().stream().allMatch(e -> ends.get(e.getKey()) - e.getValue() <= 1);
        } catch (ExecutionException e) {
            return false;
        }
    }

    /** Every record of the alerts topic up to its end now, read_committed, in topic order per partition. */
    List<ReconciliationAlert> alerts() {
        ReconciliationTopics.Topic<String, ReconciliationAlert> alerts = ReconciliationTopics.from(config).alerts();
        Map<String, Object> client = new HashMap<>(config.kafkaClientConfig());
        client.put("client.id", "hazina-chaos-alerts-reader");
        return OutputReader.readValues(client, alerts.name(), alerts.valueSerde().deserializer(), READ_TIMEOUT);
    }

    @Override
    public void close() {
        ReconciliationRunner running = runner;
        if (running != null) {
            running.close();
        }
    }
}
