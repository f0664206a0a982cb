package dev.hazina.harness.chaos;

import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Properties;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.BooleanSupplier;

import org.HdrHistogram.Histogram;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.hazina.harness.Workspace;
import dev.hazina.harness.broker.BrokerSettings;
import dev.hazina.harness.broker.KafkaBroker;
import dev.hazina.harness.demo.ChannelSession;
import dev.hazina.harness.demo.OutputTopics;
import dev.hazina.app.ledger.LedgerRunner;
import dev.hazina.harness.traffic.LoadDriver;
import dev.hazina.harness.traffic.Population;
import dev.hazina.harness.traffic.TrafficGenerator;
import dev.hazina.harness.traffic.TrafficRecord;
import dev.hazina.reconciliation.CheckReport;
import dev.hazina.reconciliation.LedgerChecker;
import dev.hazina.reconciliation.LedgerOutputs;
import dev.hazina.reconciliation.OutputReader;
import dev.hazina.reconciliation.Violation;
import dev.hazina.schemas.AccountState;
import dev.hazina.schemas.DeadLetter;
import dev.hazina.schemas.TransferRequest;
import dev.hazina.schemas.TransferResult;
import dev.hazina.schemas.TransferStatus;
import dev.hazina.schemas.serde.AvroSerde;
import dev.hazina.topology.LedgerConfig;
import dev.hazina.topology.LedgerConfig.TopicName;
import dev.hazina.topology.LedgerStores;
import dev.hazina.topology.LedgerTopicsAdmin;

/**
 * The chaos harness, after Kafka's own Streams EOS system test: a real KRaft broker and K ledger
 * instances as separate JVMs ({@code hazina run}, standby replicas 1, 4 s session timeout), a funded
 * population and steady open-loop channel traffic, during which it
 * <ol>
 *   <li>{@code kill -9}s a random instance X times, measures how long the orphaned partitions stall
 *       ({@link FailoverMonitor}) and starts the instance again;</li>
 *   <li>crashes the broker ({@code kill -9}) and starts it again Y times;</li>
 *   <li>writes hostile records to both channel inputs ({@link HostileInputs});</li>
 *   <li>restarts every instance in turn, gracefully (SIGTERM), as an upgrade would.</li>
 * </ol>
 * Then it waits for quiescence and checks everything read back with read_committed: the reconciliation
 * invariants ({@link LedgerChecker}), the accounts store against a sequential reference model
 * ({@link BalanceModel}, {@link StoreCheck}), the fate of every hostile record ({@link HostileTally}),
 * and that no instance ever stopped by itself. Everything it starts is stopped at the end, on failure
 * and on Ctrl-C too.
 */
public final class Chaos {

    private static final Logger LOG = LoggerFactory.getLogger(Chaos.class);
    private static final String APPLICATION_ID = "hazina-chaos";
    /** A restart after kill -9 restores its stores from the changelogs first (exactly-once keeps no dirty state). */
    private static final Duration START_TIMEOUT = Duration.ofMinutes(10);
    private static final Duration FAILOVER_TIMEOUT = Duration.ofSeconds(90);
    private static final Duration STOP_TIMEOUT = Duration.ofSeconds(60);
    private static final Duration WARM_UP = Duration.ofSeconds(15);
    private static final Duration SETTLE = Duration.ofSeconds(5);
    private static final Duration KILL_ALLOWANCE = Duration.ofSeconds(35);
    private static final Duration BROKER_ALLOWANCE = Duration.ofSeconds(45);
    private static final Duration ROLL_ALLOWANCE = Duration.ofSeconds(30);
    private static final Duration TAIL = Duration.ofSeconds(20);
    private static final Duration QUIET = Duration.ofSeconds(5);
    private static final Duration OUTCOME_TIMEOUT = Duration.ofMinutes(5);
    private static final Duration READ_TIMEOUT = Duration.ofMinutes(5);

