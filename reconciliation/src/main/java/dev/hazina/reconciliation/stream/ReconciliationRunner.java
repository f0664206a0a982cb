package dev.hazina.reconciliation.stream;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;

import io.micrometer.core.instrument.MeterRegistry;
import org.apache.avro.Schema;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.streams.CloseOptions;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler.StreamThreadExceptionResponse;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.hazina.schemas.HazinaSchemas;
import dev.hazina.reconciliation.journal.AuditCheckpoints;
import dev.hazina.reconciliation.settlement.SettlementWindows;
import dev.hazina.schemas.AuditCheckpoint;
import dev.hazina.schemas.DailyReport;
import dev.hazina.schemas.TrustStatement;
import dev.hazina.schemas.ReconciliationAlert;
import dev.hazina.schemas.registry.SchemaRegistryClient;
import dev.hazina.schemas.registry.SchemaRegistryClients;
import dev.hazina.schemas.serde.SchemaRegistrar;

/**
 * Runs the reconciliation stream against a cluster, beside the ledger: creates its alerts topic,
 * starts Kafka Streams and waits until it is RUNNING. Its live verdict is {@link #status()}; with a
 * {@link MeterRegistry} it is also the {@code hazina_reconciliation_*} meters. A fatal error shuts
 * this instance down; the ledger is not affected.
 */
public final class ReconciliationRunner implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(ReconciliationRunner.class);

    private final KafkaStreams streams;
    private final OpenAlerts openAlerts;
    private final CountDownLatch stopped = new CountDownLatch(1);
    private final AtomicReference<Throwable> failure = new AtomicReference<>();

    private ReconciliationRunner(ReconciliationConfig config, OpenAlerts openAlerts, List<Consumer<StreamsBuilder>> extras) {
        this.openAlerts = openAlerts;
        streams = new KafkaStreams(ReconciliationTopology.build(config, openAlerts, extras),
            ReconciliationTopology.streamsProperties(config));
        streams.setUncaughtExceptionHandler(exception -> {
            failure.compareAndSet(null, exception);
            LOG.error("Fatal reconciliation stream error: shutting down this instance", exception);
            return StreamThreadExceptionResponse.SHUTDOWN_CLIENT;
        });
        streams.setStateListener((next, previous) -> {
            LOG.info("Reconciliation stream {} -> {}", previous, next);
            if (next == KafkaStreams.State.NOT_RUNNING || next == KafkaStreams.State.ERROR) {
                stopped.countDown();
            }
        });
    }

    /**
     * Creates its topic, starts the stream with {@code extras} added to its builder, its meters in
     * {@code registry} (may be null), and waits up to {@code timeout} for it to run.
     */
    public static ReconciliationRunner start(ReconciliationConfig config, MeterRegistry registry,
                                             List<Consumer<StreamsBuilder>> extras, Duration timeout)
        throws InterruptedException {
        try (Admin admin = Admin.create(config.kafkaClientConfig())) {
            new ReconciliationTopicsAdmin(config).createOrVerify(admin);
        }
        OpenAlerts openAlerts = new OpenAlerts();
        if (registry != null) {
            openAlerts.bindTo(registry);
        }
        ReconciliationRunner runner = new ReconciliationRunner(config, openAlerts, extras);
        runner.streams.start();
        runner.awaitRunning(timeout);
        return runner;
    }

    /**
     * Every registry subject the stream writes or reads beyond the ledger's: alerts, audit checkpoints,
     * trust statements, daily reports, settlement windows, and their stores.
     */
    public static Map<String, Schema> subjects(ReconciliationConfig config) {
        ReconciliationTopics topics = ReconciliationTopics.from(config);
        Map<String, Schema> subjects = new LinkedHashMap<>();
        subjects.put(SchemaRegistrar.subject(topics.alerts().name(), false),
            HazinaSchemas.plain(ReconciliationAlert.getClassSchema()));
        subjects.put(SchemaRegistrar.subject(topics.checkpoints().name(), false),
            HazinaSchemas.plain(AuditCheckpoint.getClassSchema()));
        subjects.put(SchemaRegistrar.subject(topics.trustStatements().name(), false),
            HazinaSchemas.plain(TrustStatement.getClassSchema()));
        subjects.put(SchemaRegistrar.subject(topics.dailyReports().name(), false),
            HazinaSchemas.plain(DailyReport.getClassSchema()));
        SettlementWindows.subjects(ReconciliationTopology.settlement(config), config.applicationId()).forEach(subjects::putIfAbsent);
        // The open windows' store logs AuditCheckpoint values too.
        subjects.put(SchemaRegistrar.subject(config.applicationId() + "-" + AuditCheckpoints.STORE + "-changelog", false),
            HazinaSchemas.plain(AuditCheckpoint.getClassSchema()));
        return subjects;
    }

    /** Registers {@link #subjects}, BACKWARD compatible. */
    public static Map<String, Integer> registerSchemas(ReconciliationConfig config) {
        try (SchemaRegistryClient client = SchemaRegistryClients.create(config.serdeConfig())) {
            return SchemaRegistrar.registerAll(client, subjects(config), "BACKWARD");
        }
    }

    private void awaitRunning(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (streams.state() != KafkaStreams.State.RUNNING) {
            if (stopped.getCount() == 0 || System.nanoTime() > deadline) {
                KafkaStreams.State state = streams.state();
                streams.close(Duration.ofSeconds(10));
                throw new IllegalStateException("Reconciliation stream did not reach RUNNING within " + timeout
                    + " (state " + state + ")", failure.get());
            }
            Thread.sleep(50);
        }
    }

    /** OK or ALERT, with the alerts open on this instance per check. */
    public ReconciliationStatus status() {
        return openAlerts.status();
    }

    public KafkaStreams streams() {
        return streams;
    }

    /** Blocks until the stream stops, at most {@code timeout}; true when it stopped. */
    public boolean awaitStop(Duration timeout) throws InterruptedException {
        return stopped.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    public Throwable failure() {
        return failure.get();
    }

    /** Stops the stream and leaves the group, so its partitions move to other instances at once. */
    @Override
    public void close() {
        streams.close(CloseOptions.timeout(Duration.ofSeconds(30))
            .withGroupMembershipOperation(CloseOptions.GroupMembershipOperation.LEAVE_GROUP));
    }
}
