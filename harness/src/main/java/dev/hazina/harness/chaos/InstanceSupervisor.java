package dev.hazina.harness.chaos;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;

import dev.hazina.harness.Workspace;
import dev.hazina.reconciliation.Violation;
import dev.hazina.topology.LedgerConfig;

/**
 * Instance supervision for the chaos harness: starts the K ledger instances ({@link LedgerInstance},
 * each a child JVM with its own config and state dir), waits for them, and restarts any that stopped
 * by itself, reporting it: the topology must never stop. It also keeps the harness's own violations
 * (an unexpected stop, a failed graceful stop) for the verdict.
 */
final class InstanceSupervisor {

    /** A restart after kill -9 restores its stores from the changelogs first (exactly-once keeps no dirty state). */
    static final Duration START_TIMEOUT = Duration.ofMinutes(10);
    /** Invariant name: an instance stopped although nothing killed or stopped it. */
    static final String INSTANCE_STOPPED = "INSTANCE_STOPPED";
    private static final String APPLICATION_ID = "hazina-chaos";

    private final Chaos.Options options;
    private final EventLog log;
    private final List<LedgerInstance> instances = new ArrayList<>();
    private final List<Violation> violations = Collections.synchronizedList(new ArrayList<>());

    InstanceSupervisor(Chaos.Options options, EventLog log) {
        this.options = options;
        this.log = log;
    }

    /**
     * The harness's view of the ledger config: the shared settings, with the instance-specific state dir
     * written per instance by {@link #writeConfig}.
     */
    LedgerConfig config(String bootstrap, Path dir) {
        Map<String, Object> settings = new HashMap<>(instanceSettings(bootstrap, options.partitions()));
        settings.put(LedgerConfig.STATE_DIR_CONFIG, dir.resolve("harness-state").toString());
        return new LedgerConfig(settings);
    }

    /** Starts every instance in {@code dir}, each closed by {@code workspace}, and waits until all run. */
    List<LedgerInstance> startAll(LedgerConfig config, Path dir, Workspace workspace) throws InterruptedException {
        for (int i = 1; i <= options.instances(); i++) {
            Path instanceDir = dir.resolve("instance-" + i);
            Path configFile = writeConfig(config, instanceDir);
            LedgerInstance instance = new LedgerInstance("instance-" + i, instanceDir, configFile, List.of(
                "-Xmx" + options.instanceHeap(), "-XX:+UseG1GC", "-XX:+ExitOnOutOfMemoryError",
                "-Djava.awt.headless=true"));
            workspace.push(instance);
            instances.add(instance);
            instance.start();
        }
        awaitAllRunning();
        return List.copyOf(instances);
    }

