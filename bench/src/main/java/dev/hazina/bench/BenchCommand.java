package dev.hazina.bench;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import dev.hazina.harness.Workspace;

/**
 * {@code hazina bench}: sustained throughput and latency of Hazina, raw Kafka and a PostgreSQL
 * ledger, side by side on this machine. See docs/benchmarks.md.
 *
 * <p>As in Kafka's tools, {@link #run(String...)} returns an exit code and only {@link #main} exits.
 */
@Command(name = "hazina bench", mixinStandardHelpOptions = true, sortOptions = false,
    description = {"Runs Hazina (real co-located broker, exactly-once), raw Kafka (a transactional loop writing the "
        + "same records per transfer) and a PostgreSQL ledger (synchronous_commit on, then off) one after another on "
        + "this machine, under the same open-loop channel traffic, and finds each one's highest rate that holds with "
        + "p99 within the limit and no growing backlog."})
public final class BenchCommand implements Callable<Integer> {

    private static final Logger LOG = LoggerFactory.getLogger(BenchCommand.class);

    @Option(names = "--scenario", defaultValue = "standard", paramLabel = "S",
        description = "standard (the comparison, about an hour), quick (a few minutes), memory (1,000,000 accounts, "
            + "Hazina only) or scaling (partitions, threads, instances; Hazina only). Default ${DEFAULT-VALUE}.")
    String scenario;

    @Option(names = "--duration", paramLabel = "D",
        description = "Measured window of each step, e.g. 60s, 2m or PT60S (scenario default otherwise).")
    String duration;

    @Option(names = "--warmup", paramLabel = "D", description = "Warm-up before each step's window (scenario default otherwise).")
    String warmup;

    @Option(names = "--rates", split = ",", paramLabel = "TPS", description = "Rate steps, e.g. 2000,4000,8000.")
    List<Integer> rates;

    @Option(names = "--systems", split = ",", paramLabel = "NAME",
        description = "Which of hazina, raw-kafka, postgres, postgres-async to run (raw-kafka needs hazina).")
    List<String> systems;

    @Option(names = "--accounts", paramLabel = "N", description = "Population size (scenario default otherwise).")
    Integer accounts;

    @Option(names = "--points", split = ",", paramLabel = "PCT",
        description = "Extra steps at these percentages of Hazina's maximum, for every system (standard: 50,80).")
    List<Integer> points;

    @Option(names = "--refine", paramLabel = "N", description = "Bisections after the first failing step.")
    Integer refine;

    @Option(names = "--set", paramLabel = "KEY=VALUE",
        description = "A ledger setting (hazina.* keys, hazina.streams.* pass-through), repeatable; the raw Kafka "
            + "loop takes partitions, threads, commit interval and client settings from them too.")
    Map<String, String> settings = new LinkedHashMap<>();

    @Option(names = "--ledger-heap", defaultValue = "512m", paramLabel = "SIZE",
        description = "-Xmx of the ledger JVM (and of the raw Kafka loop). Default ${DEFAULT-VALUE}.")
    String ledgerHeap;

    @Option(names = "--broker-heap", defaultValue = "1g", paramLabel = "SIZE",
        description = "-Xmx of each broker JVM (kafka-server-start.sh's default). Default ${DEFAULT-VALUE}.")
    String brokerHeap;

    @Option(names = "--pg-clients", defaultValue = "16", paramLabel = "N",
        description = "JDBC client threads of the PostgreSQL ledger. Default ${DEFAULT-VALUE}.")
    int pgClients;

    @Option(names = "--p99-limit", defaultValue = "500", paramLabel = "MS",
        description = "p99 latency a sustained rate must keep. Default ${DEFAULT-VALUE} ms.")
    long p99Limit;

    @Option(names = "--profile", negatable = true, defaultValue = "true", fallbackValue = "true",
        description = "Record JFR in the ledger and broker JVMs and summarize the hot stages (default on).")
    boolean profile;

    @Option(names = "--report", paramLabel = "FILE", description = "Write the results as JSON.")
    Path report;

    @Option(names = "--work-dir", paramLabel = "DIR",
        description = "Where brokers, state and logs go (default: a temporary folder, deleted afterwards).")
    Path workDir;

    @Option(names = "--keep", description = "Keep the work folder (logs, JFR recordings) afterwards.")
    boolean keep;

    @Override
    public Integer call() throws Exception {
        Scenario chosen = Scenario.named(scenario);
        if (duration != null) {
            chosen = chosen.withMeasure(parseDuration(duration));
        }
        if (warmup != null) {
            chosen = chosen.withWarmup(parseDuration(warmup));
        }
        if (rates != null) {
            chosen = chosen.withRates(List.copyOf(rates));
        }
        if (systems != null) {
            chosen = chosen.withSystems(List.copyOf(systems));
        }
        if (accounts != null) {
            chosen = chosen.withAccounts(accounts);
        }
        if (points != null) {
            chosen = chosen.withPoints(List.copyOf(points));
        }
        if (refine != null) {
            chosen = chosen.withRefine(refine);
        }
        for (String key : settings.keySet()) {
            if (!key.startsWith("hazina.")) {
                throw new IllegalArgumentException("--set takes hazina.* keys, not " + key);
            }
        }
        try (Workspace workspace = Workspace.in(workDir, "hazina-bench-")) {
            workspace.keep(keep);
            Path dir = workspace.dir();
            LOG.info("hazina bench: scenario {}, work folder {}", chosen.name(), dir);
            BenchRun run = new BenchRun(chosen, new BenchRun.Options(Map.copyOf(settings), ledgerHeap, brokerHeap, pgClients, profile,
                p99Limit), dir);
            BenchReport result = run.run();
            result.printMarkdown(System.out);
            if (report != null) {
                result.writeJson(report);
                System.out.println("Report written to " + report);
            }
            return 0;
        }
    }

    /** {@code 60s}, {@code 2m}, {@code 500ms} or ISO-8601 ({@code PT60S}). */
    static Duration parseDuration(String text) {
        String value = text.trim().toLowerCase(Locale.ROOT);
        if (value.startsWith("pt")) {
            return Duration.parse(value.toUpperCase(Locale.ROOT));
        }
        if (value.endsWith("ms")) {
            return Duration.ofMillis(Long.parseLong(value.substring(0, value.length() - 2)));
        }
        if (value.endsWith("s")) {
            return Duration.ofSeconds(Long.parseLong(value.substring(0, value.length() - 1)));
        }
        if (value.endsWith("m")) {
            return Duration.ofMinutes(Long.parseLong(value.substring(0, value.length() - 1)));
        }
        return Duration.ofSeconds(Long.parseLong(value));
    }

    public static void main(String[] args) {
        System.exit(run(args));
    }

    public static int run(String... args) {
        return new CommandLine(new BenchCommand())
            .setOut(new PrintWriter(System.out, true))
            .setErr(new PrintWriter(System.err, true))
            .setExecutionExceptionHandler((e, commandLine, parseResult) -> {
                LOG.error("hazina bench failed", e);
                commandLine.getErr().println("hazina bench: " + (e.getMessage() == null ? e.toString() : e.getMessage()));
                return CommandLine.ExitCode.SOFTWARE;
            })
            .execute(args);
    }
}
