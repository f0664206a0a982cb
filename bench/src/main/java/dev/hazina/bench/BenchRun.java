package dev.hazina.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;

import org.apache.kafka.common.utils.AppInfoParser;
import jdk.jfr.Recording;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.hazina.harness.traffic.Population;
import dev.hazina.harness.traffic.TrafficGenerator;
import dev.hazina.bench.hazina.HazinaSystem;
import dev.hazina.bench.kafka.FanOut;
import dev.hazina.bench.kafka.RawKafkaSystem;
import dev.hazina.bench.load.Ladder;
import dev.hazina.bench.load.StepDetail;
import dev.hazina.bench.load.StepResult;
import dev.hazina.bench.load.StepRunner;
import dev.hazina.bench.load.SystemUnderTest;
import dev.hazina.bench.postgres.PostgresSystem;
import dev.hazina.bench.profile.Jfr;
import dev.hazina.bench.profile.JfrSummary;
import dev.hazina.topology.LedgerConfig;
import dev.hazina.topology.LedgerTopics;

/**
 * One benchmark run: the systems of a scenario one after another on this machine, each started
 * fresh, stepped up to its highest sustained rate, run at the comparison points, and stopped.
 */
final class BenchRun {

    private static final Logger LOG = LoggerFactory.getLogger(BenchRun.class);
    private static final long SEED = 6;
    /** Unmeasured load after setup, at half the first step's rate. */
    private static final Duration PRIME = Duration.ofSeconds(30);

    /**
     * Options beyond the scenario.
     *
     * @param ledger     hazina.* settings for the ledger (and the raw loop's client settings)
     * @param ledgerHeap -Xmx of the ledger JVM and of the raw Kafka loop's
     * @param brokerHeap -Xmx of the broker JVMs
     * @param pgClients  JDBC client threads of the PostgreSQL ledger
     * @param profile    record JFR in the ledger and broker JVMs
     * @param p99LimitMs latency a sustained rate keeps at p99
     */
    record Options(Map<String, String> ledger, String ledgerHeap, String brokerHeap, int pgClients, boolean profile, long p99LimitMs) {
    }

    private final Scenario scenario;
    private final Options options;
    private final Path workDir;
    private final BenchReport report = new BenchReport();
    private final StepRunner runner;

    BenchRun(Scenario scenario, Options options, Path workDir) {
        this.scenario = scenario;
        this.options = options;
        this.workDir = workDir;
        this.runner = new StepRunner(new StepRunner.Settings(scenario.warmup(), scenario.measure(), scenario.drain(),
            options.p99LimitMs()));
    }

    BenchReport run() throws Exception {
        describe();
        if (scenario.name().equals("scaling")) {
            scaling();
        } else {
            compare();
        }
        report.put("finished_at", Instant.now().toString());
        report.put("load_average_end", StepRunner.loadAverage());
        return report;
    }

    private void describe() {
        report.put("scenario", scenario.name());
        report.put("started_at", Instant.now().toString());
        Map<String, Object> machine = new LinkedHashMap<>();
        machine.put("cores", Runtime.getRuntime().availableProcessors());
        machine.put("memory_gb", memoryGb());
        machine.put("java", System.getProperty("java.version") + " " + System.getProperty("java.vm.name"));
        machine.put("kafka", AppInfoParser.getVersion());
        machine.put("load_average_start", StepRunner.loadAverage());
        report.put("machine", machine);
        report.put("source", source());
        Map<String, Object> settings = new LinkedHashMap<>();
        settings.put("accounts", scenario.accounts());
        settings.put("rates", scenario.rates());
        settings.put("warmup_s", scenario.warmup().toSeconds());
        settings.put("measured_s", scenario.measure().toSeconds());
        settings.put("p99_limit_ms", options.p99LimitMs());
        settings.put("systems", scenario.systems());
        settings.put("ledger_heap", options.ledgerHeap());
        settings.put("broker_heap", options.brokerHeap());
        settings.put("ledger_settings", ledgerSettings());
        settings.put("postgres_clients", options.pgClients());
        report.put("settings", settings);
    }

