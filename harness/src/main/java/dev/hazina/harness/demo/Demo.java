package dev.hazina.harness.demo;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.stream.Collectors;

import io.micrometer.core.instrument.MeterRegistry;
import me.tongfei.progressbar.ProgressBar;
import org.HdrHistogram.Histogram;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.state.HostInfo;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.hazina.harness.FreePorts;
import dev.hazina.harness.Workspace;
import dev.hazina.harness.connect.ConnectFiles;
import dev.hazina.harness.broker.BrokerSettings;
import dev.hazina.harness.broker.KafkaBroker;
import dev.hazina.app.http.HttpAccess;
import dev.hazina.app.ledger.LedgerHttp;
import dev.hazina.app.ledger.LedgerMetrics;
import dev.hazina.app.ledger.LedgerRunner;
import dev.hazina.app.query.LedgerQueries;
import dev.hazina.fraud.FraudConfig;
import dev.hazina.fraud.FraudRunner;
import dev.hazina.harness.traffic.AccountSetup;
import dev.hazina.app.ChannelProducer;
import dev.hazina.harness.traffic.LoadDriver;
import dev.hazina.harness.traffic.Population;
import dev.hazina.harness.traffic.TrafficGenerator;
import dev.hazina.harness.traffic.TrafficRecord;
import dev.hazina.reconciliation.CheckReport;
import dev.hazina.reconciliation.Invariant;
import dev.hazina.reconciliation.LedgerOutputs;
import dev.hazina.reconciliation.stream.ReconciliationConfig;
import dev.hazina.reconciliation.stream.ReconciliationRunner;
import dev.hazina.schemas.AccountCommand;
import dev.hazina.schemas.DeadLetter;
import dev.hazina.schemas.EntryDirection;
import dev.hazina.schemas.EntryType;
import dev.hazina.schemas.LegType;
import dev.hazina.schemas.TransferKind;
import dev.hazina.schemas.TransferRequest;
import dev.hazina.schemas.TransferResult;
import dev.hazina.schemas.TransferStatus;
import dev.hazina.topology.LedgerConfig;
import dev.hazina.topology.LedgerTopicsAdmin;
import dev.hazina.topology.SystemAccounts;

/**
 * The demo: a real KRaft broker and controller in a temporary directory, the ledger and the
 * reconciliation stream beside it, a funded population, synthetic channel traffic, and a summary read back from the output topics.
 * Everything it starts is stopped and deleted at the end, on Ctrl-C too.
 */
public final class Demo {

    private static final Logger LOG = LoggerFactory.getLogger(Demo.class);
    /** Short holds, so that the demo shows some expire: a pre-authorisation lasts days in production. */
    static final Duration HOLD_TIMEOUT = Duration.ofSeconds(5);
    static final Duration HOLD_SWEEP_INTERVAL = Duration.ofMillis(250);
    private static final Duration SETUP_TIMEOUT = Duration.ofMinutes(2);
    private static final Duration RECONCILIATION_QUIET = Duration.ofSeconds(3);

    /** What to run. */
    /** What to run; {@code withConnect} adds PostgreSQL and the Connect worker ({@link DemoConnect}). */
    public record Options(int transfers, int accounts, int rate, int partitions, String registryUrl, long seed,
                          Duration outcomeTimeout, boolean withConnect, double fraudShare) {
    }

    private static final String LOCALHOST = "127.0.0.1";

    private final Options options;
    private final PrintStream out;

    public Demo(Options options, PrintStream out) {
        this.options = options;
        this.out = out;
    }