    /** Invariant name: an instance stopped although nothing killed or stopped it. */
    static final String INSTANCE_STOPPED = "INSTANCE_STOPPED";
    /** Invariant name: a request sent during the rolling restart got no outcome, or a graceful stop failed. */
    static final String ROLLING_RESTART = "ROLLING_RESTART";

    /**
     * What to run.
     *
     * @param instances      ledger instances (child JVMs), at least 2
     * @param transfers      channel requests to send during the chaos
     * @param kills          {@code kill -9}s of a random instance
     * @param brokerRestarts broker crashes ({@code kill -9}) and restarts
     * @param rate           open-loop send rate per second; 0 picks one that spreads the load over the events
     * @param accounts       population size
     * @param partitions     partitions of every topic
     * @param hostileRounds  rounds of hostile input, one record of every standard {@link HostileCase} each
     * @param hostileNearLimit whether each round also sends {@link HostileCase#REQUEST_NEAR_SIZE_LIMIT}
     * @param rollingRestart whether to restart every instance in turn, gracefully, under load
     * @param seed           traffic, victim and fuzzer seed
     * @param workDir        where the broker, instances and logs live; null for a temporary folder
     *                       that is deleted unless the run fails
     * @param instanceHeap   maximum heap of each instance JVM, as for {@code -Xmx}
     * @param brokerSettings broker settings over the harness's own (e.g. to try a mitigation); null for none
     */
    public record Options(int instances, int transfers, int kills, int brokerRestarts, int rate, int accounts,
                          int partitions, int hostileRounds, boolean hostileNearLimit, boolean rollingRestart, long seed,
                          Path workDir, String instanceHeap, Map<String, String> brokerSettings) {

        public Options {
            if (instances < 2) {
                throw new IllegalArgumentException("--instances must be at least 2, so a survivor can take over");
            }
            if (transfers < 1 || kills < 0 || brokerRestarts < 0 || rate < 0 || accounts < 10 || partitions < 1
                    || hostileRounds < 0) {
                throw new IllegalArgumentException("--transfers and --partitions must be positive, --accounts at least 10, "
                    + "the other counts zero or more");
            }
            brokerSettings = brokerSettings == null ? Map.of() : Map.copyOf(brokerSettings);
        }

        /**
         * The send rate: as given, or one that keeps the load going until the events are over, so that
         * every failover is measured under load. This allows generously for each event on a busy 2-core
         * machine: a kill with its restart about 35 s, a broker crash 45 s, a graceful restart 30 s.
         */
        int effectiveRate() {
            if (rate > 0) {
                return rate;
            }
            long seconds = WARM_UP.plus(TAIL).toSeconds() + KILL_ALLOWANCE.toSeconds() * kills
                + BROKER_ALLOWANCE.toSeconds() * brokerRestarts
                + (rollingRestart ? ROLL_ALLOWANCE.toSeconds() * instances : 0);
            return (int) Math.max(20, Math.min(1_000, (transfers + seconds - 1) / seconds));
        }
    }

    private final Options options;
    private final PrintStream out;
    private Workspace workspace;
    private final List<String> events = Collections.synchronizedList(new ArrayList<>());
    private final List<Violation> harnessViolations = Collections.synchronizedList(new ArrayList<>());
    private final Random random;
    private long startedAt;

    public Chaos(Options options, PrintStream out) {
        this.options = options;
        this.out = out;
        this.random = new Random(options.seed());
    }

    public ChaosReport run() throws Exception {
        startedAt = System.currentTimeMillis();
        try (Workspace workspace = Workspace.in(options.workDir(), "hazina-chaos-")) {
            this.workspace = workspace;
            workspace.keep(true);
            workspace.push(() -> {
                if (!workspace.deletesOnClose()) {
                    out.println("Chaos work dir kept, with the broker's and every instance's log: " + workspace.dir());
                }
            });
            ChaosReport report = chaos(workspace.dir());
            workspace.keep(!report.ok());
            return report;
        }
    }