    /** The standard comparison (and quick, and memory): each system in turn. */
    private void compare() throws Exception {
        List<String> systems = scenario.systems();
        StepResult calibration = null;
        if (systems.contains("hazina")) {
            calibration = hazina();
        }
        Integer hazinaMax = report.max("hazina");
        if (systems.contains("raw-kafka")) {
            if (calibration == null || calibration.detail().perTopic() == null) {
                throw new IllegalStateException("raw-kafka needs the records per transfer of a Hazina step in the same run;"
                    + " add hazina to --systems");
            }
            LedgerConfig ledger = ledgerConfig();
            LedgerTopics topics = LedgerTopics.from(ledger);
            FanOut fanOut = FanOut.fromHazina(calibration.detail().perTopic(), calibration.detail().bytesPerRecord(),
                topics.requests().name(), topics.legs().name(), topics.results().name());
            report.put("raw_kafka_fanout", fanOut.outputs());
            try (RawKafkaSystem raw = new RawKafkaSystem(workDir.resolve("raw-kafka"), ledger, fanOut,
                options.ledgerHeap(), options.brokerHeap())) {
                measure(raw, hazinaMax);
            }
        }
        for (String name : List.of("postgres", "postgres-async")) {
            if (systems.contains(name)) {
                try (PostgresSystem postgres = new PostgresSystem(scenario.accounts(), options.pgClients(),
                    name.equals("postgres"), ledgerConfig())) {
                    measure(postgres, hazinaMax);
                }
            }
        }
        targets();
    }

    /** Hazina: the ladder, the comparison points, records per transfer, and the JFR profile. */
    private StepResult hazina() throws Exception {
        HazinaSystem.Settings settings = new HazinaSystem.Settings(workDir.resolve("hazina"), scenario.accounts(), 1,
            options.ledgerHeap(), ledgerSettings(), options.brokerHeap());
        try (HazinaSystem hazina = new HazinaSystem(settings)) {
            start(hazina);
            report.put("hazina_topics", hazina.topicPartitions());
            report.put("hazina_ledger_rss_mb_after_setup", rssMb(hazina.ledgers().get(0).pid()));
            Map<String, Long> profiled = new LinkedHashMap<>();
            Recording driver = null;
            if (options.profile()) {
                for (Map.Entry<String, Long> process : Map.of("ledger", hazina.ledgers().get(0).pid(), "broker",
                    hazina.broker().pid()).entrySet()) {
                    if (Jfr.start(process.getValue())) {
                        profiled.put(process.getKey(), process.getValue());
                    }
                }
                driver = Jfr.startHere();
            }
            climb(hazina, null);
            Ladder.Result ladder = report.ladder("hazina");
            StepResult calibration = calibrationStep(ladder);
            if (calibration != null && calibration.detail().recordsPerTransfer() != null) {
                StepDetail detail = calibration.detail();
                report.put("records_per_transfer", detail.recordsPerTransfer());
                report.put("records_per_transfer_measured_at_tps", calibration.targetTps());
                report.put("offsets_per_transfer", detail.offsetsPerTransfer());
                report.put("records_per_transfer_by_topic", detail.perTopic());
                report.put("bytes_per_record_by_topic", detail.bytesPerRecord());
            }
            if (options.profile()) {
                Map<String, Path> recordings = new LinkedHashMap<>();
                profiled.forEach((process, pid) -> {
                    Path file = workDir.resolve("hazina-" + process + ".jfr");
                    if (Jfr.dump(pid, file)) {
                        recordings.put(process, file);
                    }
                });
                Path file = workDir.resolve("hazina-driver.jfr");
                driver.dump(file);
                driver.close();
                recordings.put("driver", file);
                profile(recordings, ladder);
            }
            return calibration;
        }
    }

    /** The records-per-transfer step: the highest sustained one, else the first. */
    private static StepResult calibrationStep(Ladder.Result ladder) {
        StepResult max = ladder.maxStep();
        if (max != null && max.detail().perTopic() != null) {
            return max;
        }
        return ladder.steps().stream().filter(s -> s.detail().perTopic() != null).findFirst().orElse(null);
    }

    /** Summarizes the JFR recordings over the highest sustained step and the first failed one. */
    private void profile(Map<String, Path> recordings, Ladder.Result ladder) throws IOException {
        List<StepResult> windows = new ArrayList<>();
        if (ladder.maxStep() != null) {
            windows.add(ladder.maxStep());
        }
        if (ladder.firstFailure() != null) {
            windows.add(ladder.firstFailure());
        }
        for (Map.Entry<String, Path> recording : recordings.entrySet()) {
            String process = recording.getKey();
            Path file = recording.getValue();
            for (StepResult step : windows) {
                JfrSummary.Profile summary = JfrSummary.summarize(process + " at " + step.targetTps() + " TPS ("
                    + step.verdict() + ")", file, Instant.ofEpochMilli(step.windowStartMs()),
                    Instant.ofEpochMilli(step.windowEndMs()));
                double answered = Math.max(1, step.answeredTps());
                step.processes().stream().filter(u -> u.name().equals(process)).findFirst()
                    .ifPresentOrElse(u -> report.profile(summary.withCpuPerTransfer(u.cpuCores() * 1e6 / answered)),
                        () -> report.profile(summary));
            }
        }
    }

