package dev.hazina.bench;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;

import dev.hazina.bench.load.Ladder;
import dev.hazina.bench.load.StepResult;
import dev.hazina.bench.proc.ProcessSampler;
import dev.hazina.bench.profile.JfrSummary;

/**
 * Everything a run measured: per system the steps and the highest sustained rate, Hazina's records
 * per transfer, the ratios and targets, JFR profiles. Written as JSON ({@code --report FILE}) and
 * printed as Markdown tables for docs/benchmarks.md.
 */
public final class BenchReport {

    /** One target of issue #6 and whether this run met it. */
    public record Target(String target, String measured, Boolean met) {
    }

    private final Map<String, Object> root = new LinkedHashMap<>();
    private final Map<String, Ladder.Result> ladders = new LinkedHashMap<>();
    private final List<StepResult> steps = new ArrayList<>();
    private final List<JfrSummary.Profile> profiles = new ArrayList<>();
    private final List<Map<String, Object>> variants = new ArrayList<>();
    private final List<Target> targets = new ArrayList<>();

    public void put(String key, Object value) {
        root.put(key, value);
    }

    public Object get(String key) {
        return root.get(key);
    }

    public void ladder(String system, Ladder.Result result) {
        ladders.put(system, result);
        steps.addAll(result.steps());
        root.put(maxKey(system), result.maxSustainedTps());
    }

    public void step(StepResult step) {
        steps.add(step);
    }

    public void profile(JfrSummary.Profile profile) {
        profiles.add(profile);
    }

    public void variant(Map<String, Object> variant) {
        variants.add(variant);
    }

    public void target(String target, String measured, Boolean met) {
        targets.add(new Target(target, measured, met));
    }

    public Integer max(String system) {
        Ladder.Result result = ladders.get(system);
        return result == null ? null : result.maxSustainedTps();
    }

    public Ladder.Result ladder(String system) {
        return ladders.get(system);
    }

    static String maxKey(String system) {
        return system.replace('-', '_') + "_max_tps";
    }

    public Map<String, Object> asMap() {
        Map<String, Object> map = new LinkedHashMap<>(root);
        if (!targets.isEmpty()) {
            map.put("targets", targets);
        }
        if (!variants.isEmpty()) {
            map.put("scaling", variants);
        }
        map.put("steps", steps);
        if (!profiles.isEmpty()) {
            map.put("profiles", profiles);
        }
        return map;
    }

    public void writeJson(Path file) throws IOException {
        ObjectMapper json = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
        Path parent = file.toAbsolutePath().getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
        Files.writeString(file, json.writeValueAsString(asMap()) + System.lineSeparator());
    }