    private ChaosReport chaos(Path dir) throws Exception {
        out.println("Starting a KRaft broker and controller in " + dir + " ...");
        BrokerSettings brokerSettings = BrokerSettings.of(dir.resolve("broker")).withHeap("512m")
            // A crashed instance's open transaction blocks its partitions until aborted: check for that every second.
            .withOverride("transaction.abort.timed.out.transaction.cleanup.interval.ms", "1000");
        for (Map.Entry<String, String> setting : options.brokerSettings().entrySet()) {
            brokerSettings = brokerSettings.withOverride(setting.getKey(), setting.getValue());
        }
        KafkaBroker broker = KafkaBroker.start(brokerSettings);
        workspace.push(broker);
        LedgerConfig config = config(broker.bootstrapServers(), dir);
        try (Admin admin = LedgerRunner.admin(config)) {
            new LedgerTopicsAdmin(config).createOrVerify(admin);
        }
        LedgerRunner.registerSchemas(config);

        List<LedgerInstance> instances = startInstances(config, dir);
        out.println(instances.size() + " ledger instances running (hazina run, standby replicas 1); opening accounts ...");
        ChannelSession channel = new ChannelSession(config);
        workspace.push(channel);
        Population population = Population.of(options.accounts());
        List<TransferRequest> setup = channel.setUp(population);

        FailoverMonitor monitor = new FailoverMonitor(config.bootstrapServers(), config.applicationId(),
            List.of(config.topicName(TopicName.TRANSFER_REQUESTS), config.topicName(TopicName.LEDGER_LEGS)),
            config.partitions());
        workspace.push(monitor);
        Thread supervisor = supervise(instances);
        workspace.push(() -> {
            supervisor.interrupt();
            supervisor.join(10_000);
        });
        ExecutorService background = Executors.newCachedThreadPool(runnable -> {
            Thread thread = new Thread(runnable, "hazina-chaos-background");
            thread.setDaemon(true);
            return thread;
        });
        workspace.push(background::shutdownNow);

        int rate = options.effectiveRate();
        long loadSeconds = Math.max(1, options.transfers() / rate);
        String runId = "chaos-" + UUID.randomUUID().toString().substring(0, 8);
        TrafficGenerator traffic = TrafficGenerator.standard(population, options.seed(), runId);
        out.printf("Sending %,d requests at %d/s (about %d s) with %d kills, %d broker restarts, %d hostile rounds%s%n",
            options.transfers(), rate, loadSeconds, options.kills(), options.brokerRestarts(), options.hostileRounds(),
            options.rollingRestart() ? " and a rolling restart" : "");
        long loadStart = System.currentTimeMillis();
        CompletableFuture<LoadDriver.Sent> load = CompletableFuture.supplyAsync(
            () -> channel.load(traffic, options.transfers(), rate), background);
        List<HostileCase> cases = new ArrayList<>(HostileCase.standard());
        if (options.hostileNearLimit()) {
            cases.add(HostileCase.REQUEST_NEAR_SIZE_LIMIT);
        }
        HostileInputs hostile = new HostileInputs(config, population, options.seed() + 1, runId, cases);
        HostileSender sender = new HostileSender(config.bootstrapServers());
        workspace.push(sender);
        CompletableFuture<List<HostileSender.Sent>> fuzz = CompletableFuture.supplyAsync(
            () -> fuzz(hostile, sender, loadStart, loadSeconds * 1000), background);

        BooleanSupplier underLoad = () -> !load.isDone();
        Disruptions disruptions = disrupt(broker, instances, monitor, underLoad, loadStart, loadSeconds * 1000);
        ChaosReport.RollingRestart roll = null;
        long[] rollWindow = null;
        if (options.rollingRestart()) {
            long rollStart = System.currentTimeMillis();
            List<Double> stalls = new ArrayList<>();
            List<Integer> exitCodes = new ArrayList<>();
            rollingRestart(instances, monitor, underLoad, background, stalls, exitCodes);
            rollWindow = new long[] {rollStart, System.currentTimeMillis()};
            roll = new ChaosReport.RollingRestart(instances.size(), (rollWindow[1] - rollWindow[0]) / 1000.0, stalls,
                exitCodes, null, 0);
        }
        long eventsDoneAt = System.currentTimeMillis();
        LoadDriver.Sent sent = load.get();
        if (sent.finishedAtMs() < eventsDoneAt) {
            event("WARNING: the load ended " + (eventsDoneAt - sent.finishedAtMs()) / 1000 + " s before the last chaos "
                + "event; lower --rate so that every event happens under load");
        } else {
            event("load done; the chaos events were over " + (sent.finishedAtMs() - eventsDoneAt) / 1000 + " s before");
        }
        List<HostileSender.Sent> hostileSent = fuzz.get();
        Set<String> expected = ChannelSession.expectingResults(sent.records());
        channel.awaitOutcomes("Outcomes", expected, OUTCOME_TIMEOUT);
        try {
            awaitQuiescence(config, instances);
        } catch (IllegalStateException e) {
            throw new IllegalStateException("the ledger did not recover after the chaos (" + harnessViolations.size()
                + " unexpected stops so far; the instance logs are in " + dir + "): " + e.getMessage(), e);
        }
        checkAlive(instances);

        out.println("Reading every output back (read_committed) and checking ...");
        return check(config, setup, sent, hostileSent, channel.watcher().latencies(), disruptions, roll,
            rollWindow, instances.size(), rate);
    }