    /** Starts the system, then {@link #climb}s; the caller closes it. */
    private void measure(SystemUnderTest system, Integer hazinaMax) throws Exception {
        start(system);
        climb(system, hazinaMax);
    }

    private static void start(SystemUnderTest system) throws Exception {
        long started = System.currentTimeMillis();
        system.start();
        LOG.info("{} ready in {} s", system.name(), (System.currentTimeMillis() - started) / 1000);
    }

    /** Climbs the system's ladder and runs the comparison points. */
    private void climb(SystemUnderTest system, Integer hazinaMax) throws Exception {
        TrafficGenerator traffic = TrafficGenerator.standard(Population.of(scenario.accounts()), SEED,
            "bench-" + system.name());
        runner.prime(system, traffic, Math.max(250, scenario.rates().get(0) / 2), PRIME);
        Ladder.Result ladder = new Ladder(runner, scenario.refine()).climb(system, traffic, scenario.rates());
        report.ladder(system.name(), ladder);
        int base = hazinaMax != null ? hazinaMax : ladder.maxSustainedTps();
        for (int percent : scenario.points()) {
            int rate = Math.max(250, base * percent / 100);
            if (base > 0) {
                String of = hazinaMax != null ? "hazina max" : "own max";
                StepResult point = runner.run(system, traffic, "at " + percent + "% of " + of, rate);
                report.step(point);
                if (!point.sustained()) {
                    system.abandonBacklog();
                }
            }
        }
    }

    /** The scaling scenario: Hazina's highest sustained rate under different layouts. */
    private void scaling() throws Exception {
        record Variant(int partitions, int threads, int instances, long commitMs) {
        }
        List<Variant> variants = List.of(new Variant(8, 2, 1, 100), new Variant(4, 2, 1, 100),
            new Variant(16, 2, 1, 100), new Variant(8, 1, 1, 100), new Variant(8, 4, 1, 100), new Variant(8, 1, 2, 100),
            new Variant(8, 2, 2, 100), new Variant(8, 2, 1, 50), new Variant(8, 2, 1, 200));
        for (Variant variant : variants) {
            Map<String, String> ledger = new LinkedHashMap<>(ledgerSettings());
            ledger.put(LedgerConfig.PARTITIONS_CONFIG, Integer.toString(variant.partitions()));
            ledger.put(LedgerConfig.NUM_STREAM_THREADS_CONFIG, Integer.toString(variant.threads()));
            ledger.put(LedgerConfig.COMMIT_INTERVAL_MS_CONFIG, Long.toString(variant.commitMs()));
            String name = String.format(Locale.ROOT, "p%d-t%d-i%d-c%d", variant.partitions(), variant.threads(),
                variant.instances(), variant.commitMs());
            HazinaSystem.Settings settings = new HazinaSystem.Settings(workDir.resolve(name), scenario.accounts(),
                variant.instances(), options.ledgerHeap(), ledger, options.brokerHeap());
            Map<String, Object> result = new LinkedHashMap<>();
            result.put("partitions", variant.partitions());
            result.put("stream_threads_per_instance", variant.threads());
            result.put("instances", variant.instances());
            result.put("commit_interval_ms", variant.commitMs());
            try (HazinaSystem hazina = new HazinaSystem(settings)) {
                hazina.start();
                TrafficGenerator traffic = TrafficGenerator.standard(Population.of(scenario.accounts()), SEED,
                    "bench-" + name);
                runner.prime(hazina, traffic, Math.max(250, scenario.rates().get(0) / 2), PRIME);
                Ladder.Result ladder = new Ladder(runner, scenario.refine()).climb(hazina, traffic, scenario.rates());
                ladder.steps().forEach(step -> report.step(step.withLabel(name + " " + step.label())));
                result.put("max_sustained_tps", ladder.maxSustainedTps());
                StepResult max = ladder.maxStep();
                if (max != null) {
                    result.put("p99_ms_at_max", max.latencyMs().p99());
                    result.put("processes_at_max", max.processes());
                }
            } catch (Exception e) {
                LOG.error("Scaling variant {} failed", name, e);
                result.put("error", e.toString());
            }
            report.variant(result);
            LOG.info("Scaling {}: {}", name, result.get("max_sustained_tps"));
        }
    }

