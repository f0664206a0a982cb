package dev.hazina.harness.chaos;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.function.BooleanSupplier;

import dev.hazina.harness.broker.KafkaBroker;

/**
 * The schedule of faults of a chaos run, and their measurement: {@code kill -9}s of a random instance
 * and broker crashes, one at a time and spread evenly over the load after a warm-up, then (optionally)
 * a rolling restart, each instance stopped with SIGTERM and started again in turn. For each it measures
 * how long until every partition is processed again ({@link FailoverMonitor}).
 */
final class FaultSchedule {

    static final Duration FAILOVER_TIMEOUT = Duration.ofSeconds(90);
    static final Duration WARM_UP = Duration.ofSeconds(15);
    static final Duration KILL_ALLOWANCE = Duration.ofSeconds(35);
    static final Duration BROKER_ALLOWANCE = Duration.ofSeconds(45);
    static final Duration ROLL_ALLOWANCE = Duration.ofSeconds(30);
    static final Duration TAIL = Duration.ofSeconds(20);
    /** Invariant name: a request sent during the rolling restart got no outcome, or a graceful stop failed. */
    static final String ROLLING_RESTART = "ROLLING_RESTART";
    private static final Duration STOP_TIMEOUT = Duration.ofSeconds(60);
    private static final Duration SETTLE = Duration.ofSeconds(5);
    private static final Duration START_TIMEOUT = InstanceSupervisor.START_TIMEOUT;

    /** The broker and instance disruptions as they happened. */
    record Disruptions(int kills, int brokerRestarts, List<Double> failovers, List<Double> brokerRecoveries) {
    }

    /** The rolling restart as it happened: its window, each instance's stall and SIGTERM exit code. */
    record Roll(int restarted, long startMs, long endMs, List<Double> stalls, List<Integer> exitCodes) {
    }

    private final Chaos.Options options;
    private final KafkaBroker broker;
    private final List<LedgerInstance> instances;
    private final InstanceSupervisor supervisor;
    private final FailoverMonitor monitor;
    private final BooleanSupplier underLoad;
    private final EventLog log;
    private final Random random;

    FaultSchedule(Chaos.Options options, KafkaBroker broker, List<LedgerInstance> instances, InstanceSupervisor supervisor,
                  FailoverMonitor monitor, BooleanSupplier underLoad, EventLog log) {
        this.options = options;
        this.broker = broker;
        this.instances = instances;
        this.supervisor = supervisor;
        this.monitor = monitor;
        this.underLoad = underLoad;
        this.log = log;
        this.random = new Random(options.seed());
    }

    /**
     * Kills and broker crashes, one at a time, spread evenly over the load after a warm-up, leaving room
     * for the rolling restart at the end; each waits for the one before to finish and settle.
     */
    Disruptions disrupt(long loadStart, long loadMillis) throws InterruptedException {
        List<Boolean> plan = plan(options.kills(), options.brokerRestarts());
        long usable = loadMillis - WARM_UP.toMillis() - rollAllowance().toMillis() - TAIL.toMillis();
        long spacing = plan.isEmpty() ? 0 : Math.max(0, usable / plan.size());
        List<Double> failovers = new ArrayList<>();
        List<Double> recoveries = new ArrayList<>();
        int kills = 0;
        int restarts = 0;
        for (int i = 0; i < plan.size(); i++) {
            sleepUntil(loadStart + WARM_UP.toMillis() + i * spacing);
            supervisor.awaitAllRunning();
            if (plan.get(i)) {
                failovers.add(killOne());
                kills++;
            } else {
                recoveries.add(crashBroker());
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
    private Double killOne() throws InterruptedException {
        LedgerInstance victim = instances.get(random.nextInt(instances.size()));
        long pid = victim.pid();
        long killedAt = System.currentTimeMillis();
        victim.kill();
        victim.start();
        Double seconds = resumedSeconds(monitor.awaitResumed(killedAt, FAILOVER_TIMEOUT, underLoad));
        victim.awaitRunning(START_TIMEOUT);
        log.event("kill -9 " + victim.name() + " (pid " + pid + "), started again at once (pid " + victim.pid()
            + ", running " + (System.currentTimeMillis() - killedAt) / 1000 + " s after the kill): every partition "
            + "processing again after " + describe(seconds));
        return seconds;
    }

    /**
     * Seconds until every partition resumed; the timeout (a lower bound, counted in
     * failovers_over_timeout) when they had not under load; null when the load ended first.
     */
    private Double resumedSeconds(Optional<Duration> resumed) {
        return resumed.map(FaultSchedule::seconds)
            .orElse(underLoad.getAsBoolean() ? (double) FAILOVER_TIMEOUT.toSeconds() : null);
    }

    private String describe(Double seconds) {
        String overTimeout = "more than " + FAILOVER_TIMEOUT.toSeconds() + " s";
        if (seconds == null) {
            return underLoad.getAsBoolean() ? overTimeout : "(not measured: the load was over)";
        }
        return seconds >= FAILOVER_TIMEOUT.toSeconds() ? overTimeout : seconds + " s";
    }

    private Double crashBroker() throws InterruptedException {
        long crashedAt = System.currentTimeMillis();
        broker.kill();
        broker.restart();
        long downMillis = System.currentTimeMillis() - crashedAt;
        Double seconds = resumedSeconds(monitor.awaitResumed(crashedAt, FAILOVER_TIMEOUT, underLoad));
        log.event("kill -9 broker, restarted in " + downMillis / 1000.0 + " s: every partition processing again after "
            + describe(seconds));
        supervisor.awaitAllRunning();
        return seconds;
    }

    /** Every instance stopped with SIGTERM and started again, in turn, under load. */
    Roll rollingRestart(ExecutorService background) throws InterruptedException, ExecutionException {
        long rollStart = System.currentTimeMillis();
        List<Double> stalls = new ArrayList<>();
        List<Integer> exitCodes = new ArrayList<>();
        log.event("rolling restart of " + instances.size() + " instances begins");
        for (LedgerInstance instance : instances) {
            supervisor.awaitAllRunning();
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
                supervisor.violation(ROLLING_RESTART, instance.name(), "graceful stop (SIGTERM) ended with exit code "
                    + exitCode + ". Last lines of " + instance.logFile() + ":\n" + instance.logTail(20));
            }
            instance.start();
            instance.awaitRunning(START_TIMEOUT);
            Double seconds = stall.get().map(FaultSchedule::seconds).orElse(null);
            stalls.add(seconds);
            log.event("rolling restart: " + instance.name() + " stopped (SIGTERM, exit " + exitCode + ", " + stopMillis
                + " ms) and started again (pid " + instance.pid() + "); every partition processing again after "
                + describe(seconds));
            Thread.sleep(SETTLE.toMillis());
        }
        return new Roll(instances.size(), rollStart, System.currentTimeMillis(), stalls, exitCodes);
    }

    private static double seconds(Duration duration) {
        return Math.round(duration.toMillis() / 100.0) / 10.0;
    }

    static void sleepUntil(long epochMillis) throws InterruptedException {
        long wait = epochMillis - System.currentTimeMillis();
        if (wait > 0) {
            Thread.sleep(wait);
        }
    }
}