    /** The broker and instance disruptions as they happened. */
    private record Disruptions(int kills, int brokerRestarts, List<Double> failovers, List<Double> brokerRecoveries) {
    }

    /**
     * Kills and broker crashes, one at a time, spread evenly over the load after a warm-up, leaving room
     * for the rolling restart at the end; each waits for the one before to finish and settle.
     */
    private Disruptions disrupt(KafkaBroker broker, List<LedgerInstance> instances, FailoverMonitor monitor,
                                BooleanSupplier underLoad, long loadStart, long loadMillis) throws InterruptedException {
        List<Boolean> plan = plan(options.kills(), options.brokerRestarts());
        long usable = loadMillis - WARM_UP.toMillis() - rollAllowance().toMillis() - TAIL.toMillis();
        long spacing = plan.isEmpty() ? 0 : Math.max(0, usable / plan.size());
        List<Double> failovers = new ArrayList<>();
        List<Double> recoveries = new ArrayList<>();
        int kills = 0;
        int restarts = 0;
        for (int i = 0; i < plan.size(); i++) {
            sleepUntil(loadStart + WARM_UP.toMillis() + i * spacing);
            awaitAllRunning(instances);
            if (plan.get(i)) {
                failovers.add(killOne(instances, monitor, underLoad));
                kills++;
            } else {
                recoveries.add(crashBroker(broker, instances, monitor, underLoad));
                restarts++;
            }
            Thread.sleep(SETTLE.toMillis());
        }
        sleepUntil(loadStart + loadMillis - rollAllowance().toMillis() - TAIL.toMillis());
        return new Disruptions(kills, restarts, failovers, recoveries);
    }

    private Duration rollAllowance() {
        return options.rollingRestart() ? ROLL_ALLOWANCE.multipliedBy(options.instances()) : Duration.ZERO;
    }

    /** true for a kill, false for a broker restart; broker restarts spread evenly among the kills. */
    static List<Boolean> plan(int kills, int brokerRestarts) {
        List<Boolean> plan = new ArrayList<>();
        for (int i = 0; i < kills; i++) {
            plan.add(true);
        }
        for (int j = 0; j < brokerRestarts; j++) {
            int at = (int) Math.round((j + 1) * (double) (kills + brokerRestarts) / (brokerRestarts + 1)) - 1;
            plan.add(Math.max(0, Math.min(plan.size(), at)), false);
        }
        return plan;
    }

