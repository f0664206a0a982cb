package dev.hazina.harness.chaos;

import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.BooleanSupplier;

import org.apache.kafka.clients.admin.Admin;

import dev.hazina.app.ledger.LedgerRunner;
import dev.hazina.harness.Workspace;
import dev.hazina.harness.broker.BrokerSettings;
import dev.hazina.harness.broker.KafkaBroker;
import dev.hazina.harness.demo.ChannelSession;
import dev.hazina.harness.traffic.LoadDriver;
import dev.hazina.harness.traffic.Population;
import dev.hazina.harness.traffic.TrafficGenerator;
import dev.hazina.reconciliation.stream.ReconciliationStatus;
import dev.hazina.schemas.TransferRequest;
import dev.hazina.topology.LedgerConfig;
import dev.hazina.topology.LedgerTopics;
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
 * The reconciliation stream runs beside the instances all along ({@link ChaosReconciliation}) and is
 * restarted once; its alerts are judged at the end ({@link ReconciliationVerdict}).
 * Then it waits for quiescence and checks everything read back with read_committed ({@link ChaosVerdict}).
 * This class wires the run together: the faults are {@link FaultSchedule}'s, the instances
 * {@link InstanceSupervisor}'s. Everything it starts is stopped at the end, on failure and on Ctrl-C too
 * ({@link Workspace}).
 */
public final class Chaos {

