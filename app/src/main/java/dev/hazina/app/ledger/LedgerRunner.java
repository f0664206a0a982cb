package dev.hazina.app.ledger;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.streams.CloseOptions;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler.StreamThreadExceptionResponse;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.hazina.schemas.registry.SchemaRegistryClient;
import dev.hazina.schemas.registry.SchemaRegistryClients;
import dev.hazina.schemas.serde.SchemaRegistrar;
import dev.hazina.topology.LedgerConfig;
import dev.hazina.topology.LedgerException;
import dev.hazina.topology.LedgerMeters;
import dev.hazina.topology.LedgerSubjects;
import dev.hazina.topology.LedgerTopicsAdmin;
import dev.hazina.topology.LedgerTopology;

/**
 * Runs the ledger topology against a cluster: checks co-partitioning, wipes local state built
 * against another cluster ({@link StateDirGuard}), starts Kafka Streams and waits until it is
 * RUNNING. An invariant breach ({@link LedgerException}) shuts the whole application down, every
 * instance; any other fatal error shuts this instance down.
 */
public final class LedgerRunner implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(LedgerRunner.class);

    private final KafkaStreams streams;
    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final CountDownLatch stopped = new CountDownLatch(1);
    private final AtomicReference<Throwable> failure = new AtomicReference<>();

    private LedgerRunner(LedgerConfig config) {
        LedgerMeters meters = new LedgerMeters(registry);
        streams = new KafkaStreams(LedgerTopology.build(config, meters), LedgerTopology.streamsProperties(config, meters));
        streams.setUncaughtExceptionHandler(exception -> {
            failure.compareAndSet(null, exception);
            if (causedByLedger(exception)) {
                LOG.error("LEDGER INVARIANT BREACHED: shutting down every instance", exception);
                return StreamThreadExceptionResponse.SHUTDOWN_APPLICATION;
            }
            LOG.error("Fatal stream error: shutting down this instance", exception);
            return StreamThreadExceptionResponse.SHUTDOWN_CLIENT;
        });
        streams.setStateListener((next, previous) -> {
            LOG.info("Ledger {} -> {}", previous, next);
            if (next == KafkaStreams.State.NOT_RUNNING || next == KafkaStreams.State.ERROR) {
                stopped.countDown();
            }
        });
    }

    /** Verifies the topics, starts the ledger and waits up to {@code timeout} for it to run. */
    public static LedgerRunner start(LedgerConfig config, Duration timeout) throws InterruptedException {
        StateDirGuard stateDir;
        try (Admin admin = admin(config)) {
            new LedgerTopicsAdmin(config).verifyCoPartitioned(admin);
            stateDir = StateDirGuard.of(config, admin);
        }
        LedgerRunner runner = new LedgerRunner(config);
        if (stateDir.isForeign()) {
            runner.streams.cleanUp();
        }
        stateDir.record();
        runner.streams.start();
        runner.awaitRunning(timeout);
        return runner;
    }

    /** Registers every subject the ledger uses, BACKWARD compatible: the explicit step production needs. */
    public static Map<String, Integer> registerSchemas(LedgerConfig config) {
        try (SchemaRegistryClient client = SchemaRegistryClients.create(config.serdeConfig())) {
            return SchemaRegistrar.registerAll(client, LedgerSubjects.all(config), "BACKWARD");
        }
    }

    /** Where Kafka Streams keeps this application's stores. */
    static Path stateDir(LedgerConfig config) {
        return Path.of(config.getString(LedgerConfig.STATE_DIR_CONFIG), config.applicationId());
    }

    public static Admin admin(LedgerConfig config) {
        return Admin.create(config.kafkaClientConfig());
    }

    private void awaitRunning(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (streams.state() != KafkaStreams.State.RUNNING) {
            if (stopped.getCount() == 0 || System.nanoTime() > deadline) {
                KafkaStreams.State state = streams.state();
                streams.close(Duration.ofSeconds(10));
                throw new IllegalStateException("Ledger did not reach RUNNING within " + timeout + " (state " + state
                    + ")", failure.get());
            }
            Thread.sleep(50);
        }
    }

    public KafkaStreams streams() {
        return streams;
    }

    /** The registry the ledger's own meters count into; {@link LedgerMetrics} adds Kafka Streams' to it. */
    public PrometheusMeterRegistry registry() {
        return registry;
    }

    /** Blocks until the ledger stops; true when it stopped because of an error. */
    public boolean awaitStop() throws InterruptedException {
        stopped.await();
        return failure.get() != null || streams.state() == KafkaStreams.State.ERROR;
    }

    public boolean awaitStop(Duration timeout) throws InterruptedException {
        return stopped.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    public Throwable failure() {
        return failure.get();
    }

    /**
     * Stops the ledger and leaves the consumer group, so its partitions move to the other instances
     * at once instead of after the session timeout (Kafka Streams otherwise stays in the group).
     */
    @Override
    public void close() {
        streams.close(CloseOptions.timeout(Duration.ofSeconds(30))
            .withGroupMembershipOperation(CloseOptions.GroupMembershipOperation.LEAVE_GROUP));
    }

    private static boolean causedByLedger(Throwable exception) {
        for (Throwable t = exception; t != null; t = t.getCause()) {
            if (t instanceof LedgerException) {
                return true;
            }
        }
        return false;
    }
}
