package dev.hazina.bench.load;

import java.util.List;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;

import dev.hazina.bench.proc.ProcessSampler;

/**
 * One rate step of one system: offered rate, what came back, latency over the measured window,
 * the backlog trend, the verdict, and the CPU and memory of each process.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record StepResult(
    String system,
    String label,
    @JsonProperty("target_tps") int targetTps,
    @JsonProperty("sent_tps") double sentTps,
    @JsonProperty("answered_tps") double answeredTps,
    @JsonProperty("latency_ms") Latency latencyMs,
    @JsonProperty("missing_outcomes") long missingOutcomes,
    @JsonProperty("backlog_start") long backlogStart,
    @JsonProperty("backlog_end") long backlogEnd,
    @JsonProperty("backlog_slope_per_s") double backlogSlopePerSecond,
    @JsonProperty("sender_max_lag_ms") long senderMaxLagMs,
    @JsonProperty("window_start_ms") long windowStartMs,
    @JsonProperty("window_end_ms") long windowEndMs,
    boolean sustained,
    String verdict,
    @JsonProperty("warmup_s") long warmupSeconds,
    @JsonProperty("measured_s") long measuredSeconds,
    @JsonProperty("load_average") double[] loadAverage,
    @JsonProperty("machine_busy_cores") double machineBusyCores,
    @JsonProperty("other_processes_cores") double otherProcessesCores,
    List<ProcessSampler.Usage> processes,
    StepDetail detail,
    @JsonProperty("backlog_per_s") long[] backlog) {

    /** Percentiles in milliseconds over the requests intended in the window. */
    public record Latency(long p50, long p90, long p99, @JsonProperty("p99_9") long p999, long max, long count) {
    }

    public StepResult withLabel(String newLabel) {
        return new StepResult(system, newLabel, targetTps, sentTps, answeredTps, latencyMs, missingOutcomes,
            backlogStart, backlogEnd, backlogSlopePerSecond, senderMaxLagMs, windowStartMs, windowEndMs, sustained, verdict, warmupSeconds,
            measuredSeconds, loadAverage, machineBusyCores, otherProcessesCores, processes, detail, backlog);
    }
}
