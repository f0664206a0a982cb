package dev.hazina.fraud;

import java.time.Duration;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.composite.CompositeMeterRegistry;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.streams.CloseOptions;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler.StreamThreadExceptionResponse;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.hazina.schemas.registry.SchemaRegistryClient;
import dev.hazina.schemas.registry.SchemaRegistryClients;
import dev.hazina.schemas.serde.SchemaRegistrar;

/**
 * Runs the fraud stream against a cluster, beside the ledger: creates its own topics, checks that
 * its inputs are co-partitioned with the ledger, starts Kafka Streams and waits until it is RUNNING.
 * A fatal error shuts this instance down; the ledger keeps deciding on the last verdicts it has.
 */
public final class FraudRunner implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(FraudRunner.class);

    private final KafkaStreams streams;
    private final CountDownLatch stopped = new CountDownLatch(1);
    private final AtomicReference<Throwable> failure = new AtomicReference<>();

    private FraudRunner(FraudConfig config, MeterRegistry registry) {
        Properties props = FraudTopology.streamsProperties(config);
        props.put(FraudMeters.CONFIG, new FraudMeters(registry));
        streams = new KafkaStreams(FraudTopology.build(config), props);
        Gauge.builder("hazina.fraud.running", streams, s -> s.state() == KafkaStreams.State.RUNNING ? 1 : 0)
            .description("1 while this instance's fraud stream is RUNNING").register(registry);
        streams.setUncaughtExceptionHandler(exception -> {
            failure.compareAndSet(null, exception);
            LOG.error("Fatal fraud stream error: shutting down this instance", exception);
            return StreamThreadExceptionResponse.SHUTDOWN_CLIENT;
        });
        streams.setStateListener((next, previous) -> {
            LOG.info("Fraud stream {} -> {}", previous, next);
            if (next == KafkaStreams.State.NOT_RUNNING || next == KafkaStreams.State.ERROR) {
                stopped.countDown();
            }
        });
    }

    /** Creates or verifies the topics, starts the fraud stream and waits up to {@code timeout} for it to run. */
    public static FraudRunner start(FraudConfig config, Duration timeout) throws InterruptedException {
        return start(config, timeout, new CompositeMeterRegistry());
    }

    /** As {@link #start(FraudConfig, Duration)}, with the stream's meters ({@link FraudMeters}) in {@code registry}. */
    public static FraudRunner start(FraudConfig config, Duration timeout, MeterRegistry registry) throws InterruptedException {
        try (Admin admin = Admin.create(config.ledger().kafkaClientConfig())) {
            new FraudTopicsAdmin(config).createOrVerify(admin);
        }
        FraudRunner runner = new FraudRunner(config, registry);
        runner.streams.start();
        runner.awaitRunning(timeout);
        return runner;
    }

    /** Registers every subject the fraud stream uses, BACKWARD compatible. */
    public static Map<String, Integer> registerSchemas(FraudConfig config) {
        try (SchemaRegistryClient client = SchemaRegistryClients.create(config.ledger().serdeConfig())) {
            return SchemaRegistrar.registerAll(client, FraudSubjects.all(config), "BACKWARD");
        }
    }

    private void awaitRunning(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (streams.state() != KafkaStreams.State.RUNNING) {
            if (stopped.getCount() == 0 || System.nanoTime() > deadline) {
                KafkaStreams.State state = streams.state();
                streams.close(Duration.ofSeconds(10));
                throw new IllegalStateException("Fraud stream did not reach RUNNING within " + timeout
                    + " (state " + state + ")", failure.get());
            }
            Thread.sleep(50);
        }
    }

    public KafkaStreams streams() {
        return streams;
    }

    /** Blocks until the fraud stream stops, at most {@code timeout}; true when it stopped. */
    public boolean awaitStop(Duration timeout) throws InterruptedException {
        return stopped.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    public Throwable failure() {
        return failure.get();
    }

    /** Stops the fraud stream and leaves the group, so its partitions move to other instances at once. */
    @Override
    public void close() {
        streams.close(CloseOptions.timeout(Duration.ofSeconds(30))
            .withGroupMembershipOperation(CloseOptions.GroupMembershipOperation.LEAVE_GROUP));
    }
}