    /**
     * What every instance runs with: standby replicas 1; the classic group protocol with a 4 s session
     * timeout (the harness broker allows 3 s) and 1 s heartbeats, so a dead instance is noticed in
     * about 4 s; a 4 s transaction timeout, so the broker aborts a dead instance's open transaction
     * (which blocks its partitions) within about 5 s with the harness broker's 1 s abort check; the minimum
     * probing-rebalance interval, so a restarted instance gets its tasks back within a minute; and a
     * 30 s {@code max.poll.interval.ms}, which is the classic protocol's rebalance timeout: after a
     * broker crash the group can keep members that no longer exist, and a rebalance waits for them
     * until that timeout (5 min by default) with no partition moving (docs/chaos.md). Changelogs roll
     * 8 MB segments, so compaction keeps the accounts changelog near one record per account and a
     * restore after {@code kill -9} short; with the broker's 1 GB default nothing is compacted during a
     * run and a restart replays every posting's account update.
     */
    static Map<String, Object> instanceSettings(String bootstrap, int partitions) {
        Map<String, Object> settings = new TreeMap<>();
        settings.put(LedgerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        settings.put(LedgerConfig.APPLICATION_ID_CONFIG, APPLICATION_ID);
        settings.put(LedgerConfig.SCHEMA_REGISTRY_URL_CONFIG, "mock://hazina-chaos");
        settings.put(LedgerConfig.PARTITIONS_CONFIG, Integer.toString(partitions));
        settings.put(LedgerConfig.REPLICATION_FACTOR_CONFIG, "1");
        settings.put(LedgerConfig.NUM_STANDBY_REPLICAS_CONFIG, "1");
        settings.put(LedgerConfig.ROCKSDB_BLOCK_CACHE_BYTES_CONFIG, Long.toString(32L << 20));
        settings.put(LedgerConfig.ROCKSDB_WRITE_BUFFER_BYTES_CONFIG, Long.toString(16L << 20));
        settings.put(LedgerConfig.STREAMS_PREFIX + "session.timeout.ms", "4000");
        settings.put(LedgerConfig.STREAMS_PREFIX + "heartbeat.interval.ms", "1000");
        settings.put(LedgerConfig.STREAMS_PREFIX + "transaction.timeout.ms", "4000");
        settings.put(LedgerConfig.STREAMS_PREFIX + "probing.rebalance.interval.ms", "60000");
        settings.put(LedgerConfig.STREAMS_PREFIX + "max.poll.interval.ms", "30000");
        settings.put(LedgerConfig.STREAMS_PREFIX + "topic.segment.bytes", Integer.toString(8 << 20));
        return settings;
    }

    private Path writeConfig(LedgerConfig config, Path instanceDir) {
        Properties properties = new Properties();
        instanceSettings(config.bootstrapServers(), options.partitions()).forEach((k, v) -> properties.setProperty(k, v.toString()));
        properties.setProperty(LedgerConfig.STATE_DIR_CONFIG, instanceDir.resolve("state").toString());
        Path file = instanceDir.resolve("hazina.properties");
        try {
            Files.createDirectories(instanceDir);
            try (var writer = Files.newBufferedWriter(file)) {
                properties.store(writer, "Written by hazina chaos for one ledger instance");
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
        return file;
    }

    /** Restarts any instance that stopped by itself, and reports it, until the returned step is closed. */
    AutoCloseable watch() {
        Thread thread = new Thread(() -> {
            try {
                while (!Thread.currentThread().isInterrupted()) {
                    checkAlive();
                    Thread.sleep(500);
                }
            } catch (InterruptedException e) {
                // done
            }
        }, "hazina-chaos-supervisor");
        thread.setDaemon(true);
        thread.start();
        return () -> {
            thread.interrupt();
            thread.join(10_000);
        };
    }

    /** Restarts, and reports, every instance that stopped by itself. */
    void checkAlive() {
        for (LedgerInstance instance : instances) {
            restartIfStopped(instance);
        }
    }

    private void restartIfStopped(LedgerInstance instance) {
        synchronized (instance) {
            if (!instance.diedUnexpectedly() || Thread.currentThread().isInterrupted()) {
                return;
            }
            int exitCode = instance.acknowledgeExit();
            violation(INSTANCE_STOPPED, instance.name(), "stopped by itself with exit code " + exitCode
                + ". Last lines of " + instance.logFile() + ":\n" + instance.logTail(30));
            log.event(instance.name() + " STOPPED BY ITSELF (exit " + exitCode + "); starting it again");
            instance.start();
        }
    }

    void awaitAllRunning() throws InterruptedException {
        for (LedgerInstance instance : instances) {
            instance.awaitRunning(START_TIMEOUT);
        }
    }

    /** Records a breach the harness itself saw. */
    void violation(String invariant, String subject, String detail) {
        violations.add(new Violation(invariant, subject, detail));
    }

    List<Violation> violations() {
        synchronized (violations) {
            return List.copyOf(violations);
        }
    }

    /** Instances that stopped by themselves. */
    long unexpectedExits() {
        return violations().stream().filter(v -> v.invariant().equals(INSTANCE_STOPPED)).count();
    }
}