    public DemoReport run() throws Exception {
        long started = System.currentTimeMillis();
        try (Workspace workspace = Workspace.temporary("hazina-demo-")) {
            Path dir = workspace.dir();
            out.println("Starting a KRaft broker and controller in " + dir + " ...");
            KafkaBroker broker = KafkaBroker.start(BrokerSettings.of(dir.resolve("broker")));
            workspace.push(broker);
            int httpPort = FreePorts.freePort();
            LedgerConfig config = config(broker.bootstrapServers(), dir, httpPort);
            out.println("Broker at " + broker.bootstrapServers() + "; registry " + options.registryUrl());
            try (Admin admin = LedgerRunner.admin(config)) {
                new LedgerTopicsAdmin(config).createOrVerify(admin);
            }
            LedgerRunner.registerSchemas(config);
            DemoConnect connect = options.withConnect() ? workspace.push(DemoConnect.start(config, options.registryUrl(),
                ConnectFiles.fromSystemProperty(), dir, out)) : null;
            LedgerRunner ledger = workspace.push(LedgerRunner.start(config, Duration.ofMinutes(1)));
            workspace.push(LedgerHttp.start(LOCALHOST, httpPort, new LedgerQueries(ledger.streams(),
                new HostInfo(LOCALHOST, httpPort), config, Clock.systemUTC()),
                new LedgerMetrics(ledger.streams(), ledger.registry()), HttpAccess.open()));
            FraudConfig fraud = new FraudConfig(config.originals());
            // A real registry (as --with-connect needs) does not auto-register: register the fraud stream's subjects.
            FraudRunner.registerSchemas(fraud);
            workspace.push(FraudRunner.start(fraud, Duration.ofMinutes(1), ledger.registry()));
            out.println("Fraud stream running beside the ledger; its verdicts reach the ledger as co-partitioned state");
            ReconciliationRunner reconciliation = workspace.push(startReconciliation(config, ledger));
            out.println("While it runs: the live page at http://" + LOCALHOST + ":" + httpPort + "/, and /accounts/{id}, "
                + ".../statement, /transfers/{requestId}, /metrics and " + LedgerHttp.OPENAPI_PATH);
            ChannelSession channel = new ChannelSession(config);
            workspace.push(channel);

            Population population = Population.of(options.accounts());
            // Labelled fraud scenarios between accounts of their own, opened beside the population.
            DemoFraud scenarios = workspace.push(DemoFraud.start(fraud, population, options.fraudShare(),
                options.transfers(), options.seed()));
            List<TransferRequest> setup = channel.setUp(List.of(population, scenarios.plan().funded()),
                scenarios.plan().unfunded());
            grantCreditLines(config, population, population.size() + scenarios.plan().accounts());
            String runId = "demo-" + UUID.randomUUID().toString().substring(0, 8);
            TrafficGenerator traffic = TrafficGenerator.demo(population, options.seed(), runId);
            LoadDriver.Sent sent = scenarios.load(channel, traffic, options.transfers(), options.rate());
            Set<String> expected = ChannelSession.expectingResults(sent.records());
            channel.awaitOutcomes("Outcomes", expected, options.outcomeTimeout());
            awaitHoldExpiry(sent);

            out.println("Reading the output topics back (read_committed) and checking the invariants ...");
            DemoReport report = summarize(config, setup, sent, expected, channel.watcher(), population, started);
            report.print(out);
            out.println(fraudSummary(ledger.registry()));
            out.print(scenarios.report());
            printReconciliationStatus(reconciliation);
            out.println("Closing the day's settlement window for merchants and agents:");
            out.print(DemoSettlement.closeKes(config, dir, Duration.ofSeconds(60)));
            out.println("Today's daily report so far, matched against the demo's trust account:");
            out.print(DemoDailyReport.today(config, dir, setup, Duration.ofSeconds(30)));
            if (connect != null) {
                out.print(connect.delivered(Duration.ofSeconds(90)));
            }
            return report;
        }
    }

