package dev.hazina.bench.proc;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * CPU and memory of a set of processes over one measurement window: a reading at the start, one
 * per {@link #sample()} call (the caller samples about once a second) and one at the end.
 */
public final class ProcessSampler {

    /** What one process used during the window. */
    public record Usage(
        String name,
        long pid,
        @JsonProperty("cpu_cores") double cpuCores,
        @JsonProperty("cpu_seconds") double cpuSeconds,
        @JsonProperty("peak_rss_mb") long peakRssMb,
        @JsonProperty("end_rss_mb") long endRssMb) {
    }

    private final List<MeasuredProcess> processes;
    private final Map<MeasuredProcess, MeasuredProcess.Reading> first = new LinkedHashMap<>();
    private final Map<MeasuredProcess, Long> peaks = new LinkedHashMap<>();
    private long startedNanos;
    private double machineBusyAtStart;
    private double machineBusyCores = -1;

    public ProcessSampler(List<MeasuredProcess> processes) {
        this.processes = List.copyOf(processes);
    }

    public synchronized void start() {
        startedNanos = System.nanoTime();
        machineBusyAtStart = MachineCpu.busySeconds();
        for (MeasuredProcess process : processes) {
            MeasuredProcess.Reading reading = process.read();
            first.put(process, reading);
            peaks.put(process, reading.peakMemoryKb());
        }
    }

    public synchronized void sample() {
        for (MeasuredProcess process : processes) {
            MeasuredProcess.Reading reading = process.read();
            peaks.merge(process, Math.max(reading.peakMemoryKb(), reading.memoryKb()), Math::max);
        }
    }

    public synchronized List<Usage> finish() {
        double seconds = Math.max(1e-3, (System.nanoTime() - startedNanos) / 1e9);
        double machineBusy = MachineCpu.busySeconds();
        if (machineBusy >= 0 && machineBusyAtStart >= 0) {
            machineBusyCores = round((machineBusy - machineBusyAtStart) / seconds, 2);
        }
        List<Usage> usages = new ArrayList<>();
        for (MeasuredProcess process : processes) {
            MeasuredProcess.Reading end = process.read();
            MeasuredProcess.Reading start = first.get(process);
            double cpu = Math.max(0, end.cpuSeconds() - start.cpuSeconds());
            long peak = Math.max(peaks.getOrDefault(process, 0L), Math.max(end.peakMemoryKb(), end.memoryKb()));
            usages.add(new Usage(process.name(), process.pid(), round(cpu / seconds, 2), round(cpu, 1),
                peak / 1024, end.memoryKb() / 1024));
        }
        return usages;
    }

    /** Busy cores of the whole machine over the last window (every process, ours and others'); -1 if unknown. */
    public synchronized double machineBusyCores() {
        return machineBusyCores;
    }

    /** Busy cores of the processes not measured here: the rest of the box. */
    public static double othersCores(double machineBusyCores, List<Usage> usages) {
        if (machineBusyCores < 0) {
            return -1;
        }
        return round(Math.max(0, machineBusyCores - usages.stream().mapToDouble(Usage::cpuCores).sum()), 2);
    }

    private static double round(double value, int decimals) {
        double scale = Math.pow(10, decimals);
        return Math.round(value * scale) / scale;
    }
}
