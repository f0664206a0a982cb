package dev.hazina.bench.proc;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A process the benchmark accounts CPU and memory to: one JVM, or a server made of a parent and its
 * worker processes (PostgreSQL's postmaster and backends).
 */
public interface MeasuredProcess {

    /** A reading of the whole process (group). */
    record Reading(double cpuSeconds, long memoryKb, long peakMemoryKb, boolean alive) {
    }

    /** What it is: {@code broker}, {@code ledger}, {@code driver}, {@code postgres}, ... */
    String name();

    /** The main process id. */
    long pid();

    Reading read();

    /**
     * One process. Memory is its resident set (VmRSS), and the peak is the kernel's high-water mark
     * (VmHWM), so a spike between two samples is not missed.
     */
    static MeasuredProcess single(String name, long pid) {
        return new MeasuredProcess() {
            @Override
            public String name() {
                return name;
            }

            @Override
            public long pid() {
                return pid;
            }

            @Override
            public Reading read() {
                Optional<ProcStat> stat = ProcStat.read(pid);
                return stat.map(s -> new Reading(s.cpuSeconds(), s.rssKb(), s.peakRssKb(), true))
                    .orElse(new Reading(0, 0, 0, false));
            }
        };
    }

    /**
     * A parent and its live children, e.g. the postmaster and its backends. CPU is the sum over all
     * of them (the parent's count includes children it has reaped). Memory is the sum of their
     * proportional set sizes, so shared memory counts once; the peak is the largest sum sampled.
     */
    static MeasuredProcess tree(String name, long rootPid) {
        return new MeasuredProcess() {
            private long peak;

            @Override
            public String name() {
                return name;
            }

            @Override
            public long pid() {
                return rootPid;
            }

            @Override
            public synchronized Reading read() {
                Optional<ProcStat> root = ProcStat.read(rootPid);
                if (root.isEmpty()) {
                    return new Reading(0, 0, peak, false);
                }
                List<ProcStat> all = new ArrayList<>();
                all.add(root.get());
                ProcStat.childrenOf(rootPid).forEach(child -> ProcStat.read(child).ifPresent(all::add));
                double cpu = 0;
                long memory = 0;
                for (ProcStat stat : all) {
                    cpu += stat.cpuSeconds();
                    memory += stat.pssKb() >= 0 ? stat.pssKb() : stat.rssKb();
                }
                peak = Math.max(peak, memory);
                return new Reading(cpu, memory, peak, true);
            }
        };
    }
}