    /** Issue #6's targets against what this run measured. */
    private void targets() {
        Integer hazina = report.max("hazina");
        Integer postgres = report.max("postgres");
        Integer raw = report.max("raw-kafka");
        Integer async = report.max("postgres-async");
        if (hazina != null) {
            report.target("Hazina >= 8,000 TPS with p99 <= " + options.p99LimitMs() + " ms, broker co-located",
                String.format(Locale.ROOT, "%,d TPS", hazina), hazina >= 8_000);
            report.target("stretch: 16,000 TPS with p99 <= 300 ms", String.format(Locale.ROOT, "%,d TPS (p99 limit %d ms)",
                hazina, options.p99LimitMs()), null);
        }
        Map<String, Object> ratios = new LinkedHashMap<>();
        if (hazina != null && postgres != null) {
            ratios.put("hazina_over_postgres", ratio(hazina, postgres));
            report.target("Hazina >= 2x PostgreSQL (synchronous_commit=on)",
                postgres == 0 ? hazina + " vs 0 TPS" : ratio(hazina, postgres) + "x",
                postgres == 0 ? (Boolean) (hazina > 0) : (Boolean) (hazina >= 2.0 * postgres));
        }
        if (hazina != null && async != null) {
            ratios.put("hazina_over_postgres_async", ratio(hazina, async));
        }
        if (hazina != null && raw != null) {
            ratios.put("hazina_over_raw_kafka", ratio(hazina, raw));
            report.target("Hazina TPS x records/transfer >= 50% of raw Kafka's record rate",
                raw == 0 ? "raw Kafka sustained no step" : Math.round(100.0 * hazina / raw) + "%",
                raw == 0 ? null : (Boolean) (hazina >= 0.5 * raw));
        }
        report.put("ratios", ratios);
    }

    /** a / b to two decimals; null when b is 0 (nothing to compare with). */
    private static Double ratio(int a, int b) {
        return b == 0 ? null : Math.round(100.0 * a / b) / 100.0;
    }

    /** The ledger settings: the bench's defaults, then --set. */
    private Map<String, String> ledgerSettings() {
        Map<String, String> settings = new LinkedHashMap<>();
        settings.put(LedgerConfig.PARTITIONS_CONFIG, "8");
        settings.put(LedgerConfig.NUM_STREAM_THREADS_CONFIG, "2");
        settings.put(LedgerConfig.ROCKSDB_BLOCK_CACHE_BYTES_CONFIG, Long.toString(128L << 20));
        settings.put(LedgerConfig.ROCKSDB_WRITE_BUFFER_BYTES_CONFIG, Long.toString(64L << 20));
        settings.putAll(options.ledger());
        return settings;
    }

    private LedgerConfig ledgerConfig() {
        Map<String, Object> values = new HashMap<>(ledgerSettings());
        values.put(LedgerConfig.APPLICATION_ID_CONFIG, "hazina-bench");
        values.put(LedgerConfig.SCHEMA_REGISTRY_URL_CONFIG, "mock://hazina-bench");
        values.put(LedgerConfig.REPLICATION_FACTOR_CONFIG, "1");
        values.put(LedgerConfig.NUM_STANDBY_REPLICAS_CONFIG, "0");
        return new LedgerConfig(values);
    }

    /**
     * The commit the benchmark was built from and the modules with uncommitted changes, when it runs
     * from a checkout ({@code <repo>/bench/target/...}): what was measured, as exactly as we can say.
     */
    private static Map<String, Object> source() {
        Map<String, Object> source = new LinkedHashMap<>();
        try {
            Path jar = Path.of(BenchRun.class.getProtectionDomain().getCodeSource().getLocation().toURI());
            Path repo = jar.getParent().getParent().getParent();
            if (Files.isDirectory(repo.resolve(".git"))) {
                source.put("commit", git(repo, "rev-parse", "--short", "HEAD").trim());
                List<String> dirty = git(repo, "status", "--porcelain", "--untracked-files=no").lines()
                    .map(line -> line.substring(3).split("/")[0]).distinct().sorted().toList();
                source.put("uncommitted_changes_in", dirty);
            }
        } catch (Exception e) {
            source.put("unknown", e.toString());
        }
        return source;
    }

    private static String git(Path repo, String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of("git", "-C", repo.toString()));
        command.addAll(List.of(args));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        process.waitFor();
        return output;
    }

    private static long rssMb(long pid) {
        return dev.hazina.bench.proc.ProcStat.read(pid).map(s -> s.rssKb() / 1024).orElse(-1L);
    }

    private static double memoryGb() {
        try (Stream<String> lines = Files.lines(Path.of("/proc/meminfo"))) {
            return lines.filter(l -> l.startsWith("MemTotal:")).findFirst()
                .map(l -> Math.round(Long.parseLong(l.replaceAll("\\D", "")) / 1024.0 / 1024.0 * 10) / 10.0)
                .orElse(-1.0);
        } catch (IOException e) {
            return -1;
        }
    }
}
