package dev.hazina.bench.load;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import org.HdrHistogram.Histogram;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.hazina.harness.traffic.TrafficGenerator;
import dev.hazina.bench.proc.ProcessSampler;

/**
 * Runs one rate step against a system: open-loop load for warm-up plus the measured window, then a
 * drain, then the verdict.
 *
 * <p>A rate is sustained when, over the measured window, p99 latency is within the limit, every
 * owed outcome arrived (within the drain timeout), and the backlog of owed outcomes did not grow.
 */
public final class StepRunner {

    private static final Logger LOG = LoggerFactory.getLogger(StepRunner.class);
    private static final Duration SETTLE_TIMEOUT = Duration.ofMinutes(5);
    /** Outputs that follow a request's result (the payer's CONFIRM step) get this long to land. */
    private static final Duration AFTERMATH = Duration.ofSeconds(1);

    /**
     * How steps run and are judged.
     *
     * @param warmup       load before the measured window, not measured
     * @param measure      the measured window
     * @param drainTimeout how long after the window outcomes may still arrive
     * @param p99LimitMs   the latency a sustained rate must keep at p99
     */
    public record Settings(Duration warmup, Duration measure, Duration drainTimeout, long p99LimitMs) {
    }

    private final Settings settings;

    public StepRunner(Settings settings) {
        this.settings = settings;
    }

    public Settings settings() {
        return settings;
    }

    public StepResult run(SystemUnderTest system, TrafficGenerator traffic, String label, int rate)
            throws Exception {
        OutcomeTracker tracker = system.tracker();
        settle(system);
        system.beforeStep();
        long outstandingBefore = tracker.outstanding();

        long startNanos = System.nanoTime() + 200_000_000L;
        long startMillis = System.currentTimeMillis() + 200;
        long windowStart = startMillis + settings.warmup().toMillis();
        long windowEnd = windowStart + settings.measure().toMillis();
        tracker.openWindow(windowStart, windowEnd);
        LOG.info("{} {}: {} TPS for {} s warm-up + {} s measured", system.name(), label, rate,
            settings.warmup().toSeconds(), settings.measure().toSeconds());

        ExecutorService pacer = Executors.newSingleThreadExecutor(r -> new Thread(r, "bench-pacer"));
        Future<OpenLoop.Run> sending = pacer.submit(() -> OpenLoop.run(system, traffic, rate, startNanos, startMillis,
            settings.warmup().plus(settings.measure())));
        try {
            sleepUntil(windowStart);
            ProcessSampler sampler = new ProcessSampler(system.processes());
            sampler.start();
            double[] loadAverage = new double[2];
            loadAverage[0] = loadAverage();
            List<double[]> backlog = new ArrayList<>();
            while (System.currentTimeMillis() < windowEnd) {
                sleepUntil(Math.min(windowEnd, System.currentTimeMillis() + 1000));
                sampler.sample();
                backlog.add(new double[] {(System.currentTimeMillis() - windowStart) / 1000.0,
                    tracker.outstanding() - outstandingBefore});
                checkFailed(sending);
            }
            List<ProcessSampler.Usage> usage = sampler.finish();
            loadAverage[1] = loadAverage();
            OpenLoop.Run sent = sending.get();

            long drainDeadline = System.currentTimeMillis() + settings.drainTimeout().toMillis();
            while (tracker.windowAnswered() < tracker.windowOwed() && System.currentTimeMillis() < drainDeadline) {
                Thread.sleep(100);
            }
            Histogram latency = tracker.windowLatencies();
            long owed = tracker.windowOwed();
            long missing = Math.max(0, owed - tracker.windowAnswered());
            double seconds = settings.measure().toMillis() / 1000.0;
            double slope = slope(backlog);
            long backlogStart = backlog.isEmpty() ? 0 : (long) backlog.get(0)[1];
            long backlogEnd = backlog.isEmpty() ? 0 : (long) backlog.get(backlog.size() - 1)[1];

            StepDetail detail = StepDetail.NONE;
            if (missing == 0) {
                awaitOutstanding(system, outstandingBefore, drainDeadline);
                Thread.sleep(AFTERMATH.toMillis());
                detail = system.afterStep(sent.sent());
            }
            String verdict = verdict(latency.getValueAtPercentile(99), settings.p99LimitMs(), missing, owed, rate,
                slope, backlogStart, backlogEnd);
            StepResult result = new StepResult(system.name(), label, rate,
                round(sent.sent() / (settings.warmup().plus(settings.measure()).toMillis() / 1000.0)),
                round(tracker.windowAnswered() / seconds),
                new StepResult.Latency(latency.getValueAtPercentile(50), latency.getValueAtPercentile(90),
                    latency.getValueAtPercentile(99), latency.getValueAtPercentile(99.9), latency.getMaxValue(),
                    latency.getTotalCount()),
                missing, backlogStart, backlogEnd, round(slope), sent.maxLagMs(), windowStart, windowEnd, verdict.equals("sustained"), verdict,
                settings.warmup().toSeconds(), settings.measure().toSeconds(), loadAverage, sampler.machineBusyCores(),
                ProcessSampler.othersCores(sampler.machineBusyCores(), usage), usage, detail,
                backlog.stream().mapToLong(point -> (long) point[1]).toArray());
            LOG.info("{} {} {} TPS: p50 {} ms, p99 {} ms, missing {}, backlog {} -> {} ({}/s), other processes {} cores: {}",
                system.name(), label, rate, result.latencyMs().p50(), result.latencyMs().p99(), missing, backlogStart,
                backlogEnd, result.backlogSlopePerSecond(), result.otherProcessesCores(), verdict);
            return result;
        } finally {
            pacer.shutdownNow();
        }
    }