    /**
     * {@code kill -9} of a random instance, started again at once as a process supervisor would. The
     * failover time is from the kill until every partition is processed again, by a survivor that took
     * the orphaned tasks over or by the restarted instance, whichever comes first.
     */
    private Double killOne(List<LedgerInstance> instances, FailoverMonitor monitor, BooleanSupplier underLoad)
            throws InterruptedException {
        LedgerInstance victim = instances.get(random.nextInt(instances.size()));
        long pid = victim.pid();
        long killedAt = System.currentTimeMillis();
        victim.kill();
        victim.start();
        Double seconds = resumedSeconds(monitor.awaitResumed(killedAt, FAILOVER_TIMEOUT, underLoad), underLoad);
        victim.awaitRunning(START_TIMEOUT);
        event("kill -9 " + victim.name() + " (pid " + pid + "), started again at once (pid " + victim.pid() + ", running "
            + (System.currentTimeMillis() - killedAt) / 1000 + " s after the kill): every partition processing again after "
            + describe(seconds, underLoad));
        return seconds;
    }

    /**
     * Seconds until every partition resumed; the timeout (a lower bound, counted in
     * failovers_over_timeout) when they had not under load; null when the load ended first.
     */
    private static Double resumedSeconds(Optional<Duration> resumed, BooleanSupplier underLoad) {
        return resumed.map(Chaos::seconds)
            .orElse(underLoad.getAsBoolean() ? (double) FAILOVER_TIMEOUT.toSeconds() : null);
    }

    private static String describe(Double seconds, BooleanSupplier underLoad) {
        String overTimeout = "more than " + FAILOVER_TIMEOUT.toSeconds() + " s";
        if (seconds == null) {
            return underLoad.getAsBoolean() ? overTimeout : "(not measured: the load was over)";
        }
        return seconds >= FAILOVER_TIMEOUT.toSeconds() ? overTimeout : seconds + " s";
    }

    private Double crashBroker(KafkaBroker broker, List<LedgerInstance> instances, FailoverMonitor monitor,
                               BooleanSupplier underLoad) throws InterruptedException {
        long crashedAt = System.currentTimeMillis();
        broker.kill();
        broker.restart();
        long downMillis = System.currentTimeMillis() - crashedAt;
        Double seconds = resumedSeconds(monitor.awaitResumed(crashedAt, FAILOVER_TIMEOUT, underLoad), underLoad);
        event("kill -9 broker, restarted in " + downMillis / 1000.0 + " s: every partition processing again after "
            + describe(seconds, underLoad));
        awaitAllRunning(instances);
        return seconds;
    }

    private void rollingRestart(List<LedgerInstance> instances, FailoverMonitor monitor, BooleanSupplier underLoad,
                                ExecutorService background, List<Double> stalls, List<Integer> exitCodes)
            throws InterruptedException, ExecutionException {
        event("rolling restart of " + instances.size() + " instances begins");
        for (LedgerInstance instance : instances) {
            awaitAllRunning(instances);
            long stoppedAt = System.currentTimeMillis();
            CompletableFuture<Optional<Duration>> stall = CompletableFuture.supplyAsync(() -> {
                try {
                    return monitor.awaitResumed(stoppedAt, FAILOVER_TIMEOUT, underLoad);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return Optional.empty();
                }
            }, background);
            int exitCode = instance.terminate(STOP_TIMEOUT);
            long stopMillis = System.currentTimeMillis() - stoppedAt;
            exitCodes.add(exitCode);
            // hazina run exits 0 after SIGTERM; 143 is the JVM's own status for a SIGTERM it honoured.
            if (exitCode != 0 && exitCode != 143) {
                harnessViolation(ROLLING_RESTART, instance.name(), "graceful stop (SIGTERM) ended with exit code "
                    + exitCode + ". Last lines of " + instance.logFile() + ":\n" + instance.logTail(20));
            }
            instance.start();
            instance.awaitRunning(START_TIMEOUT);
            Double seconds = stall.get().map(Chaos::seconds).orElse(null);
            stalls.add(seconds);
            event("rolling restart: " + instance.name() + " stopped (SIGTERM, exit " + exitCode + ", " + stopMillis
                + " ms) and started again (pid " + instance.pid() + "); every partition processing again after "
                + describe(seconds, underLoad));
            Thread.sleep(SETTLE.toMillis());
        }
    }

