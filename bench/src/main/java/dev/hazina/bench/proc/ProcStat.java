package dev.hazina.bench.proc;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;

/**
 * One reading of a Linux process from {@code /proc/<pid>}: CPU time used so far (all its threads,
 * plus reaped children), resident memory now and at its peak, and its proportional set size.
 *
 * @param pid        the process
 * @param parentPid  its parent
 * @param cpuTicks   utime + stime + cutime + cstime, in clock ticks ({@link #TICKS_PER_SECOND})
 * @param rssKb      VmRSS: resident now
 * @param peakRssKb  VmHWM: the most it has ever been resident
 * @param pssKb      Pss from smaps_rollup: resident memory with shared pages split between their users,
 *                   or -1 when unreadable; summing PSS over PostgreSQL's processes does not count
 *                   shared_buffers once per backend, as summing RSS would
 */
public record ProcStat(long pid, long parentPid, long cpuTicks, long rssKb, long peakRssKb, long pssKb) {

    /** USER_HZ: 100 on every Linux architecture Hazina runs on. */
    public static final long TICKS_PER_SECOND = 100;

    private static final Path PROC = Path.of("/proc");

    /** Reads the process, or empty when it has exited (or /proc is not there). */
    public static java.util.Optional<ProcStat> read(long pid) {
        Path dir = PROC.resolve(Long.toString(pid));
        try {
            String stat = Files.readString(dir.resolve("stat"));
            String status = Files.readString(dir.resolve("status"));
            long pss = readPss(dir);
            return java.util.Optional.of(parse(pid, stat, status, pss));
        } catch (IOException | RuntimeException e) {
            return java.util.Optional.empty();
        }
    }

    /** Parses {@code /proc/<pid>/stat} and {@code /proc/<pid>/status} text. */
    static ProcStat parse(long pid, String stat, String status, long pssKb) {
        // The command name (field 2) may hold spaces and parentheses: fields resume after the last ')'.
        String[] fields = stat.substring(stat.lastIndexOf(')') + 2).trim().split("\\s+");
        // fields[0] is field 3 (state); ppid is field 4, utime..cstime are fields 14..17.
        long parent = Long.parseLong(fields[1]);
        long ticks = Long.parseLong(fields[11]) + Long.parseLong(fields[12]) + Long.parseLong(fields[13])
            + Long.parseLong(fields[14]);
        return new ProcStat(pid, parent, ticks, statusKb(status, "VmRSS:").orElse(0),
            statusKb(status, "VmHWM:").orElse(0), pssKb);
    }

    static OptionalLong statusKb(String status, String field) {
        for (String line : status.split("\n")) {
            if (line.startsWith(field)) {
                String[] parts = line.substring(field.length()).trim().split("\\s+");
                return OptionalLong.of(Long.parseLong(parts[0]));
            }
        }
        return OptionalLong.empty();
    }

    private static long readPss(Path dir) {
        try {
            OptionalLong pss = statusKb(Files.readString(dir.resolve("smaps_rollup")), "Pss:");
            return pss.orElse(-1);
        } catch (IOException | RuntimeException e) {
            return -1;
        }
    }

    /** The live children of {@code pid} (one level), found by scanning /proc. */
    public static List<Long> childrenOf(long pid) {
        List<Long> children = new ArrayList<>();
        try (var entries = Files.list(PROC)) {
            for (Path entry : (Iterable<Path>) entries::iterator) {
                String name = entry.getFileName().toString();
                if (!name.chars().allMatch(Character::isDigit)) {
                    continue;
                }
                try {
                    String stat = Files.readString(entry.resolve("stat"));
                    String[] fields = stat.substring(stat.lastIndexOf(')') + 2).trim().split("\\s+");
                    if (Long.parseLong(fields[1]) == pid) {
                        children.add(Long.parseLong(name));
                    }
                } catch (IOException | RuntimeException e) {
                    // exited while we looked
                }
            }
        } catch (IOException e) {
            return children;
        }
        return children;
    }

    public double cpuSeconds() {
        return cpuTicks / (double) TICKS_PER_SECOND;
    }
}
