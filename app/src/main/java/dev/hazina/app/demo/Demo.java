package dev.hazina.app.demo;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Stream;

import org.HdrHistogram.Histogram;
import org.apache.kafka.clients.admin.Admin;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.hazina.app.broker.BrokerSettings;
import dev.hazina.app.broker.KafkaBroker;
import dev.hazina.app.ledger.LedgerRunner;
import dev.hazina.app.traffic.LoadDriver;
import dev.hazina.app.traffic.Population;
import dev.hazina.app.traffic.TrafficGenerator;
import dev.hazina.app.traffic.TrafficRecord;
import dev.hazina.reconciliation.CheckReport;
import dev.hazina.reconciliation.Invariant;
import dev.hazina.reconciliation.LedgerChecker;
import dev.hazina.reconciliation.LedgerOutputs;
import dev.hazina.schemas.DeadLetter;
import dev.hazina.schemas.TransferRequest;
import dev.hazina.schemas.TransferResult;
import dev.hazina.topology.LedgerConfig;
import dev.hazina.topology.LedgerTopicsAdmin;

/**
 * The demo: a real single-node KRaft broker in a temporary directory, the ledger, a funded
 * population, synthetic channel traffic, and a summary read back from the output topics.
 * Everything it starts is stopped and deleted at the end, on Ctrl-C too.
 */
public final class Demo {

    private static final Logger LOG = LoggerFactory.getLogger(Demo.class);

    /** What to run. */
    public record Options(int transfers, int accounts, int rate, int partitions, String registryUrl, long seed,
                          Duration outcomeTimeout) {
    }

    private final Options options;
    private final PrintStream out;
    private final Deque<AutoCloseable> resources = new ArrayDeque<>();

    public Demo(Options options, PrintStream out) {
        this.options = options;
        this.out = out;
    }

    public DemoReport run() throws Exception {
        long started = System.currentTimeMillis();
        Path dir = Files.createTempDirectory("hazina-demo-");
        Thread hook = new Thread(this::cleanUp, "hazina-demo-cleanup");
        Runtime.getRuntime().addShutdownHook(hook);
        resources.push(() -> deleteTree(dir));
        try {
            out.println("Starting a single-node KRaft broker in " + dir + " ...");
            KafkaBroker broker = KafkaBroker.start(BrokerSettings.of(dir.resolve("broker")));
            resources.push(broker);
            LedgerConfig config = config(broker.bootstrapServers(), dir);
            out.println("Broker at " + broker.bootstrapServers() + "; registry " + options.registryUrl());
            try (Admin admin = LedgerRunner.admin(config)) {
                new LedgerTopicsAdmin(config).createOrVerify(admin);
            }
            LedgerRunner.registerSchemas(config);
            resources.push(LedgerRunner.start(config, Duration.ofMinutes(1)));
            ChannelSession channel = new ChannelSession(config);
            resources.push(channel);

            Population population = Population.of(options.accounts());
            List<TransferRequest> setup = channel.setUp(population);
            String runId = "demo-" + UUID.randomUUID().toString().substring(0, 8);
            TrafficGenerator traffic = TrafficGenerator.standard(population, options.seed(), runId);
            LoadDriver.Sent sent = channel.load(traffic, options.transfers(), options.rate());
            Set<String> expected = ChannelSession.expectingResults(sent.records());
            channel.awaitOutcomes("Outcomes", expected, options.outcomeTimeout());

            out.println("Reading the output topics back (read_committed) and checking the invariants ...");
            DemoReport report = summarize(config, setup, sent, expected, channel.watcher(), population, started);
            report.print(out);
            return report;
        } finally {
            cleanUp();
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException e) {
                // already shutting down
            }
        }
    }

    private LedgerConfig config(String bootstrap, Path dir) {
        Map<String, Object> settings = new HashMap<>();
        settings.put(LedgerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        settings.put(LedgerConfig.APPLICATION_ID_CONFIG, "hazina-demo");
        settings.put(LedgerConfig.PARTITIONS_CONFIG, options.partitions());
        settings.put(LedgerConfig.REPLICATION_FACTOR_CONFIG, (short) 1);
        settings.put(LedgerConfig.NUM_STANDBY_REPLICAS_CONFIG, 0);
        settings.put(LedgerConfig.STATE_DIR_CONFIG, dir.resolve("state").toString());
        settings.put(LedgerConfig.SCHEMA_REGISTRY_URL_CONFIG, options.registryUrl());
        settings.put(LedgerConfig.ROCKSDB_BLOCK_CACHE_BYTES_CONFIG, 64L << 20);
        settings.put(LedgerConfig.ROCKSDB_WRITE_BUFFER_BYTES_CONFIG, 32L << 20);
        return new LedgerConfig(settings);
    }

    private DemoReport summarize(LedgerConfig config, List<TransferRequest> setup, LoadDriver.Sent sent,
                                 Set<String> expected, ResultWatcher watcher, Population population, long started) {
        LedgerOutputs outputs = OutputTopics.read(config);
        List<TransferRequest> requests = new ArrayList<>(setup);
        sent.records().stream().filter(TrafficRecord::expectsResult).forEach(r -> requests.add(r.request()));
        CheckReport check = LedgerChecker.check(outputs.withRequests(requests), true);

        Map<String, Long> byStatus = new HashMap<>();
        Map<String, Long> byReason = new HashMap<>();
        Set<String> answered = new HashSet<>();
        long duplicates = 0;
        for (TransferResult result : outputs.results()) {
            if (!expected.contains(result.getRequestId())) {
                continue;
            }
            if (result.getDuplicate()) {
                duplicates++;
            } else if (answered.add(result.getRequestId())) {
                byStatus.merge(result.getStatus().name(), 1L, Long::sum);
                if (result.getReason() != null) {
                    byReason.merge(result.getReason().name(), 1L, Long::sum);
                }
            }
        }
        List<DeadLetter> deadLetters = OutputTopics.deadLetters(config);
        Map<String, Long> deadByReason = new HashMap<>();
        deadLetters.forEach(d -> deadByReason.merge(d.getReason(), 1L, Long::sum));

        Histogram latency = watcher.latencies();
        long loadMillis = Math.max(1, watcher.lastOutcomeAt() - sent.startedAtMs());
        return new DemoReport(
            sent.records().size(),
            byStatus.getOrDefault("COMPLETED", 0L),
            byStatus.getOrDefault("REJECTED", 0L),
            byStatus.getOrDefault("REVERSED", 0L),
            duplicates,
            deadLetters.size(),
            expected.size() - answered.size(),
            check.conservationOk(),
            check.sequencesOk(),
            answered.size() * 1000L / loadMillis,
            new DemoReport.Latency(latency.getValueAtPercentile(50), latency.getValueAtPercentile(95),
                latency.getValueAtPercentile(99), latency.getMaxValue()),
            DemoReport.sorted(byReason),
            DemoReport.sorted(deadByReason),
            check.violationsOf(Invariant.ONE_OUTCOME).isEmpty() && check.violationsOf(Invariant.DUPLICATE_ANSWER).isEmpty(),
            check.violations().stream().map(Object::toString).toList(),
            check.entries(),
            population.size(),
            options.partitions(),
            (System.currentTimeMillis() - started) / 1000);
    }

    private synchronized void cleanUp() {
        while (!resources.isEmpty()) {
            try {
                resources.pop().close();
            } catch (Exception e) {
                LOG.warn("Cleanup step failed: {}", e.toString());
            }
        }
    }

    private static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(path);
            }
        }
    }
}