    private List<HostileSender.Sent> fuzz(HostileInputs hostile, HostileSender sender, long loadStart, long loadMillis) {
        List<HostileSender.Sent> sent = new ArrayList<>();
        try {
            for (int round = 0; round < options.hostileRounds(); round++) {
                sleepUntil(loadStart + (2L * round + 1) * loadMillis / (2L * options.hostileRounds()));
                for (HostileInputs.HostileRecord record : hostile.round()) {
                    sent.add(sender.send(record));
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (!sent.isEmpty()) {
            event("fuzzer sent " + sent.size() + " hostile records in " + options.hostileRounds() + " rounds");
        }
        return sent;
    }

    private List<LedgerInstance> startInstances(LedgerConfig config, Path dir) throws InterruptedException {
        List<LedgerInstance> instances = new ArrayList<>();
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
        for (LedgerInstance instance : instances) {
            instance.awaitRunning(START_TIMEOUT);
        }
        return instances;
    }

    /**
     * The harness's view of the ledger config: the shared settings, with the instance-specific state dir
     * written per instance by {@link #writeConfig}.
     */
    private LedgerConfig config(String bootstrap, Path dir) {
        Map<String, Object> settings = new HashMap<>(instanceSettings(bootstrap, options.partitions()));
        settings.put(LedgerConfig.STATE_DIR_CONFIG, dir.resolve("harness-state").toString());
        return new LedgerConfig(settings);
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

    /** Restarts any instance that stopped by itself, and reports it: the topology must never stop. */
    private Thread supervise(List<LedgerInstance> instances) {
        Thread thread = new Thread(() -> {
            try {
                while (!Thread.currentThread().isInterrupted()) {
                    for (LedgerInstance instance : instances) {
                        restartIfStopped(instance);
                    }
                    Thread.sleep(500);
                }
            } catch (InterruptedException e) {
                // done
            }
        }, "hazina-chaos-supervisor");
        thread.setDaemon(true);
        thread.start();
        return thread;
    }

    private void restartIfStopped(LedgerInstance instance) {
        synchronized (instance) {
            if (!instance.diedUnexpectedly() || Thread.currentThread().isInterrupted()) {
                return;
            }
            int exitCode = instance.acknowledgeExit();
            harnessViolation(INSTANCE_STOPPED, instance.name(), "stopped by itself with exit code " + exitCode
                + ". Last lines of " + instance.logFile() + ":\n" + instance.logTail(30));
            event(instance.name() + " STOPPED BY ITSELF (exit " + exitCode + "); starting it again");
            instance.start();
        }
    }

    private void checkAlive(List<LedgerInstance> instances) {
        for (LedgerInstance instance : instances) {
            restartIfStopped(instance);
        }
    }

    private void awaitAllRunning(List<LedgerInstance> instances) throws InterruptedException {
        for (LedgerInstance instance : instances) {
            instance.awaitRunning(START_TIMEOUT);
        }
    }

    /**
     * Quiescence: every instance is up and no topic of the ledger (outputs, legs, changelogs) has grown
     * for {@link #QUIET}. The outcomes were awaited before, so the only work left is saga legs.
     */
    private void awaitQuiescence(LedgerConfig config, List<LedgerInstance> instances) throws InterruptedException {
        awaitAllRunning(instances);
        long deadline = System.currentTimeMillis() + READ_TIMEOUT.toMillis();
        try (Admin admin = LedgerRunner.admin(config)) {
            Map<TopicPartition, Long> last = null;
            long quietSince = System.currentTimeMillis();
            while (System.currentTimeMillis() < deadline) {
                Map<TopicPartition, Long> ends = endOffsets(admin, config);
                if (!ends.equals(last)) {
                    last = ends;
                    quietSince = System.currentTimeMillis();
                } else if (System.currentTimeMillis() - quietSince >= QUIET.toMillis()) {
                    event("quiescent: no topic of the ledger grew for " + QUIET.toSeconds() + " s");
                    return;
                }
                Thread.sleep(500);
            }
        }
        event("WARNING: the ledger was still writing after " + READ_TIMEOUT.toMinutes() + " min; checking anyway");
    }

    private static Map<TopicPartition, Long> endOffsets(Admin admin, LedgerConfig config) throws InterruptedException {
        try {
            Set<String> topics = new HashSet<>();
            for (String name : admin.listTopics().names().get()) {
                if (name.startsWith(config.applicationId() + "-") || name.startsWith("hazina.")) {
                    topics.add(name);
                }
            }
            Map<TopicPartition, OffsetSpec> request = new HashMap<>();
            for (TopicDescription description : admin.describeTopics(topics).allTopicNames().get().values()) {
                description.partitions().forEach(p -> request.put(
                    new TopicPartition(description.name(), p.partition()), OffsetSpec.latest()));
            }
            Map<TopicPartition, Long> ends = new HashMap<>();
            admin.listOffsets(request).all().get().forEach((tp, info) -> ends.put(tp, info.offset()));
            return ends;
        } catch (ExecutionException e) {
            return Map.of();
        }
    }

    private ChaosReport check(LedgerConfig config, List<TransferRequest> setup, LoadDriver.Sent sent,
                              List<HostileSender.Sent> hostileSent, Histogram visible, Disruptions disruptions,
                              ChaosReport.RollingRestart roll, long[] rollWindow, int instances, int rate) {
        LedgerOutputs outputs = OutputTopics.read(config);
        List<DeadLetter> deadLetters = OutputTopics.deadLetters(config);
        HostileTally.Report hostile = HostileTally.tally(hostileSent, deadLetters, outputs.results(),
            outputs.accountEvents());

        List<TransferRequest> requests = new ArrayList<>(setup);
        sent.records().stream().filter(TrafficRecord::expectsResult).forEach(r -> requests.add(r.request()));
        requests.addAll(hostile.answeredRequests());
        CheckReport checked = LedgerChecker.check(outputs.withRequests(requests), true);
        Map<String, AccountState> store = readAccountsStore(config);
        BalanceModel model = BalanceModel.replay(config, requests, outputs.results());

        List<Violation> violations = new ArrayList<>(checked.violations());
        violations.addAll(model.violations());
        violations.addAll(StoreCheck.check(model, store, outputs.entries(), checked.finalBalances()));
        violations.addAll(hostile.violations());
        violations.addAll(harnessViolations);

        if (roll != null) {
            long failedDuringRoll = failedBetween(sent, outputs.results(), rollWindow[0], rollWindow[1]);
            if (failedDuringRoll > 0) {
                violations.add(new Violation(ROLLING_RESTART, "requests", failedDuringRoll
                    + " requests sent during the rolling restart have no outcome"));
            }
            roll = new ChaosReport.RollingRestart(roll.restarted(), roll.durationSeconds(), roll.stallSeconds(),
                roll.stopExitCodes(), latency(decisionLatencies(outputs.results(), rollWindow[0], rollWindow[1])),
                failedDuringRoll);
        }

        Map<String, Long> outcomes = new TreeMap<>();
        checked.outcomesByStatus().forEach((status, count) -> outcomes.put(status.name(), count));
        Map<String, Long> deadByReason = new TreeMap<>();
        deadLetters.forEach(d -> deadByReason.merge(d.getReason(), 1L, Long::sum));
        Double maxFailover = disruptions.failovers().stream().filter(Objects::nonNull).max(Double::compare).orElse(null);
        long overTimeout = disruptions.failovers().stream()
            .filter(f -> f != null && f >= FAILOVER_TIMEOUT.toSeconds()).count();
        long unexpected = harnessViolations.stream().filter(v -> v.invariant().equals(INSTANCE_STOPPED)).count();
        return new ChaosReport(
            sent.records().size(),
            setup.size(),
            outcomes,
            checked.duplicatesAnswered(),
            deadByReason,
            disruptions.kills(),
            disruptions.brokerRestarts(),
            disruptions.failovers(),
            maxFailover,
            overTimeout,
            disruptions.brokerRecoveries(),
            unexpected,
            roll,
            latency(decisionLatencies(outputs.results(), sent.startedAtMs(), Long.MAX_VALUE)),
            latency(visible),
            hostile,
            new ChaosReport.StoreSummary(store.size(), model.expectedBalances().size(), model.replayed()),
            checked.entries(),
            instances,
            options.partitions(),
            rate,
            options.seed(),
            (System.currentTimeMillis() - startedAt) / 1000,
            List.copyOf(events),
            violations.stream().map(Violation::toString).toList());
    }

    /** The accounts store as committed: its changelog read to the end, read_committed, last value per key. */
    static Map<String, AccountState> readAccountsStore(LedgerConfig config) {
        String changelog = config.applicationId() + "-" + LedgerStores.ACCOUNTS + "-changelog";
        List<AccountState> states = OutputReader.readValues(
            Map.of("bootstrap.servers", config.bootstrapServers(), "client.id", "hazina-chaos-store-reader"),
            changelog, AvroSerde.forValues(AccountState.class, config.serdeConfig()).deserializer(), READ_TIMEOUT);
        Map<String, AccountState> store = new HashMap<>();
        states.forEach(state -> store.put(state.getAccountId(), state));
        return store;
    }

    private static long failedBetween(LoadDriver.Sent sent, List<TransferResult> results, long from, long to) {
        Set<String> decided = new HashSet<>();
        for (TransferResult result : results) {
            if (!result.getDuplicate() && result.getStatus() != TransferStatus.PENDING) {
                decided.add(result.getRequestId());
            }
        }
        return sent.records().stream()
            .filter(TrafficRecord::expectsResult)
            .filter(r -> r.request().getRequestedAt() >= from && r.request().getRequestedAt() < to)
            .filter(r -> !decided.contains(r.request().getRequestId()))
            .count();
    }

    /**
     * Latency from each request's intended send time to the ledger's decision ({@code decidedAt}), over
     * the original outcomes of requests sent in {@code [fromMs, toMs)}. The outcome becomes visible to a
     * channel one commit (at most {@code commit.interval.ms}) and a fetch later. Every process of the
     * harness runs on one machine, so the clocks agree.
     */
    static Histogram decisionLatencies(List<TransferResult> results, long fromMs, long toMs) {
        Histogram histogram = new Histogram(3);
        Set<String> seen = new HashSet<>();
        for (TransferResult result : results) {
            long sentAt = result.getRequestedAt();
            if (!result.getDuplicate() && sentAt >= fromMs && sentAt < toMs && seen.add(result.getRequestId())) {
                histogram.recordValue(Math.max(0, result.getDecidedAt() - sentAt));
            }
        }
        return histogram;
    }

    private static ChaosReport.Latency latency(Histogram histogram) {
        if (histogram.getTotalCount() == 0) {
            return new ChaosReport.Latency(0, 0, 0, 0);
        }
        return new ChaosReport.Latency(histogram.getValueAtPercentile(50), histogram.getValueAtPercentile(99),
            histogram.getMaxValue(), histogram.getTotalCount());
    }

    private void event(String what) {
        String line = String.format("%6.1fs %s", (System.currentTimeMillis() - startedAt) / 1000.0, what);
        events.add(line);
        out.println("  " + line);
    }

    private void harnessViolation(String invariant, String subject, String detail) {
        harnessViolations.add(new Violation(invariant, subject, detail));
    }

    private static double seconds(Duration duration) {
        return Math.round(duration.toMillis() / 100.0) / 10.0;
    }

    private static void sleepUntil(long epochMillis) throws InterruptedException {
        long wait = epochMillis - System.currentTimeMillis();
        if (wait > 0) {
            Thread.sleep(wait);
        }
    }
}