    /** What the fraud stream did during the run, from its meters. */
    private static String fraudSummary(MeterRegistry registry) {
        Map<String, Double> alerts = new TreeMap<>();
        registry.find("hazina.fraud.alerts").counters().forEach(counter -> alerts.merge(
            counter.getId().getTag("typology") + ("true".equals(counter.getId().getTag("interdicted")) ? " (interdicted)" : ""),
            counter.count(), Double::sum));
        double verdicts = registry.find("hazina.fraud.verdicts").counters().stream().mapToDouble(c -> c.count()).sum();
        // A stream that died scores nothing: say so rather than report "no alerts".
        var running = registry.find("hazina.fraud.running").gauge();
        String state = running != null && running.value() == 1 ? "" : "NOT RUNNING (it stopped on an error, see the log); ";
        return "Fraud stream: " + state + (alerts.isEmpty() ? "no alerts" : alerts.entrySet().stream()
            .map(e -> (long) e.getValue().doubleValue() + " " + e.getKey()).collect(Collectors.joining(", ")))
            + "; " + (long) verdicts + " verdicts sent to the ledger";
    }

    /** Gives some customers a credit line and some a funding account (see {@link AccountSetup#creditLines}). */
    private static void grantCreditLines(LedgerConfig config, Population population, int opened) {
        List<AccountCommand> lines = AccountSetup.creditLines(population, System.currentTimeMillis());
        try (ChannelProducer producer = new ChannelProducer(config);
             ProgressBar bar = ChannelSession.bar("Credit lines", lines.size())) {
            lines.forEach(producer::send);
            producer.flush();
            // The opens were all accepted; now their updates must be too.
            AccountEvents.await(config, opened + lines.size(), SETUP_TIMEOUT,
                accepted -> bar.stepTo(Math.max(0, accepted - opened)));
        }
    }

    /**
     * Every AUTHORIZE has its PENDING outcome by now, so every hold nobody captured or voided
     * expires within one hold timeout (plus a sweep and a commit) from now. Waits for that, so the
     * summary counts them.
     */
    private void awaitHoldExpiry(LoadDriver.Sent sent) throws InterruptedException {
        boolean holds = sent.records().stream()
            .anyMatch(r -> r.request() != null && r.request().getKind() == TransferKind.AUTHORIZE);
        if (holds) {
            Duration wait = HOLD_TIMEOUT.plus(HOLD_SWEEP_INTERVAL.multipliedBy(2)).plusSeconds(1);
            out.println("Waiting " + wait.toMillis() / 1000.0 + " s for the holds nobody captured or voided to expire ...");
            Thread.sleep(wait.toMillis());
        }
    }

    /**
     * The reconciliation stream beside the ledger, its meters in the ledger's registry so the live
     * page shows its status. Its quiet periods are short, so that its verdicts are in by the summary.
     */
    private static ReconciliationRunner startReconciliation(LedgerConfig config, LedgerRunner ledger)
        throws InterruptedException {
        Map<String, Object> settings = new HashMap<>(config.originals());
        settings.put(ReconciliationConfig.APPLICATION_ID_CONFIG, "hazina-demo-reconciliation");
        settings.put(ReconciliationConfig.TRANSFER_QUIET_MS_CONFIG, RECONCILIATION_QUIET.toMillis());
        settings.put(ReconciliationConfig.CONSERVATION_QUIET_MS_CONFIG, RECONCILIATION_QUIET.toMillis());
        settings.put(ReconciliationConfig.STUCK_SAGA_MS_CONFIG, Duration.ofSeconds(30).toMillis());
        settings.put(ReconciliationConfig.REPORT_PROVISIONAL_INTERVAL_MS_CONFIG, Duration.ofSeconds(2).toMillis());
        ReconciliationConfig reconciliation = ReconciliationConfig.of(settings, config.kafkaSecurityConfig());
        ReconciliationRunner.registerSchemas(reconciliation);
        return ReconciliationRunner.start(reconciliation, ledger.registry(), List.of(), Duration.ofMinutes(1));
    }

    /** Waits out the quiet period, so the last transfers and window are judged, then prints the verdict. */
    private void printReconciliationStatus(ReconciliationRunner reconciliation) throws InterruptedException {
        Thread.sleep(RECONCILIATION_QUIET.plusSeconds(2).toMillis());
        out.println("Reconciliation stream: " + reconciliation.status());
    }