    private static final Duration OUTCOME_TIMEOUT = Duration.ofMinutes(5);
    private static final Duration RECONCILIATION_TIMEOUT = Duration.ofSeconds(90);

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
            long seconds = FaultSchedule.WARM_UP.plus(FaultSchedule.TAIL).toSeconds()
                + FaultSchedule.KILL_ALLOWANCE.toSeconds() * kills
                + FaultSchedule.BROKER_ALLOWANCE.toSeconds() * brokerRestarts
                + (rollingRestart ? FaultSchedule.ROLL_ALLOWANCE.toSeconds() * instances : 0);
            return (int) Math.max(20, Math.min(1_000, (transfers + seconds - 1) / seconds));
        }
    }

    private final Options options;
    private final PrintStream out;

    public Chaos(Options options, PrintStream out) {
        this.options = options;
        this.out = out;
    }

    public ChaosReport run() throws Exception {
        EventLog log = new EventLog(out);
        try (Workspace workspace = Workspace.in(options.workDir(), "hazina-chaos-")) {
            // Kept unless the run passes: the broker's and instances' logs are what explains a failure.
            workspace.keep(true);
            workspace.push(() -> {
                if (!workspace.deletesOnClose()) {
                    out.println("Chaos work dir kept, with the broker's and every instance's log: " + workspace.dir());
                }
            });
            ChaosReport report = chaos(workspace, log);
            workspace.keep(!report.ok());
            return report;
        }
    }

    private ChaosReport chaos(Workspace workspace, EventLog log) throws Exception {
        Path dir = workspace.dir();
        out.println("Starting a KRaft broker and controller in " + dir + " ...");
        BrokerSettings brokerSettings = BrokerSettings.of(dir.resolve("broker")).withHeap("512m")
            // A crashed instance's open transaction blocks its partitions until aborted: check for that every second.
            .withOverride("transaction.abort.timed.out.transaction.cleanup.interval.ms", "1000");
        for (Map.Entry<String, String> setting : options.brokerSettings().entrySet()) {
            brokerSettings = brokerSettings.withOverride(setting.getKey(), setting.getValue());
        }
        KafkaBroker broker = workspace.push(KafkaBroker.start(brokerSettings));
        InstanceSupervisor supervisor = new InstanceSupervisor(options, log);
        LedgerConfig config = supervisor.config(broker.bootstrapServers(), dir);
        try (Admin admin = LedgerRunner.admin(config)) {
            new LedgerTopicsAdmin(config).createOrVerify(admin);
        }
        LedgerRunner.registerSchemas(config);
        ChaosReconciliation reconciliation = workspace.push(
            ChaosReconciliation.start(config, dir.resolve("reconciliation-state"), log));

        List<LedgerInstance> instances = supervisor.startAll(config, dir, workspace);
        out.println(instances.size() + " ledger instances running (hazina run, standby replicas 1); opening accounts ...");
        ChannelSession channel = workspace.push(new ChannelSession(config));
        Population population = Population.of(options.accounts());
        List<TransferRequest> setup = channel.setUp(population);

        LedgerTopics topics = LedgerTopics.from(config);
        FailoverMonitor monitor = workspace.push(new FailoverMonitor(config.bootstrapServers(), config.applicationId(),
            List.of(topics.requests().name(), topics.legs().name()), config.partitions()));
        workspace.push(supervisor.watch());
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
        HostileSender sender = workspace.push(new HostileSender(config.bootstrapServers()));
        CompletableFuture<List<HostileSender.Sent>> fuzz = CompletableFuture.supplyAsync(() -> {
            List<HostileSender.Sent> sent = sender.sendRounds(hostile, options.hostileRounds(), loadStart, loadSeconds * 1000);
            if (!sent.isEmpty()) {
                log.event("fuzzer sent " + sent.size() + " hostile records in " + options.hostileRounds() + " rounds");
            }
            return sent;
        }, background);

        // The reconciliation stream's own failover, early in the load, between the first kills.
        CompletableFuture<Void> reconciliationRestart = CompletableFuture.runAsync(() -> {
            try {
                FaultSchedule.sleepUntil(loadStart + loadSeconds * 1000 / 6);
                reconciliation.restart();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, background);

        BooleanSupplier underLoad = () -> !load.isDone();
        FaultSchedule faults = new FaultSchedule(options, broker, instances, supervisor, monitor, underLoad, log);
        FaultSchedule.Disruptions disruptions = faults.disrupt(loadStart, loadSeconds * 1000);
        FaultSchedule.Roll roll = options.rollingRestart() ? faults.rollingRestart(background) : null;
        long eventsDoneAt = System.currentTimeMillis();
        LoadDriver.Sent sent = load.get();
        if (sent.finishedAtMs() < eventsDoneAt) {
            log.event("WARNING: the load ended " + (eventsDoneAt - sent.finishedAtMs()) / 1000 + " s before the last chaos "
                + "event; lower --rate so that every event happens under load");
        } else {
            log.event("load done; the chaos events were over " + (sent.finishedAtMs() - eventsDoneAt) / 1000 + " s before");
        }
        List<HostileSender.Sent> hostileSent = fuzz.get();
        channel.awaitOutcomes("Outcomes", ChannelSession.expectingResults(sent.records()), OUTCOME_TIMEOUT);
        try {
            ChaosVerdict.awaitQuiescence(config, supervisor, log);
        } catch (IllegalStateException e) {
            throw new IllegalStateException("the ledger did not recover after the chaos (" + supervisor.violations().size()
                + " unexpected stops so far; the instance logs are in " + dir + "): " + e.getMessage(), e);
        }
        supervisor.checkAlive();
        reconciliationRestart.get();
        ReconciliationStatus reconciled = reconciliation.awaitCaughtUp(RECONCILIATION_TIMEOUT);
        ReconciliationVerdict.Said said = new ReconciliationVerdict.Said(reconciliation.alerts(), reconciled,
            reconciliation.restartSeconds());

        out.println("Reading every output back (read_committed) and checking ...");
        ChaosReport.Builder report = ChaosVerdict.failovers(ChaosReport.builder(), disruptions)
            .visibleLatencyMs(ChaosVerdict.latency(channel.watcher().latencies()))
            .instances(instances.size())
            .partitions(options.partitions())
            .rate(rate)
            .seed(options.seed());
        return ChaosVerdict.check(config, setup, sent, hostileSent, roll, supervisor, said, report)
            .durationSeconds(log.elapsedSeconds())
            .events(log.events())
            .build();
    }
}
