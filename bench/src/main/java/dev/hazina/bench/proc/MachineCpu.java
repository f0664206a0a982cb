package dev.hazina.bench.proc;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The whole machine's busy CPU time, from the first line of {@code /proc/stat}: user, nice,
 * system, irq, softirq and steal, in clock ticks. Less what the measured processes used, it is
 * what everything else on the box (other people's builds) took during a window.
 */
public final class MachineCpu {

    private MachineCpu() {
    }

    /** Busy CPU seconds since boot, all cores; -1 where /proc/stat cannot be read. */
    public static double busySeconds() {
        try {
            return parse(Files.readAllLines(Path.of("/proc/stat")).get(0));
        } catch (IOException | RuntimeException e) {
            return -1;
        }
    }

    static double parse(String cpuLine) {
        String[] f = cpuLine.trim().split("\\s+");
        // cpu user nice system idle iowait irq softirq steal ...
        long busy = Long.parseLong(f[1]) + Long.parseLong(f[2]) + Long.parseLong(f[3]) + Long.parseLong(f[6])
            + Long.parseLong(f[7]) + Long.parseLong(f[8]);
        return busy / (double) ProcStat.TICKS_PER_SECOND;
    }
}