    /**
     * Runs load that is not measured, so that the system under test is warm (JIT, caches, the state
     * stores past their first flush) when the first step starts, as a production system would be.
     */
    public void prime(SystemUnderTest system, TrafficGenerator traffic, int rate, Duration duration) throws Exception {
        LOG.info("{}: priming at {} TPS for {} s (not measured)", system.name(), rate, duration.toSeconds());
        OpenLoop.run(system, traffic, rate, System.nanoTime(), System.currentTimeMillis(), duration);
        settle(system);
    }

    /**
     * "sustained", or why not. Sustained means: p99 within the limit; every owed outcome arrived
     * (a thousandth may be late, at most); and the backlog did not grow, i.e. it did not both rise
     * faster than 2% of the rate per second and end more than half a second of requests above where
     * it started.
     */
    static String verdict(long p99, long p99Limit, long missing, long owed, int rate, double slopePerSecond,
                          long backlogStart, long backlogEnd) {
        List<String> reasons = new ArrayList<>();
        if (p99 > p99Limit) {
            reasons.add("p99 " + p99 + " ms > " + p99Limit + " ms");
        }
        if (missing > Math.max(1, owed / 1000)) {
            reasons.add(missing + " of " + owed + " outcomes missing after the drain");
        }
        if (slopePerSecond > 0.02 * rate && backlogEnd - backlogStart > rate / 2) {
            reasons.add("backlog growing " + Math.round(slopePerSecond) + "/s (" + backlogStart + " -> " + backlogEnd + ")");
        }
        return reasons.isEmpty() ? "sustained" : String.join("; ", reasons);
    }

    /** Least-squares slope of y over x, for {x, y} points; 0 for fewer than two. */
    static double slope(List<double[]> points) {
        int n = points.size();
        if (n < 2) {
            return 0;
        }
        double sx = 0;
        double sy = 0;
        double sxx = 0;
        double sxy = 0;
        for (double[] p : points) {
            sx += p[0];
            sy += p[1];
            sxx += p[0] * p[0];
            sxy += p[0] * p[1];
        }
        double denominator = n * sxx - sx * sx;
        return denominator == 0 ? 0 : (n * sxy - sx * sy) / denominator;
    }

    /** Waits (up to 5 min) until the system owes nothing, so a step starts from an empty backlog. */
    private static void settle(SystemUnderTest system) throws InterruptedException {
        long deadline = System.currentTimeMillis() + SETTLE_TIMEOUT.toMillis();
        if (system.tracker().outstanding() > 0) {
            LOG.info("{}: waiting for {} outstanding outcomes before the next step", system.name(),
                system.tracker().outstanding());
        }
        awaitOutstanding(system, 0, deadline);
        if (system.tracker().outstanding() > 0) {
            LOG.warn("{}: still {} outcomes outstanding after {}; starting the step anyway", system.name(),
                system.tracker().outstanding(), SETTLE_TIMEOUT);
        }
    }

    private static void awaitOutstanding(SystemUnderTest system, long level, long deadlineMs) throws InterruptedException {
        while (system.tracker().outstanding() > level && System.currentTimeMillis() < deadlineMs) {
            Thread.sleep(100);
        }
    }

    private static void checkFailed(Future<OpenLoop.Run> sending) throws ExecutionException, InterruptedException {
        if (sending.isDone()) {
            sending.get();
        }
    }

    private static void sleepUntil(long epochMs) throws InterruptedException {
        long wait = epochMs - System.currentTimeMillis();
        if (wait > 0) {
            Thread.sleep(wait);
        }
    }

    /** The 1-minute load average, or -1 where /proc/loadavg cannot be read. */
    public static double loadAverage() {
        try {
            return Double.parseDouble(Files.readString(Path.of("/proc/loadavg")).trim().split("\\s+")[0]);
        } catch (IOException | RuntimeException e) {
            return -1;
        }
    }

    private static double round(double value) {
        return Math.round(value * 10) / 10.0;
    }
}