    private LedgerConfig config(String bootstrap, Path dir, int httpPort) {
        Map<String, Object> settings = new HashMap<>();
        settings.put(LedgerConfig.STREAMS_PREFIX + StreamsConfig.APPLICATION_SERVER_CONFIG, LOCALHOST + ":" + httpPort);
        settings.put(LedgerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        settings.put(LedgerConfig.APPLICATION_ID_CONFIG, "hazina-demo");
        settings.put(LedgerConfig.PARTITIONS_CONFIG, options.partitions());
        settings.put(LedgerConfig.REPLICATION_FACTOR_CONFIG, (short) 1);
        settings.put(LedgerConfig.NUM_STANDBY_REPLICAS_CONFIG, 0);
        settings.put(LedgerConfig.STATE_DIR_CONFIG, dir.resolve("state").toString());
        settings.put(LedgerConfig.SCHEMA_REGISTRY_URL_CONFIG, options.registryUrl());
        settings.put(LedgerConfig.ROCKSDB_BLOCK_CACHE_BYTES_CONFIG, 64L << 20);
        settings.put(LedgerConfig.ROCKSDB_WRITE_BUFFER_BYTES_CONFIG, 32L << 20);
        settings.put(LedgerConfig.HOLD_TIMEOUT_MS_CONFIG, HOLD_TIMEOUT.toMillis());
        settings.put(LedgerConfig.HOLD_SWEEP_INTERVAL_MS_CONFIG, HOLD_SWEEP_INTERVAL.toMillis());
        return new LedgerConfig(settings);
    }

    private DemoReport summarize(LedgerConfig config, List<TransferRequest> setup, LoadDriver.Sent sent,
                                 Set<String> expected, ResultWatcher watcher, Population population, long started)
        throws InterruptedException {
        List<TransferRequest> requests = new ArrayList<>(setup);
        sent.records().stream().filter(TrafficRecord::expectsResult).forEach(r -> requests.add(r.request()));
        // Right after the last outcome a CONFIRM or top-up refund leg may still be on its way: check until clean.
        Quiescence.Checked checked = Quiescence.awaitClean(config, requests, Duration.ofSeconds(30));
        LedgerOutputs outputs = checked.outputs();
        CheckReport check = checked.report();

        Map<String, Long> byStatus = new HashMap<>();
        Map<String, Long> byReason = new HashMap<>();
        Map<String, Map<String, Long>> byKind = new TreeMap<>();
        Set<String> answered = new HashSet<>();
        long duplicates = 0;
        long expired = 0;
        for (TransferResult result : outputs.results()) {
            if (!expected.contains(result.getRequestId())) {
                continue;
            }
            if (result.getDuplicate()) {
                duplicates++;
            } else if (answered.add(result.getRequestId())) {
                byStatus.merge(result.getStatus().name(), 1L, Long::sum);
                count(byKind, result);
                if (result.getReason() != null) {
                    byReason.merge(result.getReason().name(), 1L, Long::sum);
                }
            } else if (result.getStatus() == TransferStatus.EXPIRED) {
                // The one later result an AUTHORIZE may have: its hold expired.
                expired++;
                count(byKind, result);
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
            (System.currentTimeMillis() - started) / 1000,
            byStatus.getOrDefault("PENDING", 0L),
            expired,
            byKind,
            outputs.entries().stream().filter(e -> e.getEntryType() == EntryType.TOPUP
                && e.getDirection() == EntryDirection.CREDIT && !SystemAccounts.isSystem(e.getAccountId())).count(),
            outputs.legs().stream().filter(leg -> leg.getLegType() == LegType.TOPUP_REFUND).count(),
            outputs.entries().stream().filter(e -> e.getEntryType() == EntryType.OVERDRAFT_REPAYMENT).count());
    }

    private static void count(Map<String, Map<String, Long>> byKind, TransferResult result) {
        byKind.computeIfAbsent(result.getKind().name(), kind -> new TreeMap<>())
            .merge(result.getStatus().name(), 1L, Long::sum);
    }
}