    /** The tables of docs/benchmarks.md. */
    public void printMarkdown(PrintStream out) {
        if (!ladders.isEmpty()) {
            out.println();
            out.println("| system | max sustained TPS | records/s at max | p50 / p99 at max (ms) | CPU cores at max, by process | peak RSS MB, by process |");
            out.println("|---|---|---|---|---|---|");
            Object perTransfer = root.get("records_per_transfer");
            for (Map.Entry<String, Ladder.Result> entry : ladders.entrySet()) {
                StepResult max = entry.getValue().maxStep();
                String records = perTransfer instanceof Double r && !entry.getKey().startsWith("postgres") && max != null
                    ? String.format(Locale.ROOT, "%,.0f", r * max.targetTps()) : "-";
                out.printf(Locale.ROOT, "| %s | %,d | %s | %s | %s | %s |%n", entry.getKey(),
                    entry.getValue().maxSustainedTps(), records,
                    max == null ? "-" : max.latencyMs().p50() + " / " + max.latencyMs().p99(),
                    max == null ? "-" : cpu(max.processes()), max == null ? "-" : rss(max.processes()));
            }
        }
        List<StepResult> points = steps.stream().filter(s -> s.label().startsWith("at ")).toList();
        if (!points.isEmpty()) {
            out.println();
            out.println("| system | step | TPS | p50 ms | p99 ms | p99.9 ms | sustained | CPU cores, by process |");
            out.println("|---|---|---|---|---|---|---|---|");
            for (StepResult s : points) {
                out.printf(Locale.ROOT, "| %s | %s | %,d | %d | %d | %d | %s | %s |%n", s.system(), s.label(), s.targetTps(),
                    s.latencyMs().p50(), s.latencyMs().p99(), s.latencyMs().p999(), s.sustained() ? "yes" : "no: " + s.verdict(),
                    cpu(s.processes()));
            }
        }
        if (!steps.isEmpty()) {
            out.println();
            out.println("| system | step | TPS | answered/s | p50 | p99 | max | backlog slope/s | load avg | other processes, cores | verdict |");
            out.println("|---|---|---|---|---|---|---|---|---|---|---|");
            for (StepResult s : steps) {
                out.printf(Locale.ROOT, "| %s | %s | %,d | %,.0f | %d | %d | %d | %.0f | %.1f-%.1f | %.2f | %s |%n", s.system(),
                    s.label(), s.targetTps(), s.answeredTps(), s.latencyMs().p50(), s.latencyMs().p99(), s.latencyMs().max(),
                    s.backlogSlopePerSecond(), s.loadAverage()[0], s.loadAverage()[1], s.otherProcessesCores(), s.verdict());
            }
        }
        if (!variants.isEmpty()) {
            out.println();
            out.println("| partitions | stream threads per instance | ledger instances | commit interval ms | max sustained TPS | p99 at max (ms) |");
            out.println("|---|---|---|---|---|---|");
            for (Map<String, Object> v : variants) {
                out.printf(Locale.ROOT, "| %s | %s | %s | %s | %s | %s |%n", v.get("partitions"), v.get("stream_threads_per_instance"),
                    v.get("instances"), v.get("commit_interval_ms"), v.getOrDefault("max_sustained_tps", v.get("error")), v.getOrDefault("p99_ms_at_max", "-"));
            }
        }
        if (!targets.isEmpty()) {
            out.println();
            out.println("| target | measured | met |");
            out.println("|---|---|---|");
            targets.forEach(t -> out.printf("| %s | %s | %s |%n", t.target(), t.measured(),
                t.met() == null ? "not measured" : t.met() ? "yes" : "**no**"));
        }
        for (JfrSummary.Profile profile : profiles) {
            out.println();
            out.printf("JFR %s (%d samples, %s us CPU per transfer)%n", profile.process(), profile.samples(),
                profile.cpuMicrosPerTransfer());
            out.println("  by stage: " + join(profile.byStage()));
            if (profile.cpuMicrosPerTransfer() != null) {
                out.println("  by stage, us per transfer: " + profile.byStage().entrySet().stream()
                    .map(e -> String.format(Locale.ROOT, "%s %.1f", e.getKey(), e.getValue() * profile.cpuMicrosPerTransfer() / 100))
                    .collect(Collectors.joining(", ")));
            }
            out.println("  top self: " + join(profile.topSelf()));
            out.println("  JDK methods by caller: " + join(profile.jdkSelfByCaller()));
            if (!profile.hazinaInclusive().isEmpty()) {
                out.println("  ledger methods, inclusive: " + join(profile.hazinaInclusive()));
            }
            out.println("  threads: " + join(profile.byThread()));
            out.printf("  GC: %d collections, %d ms paused%n", profile.gcCount(), profile.gcPauseMs());
        }
    }

    private static String join(Map<String, Double> shares) {
        return shares.entrySet().stream().map(e -> e.getKey() + " " + e.getValue() + "%").collect(Collectors.joining(", "));
    }

    private static String cpu(List<ProcessSampler.Usage> usages) {
        return usages.stream().map(u -> u.name() + " " + String.format(Locale.ROOT, "%.2f", u.cpuCores()))
            .collect(Collectors.joining(", "));
    }

    private static String rss(List<ProcessSampler.Usage> usages) {
        return usages.stream().map(u -> u.name() + " " + u.peakRssMb()).collect(Collectors.joining(", "));
    }
}
