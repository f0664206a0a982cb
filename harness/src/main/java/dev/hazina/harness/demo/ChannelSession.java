package dev.hazina.harness.demo;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import me.tongfei.progressbar.ConsoleProgressBarConsumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.hazina.harness.traffic.AccountSetup;
import dev.hazina.app.ChannelProducer;
import dev.hazina.harness.traffic.LoadDriver;
import dev.hazina.harness.traffic.Population;
import dev.hazina.harness.traffic.ScenarioMix;
import dev.hazina.harness.traffic.TrafficGenerator;
import dev.hazina.harness.traffic.TrafficRecord;
import dev.hazina.schemas.AccountCommand;
import dev.hazina.schemas.TransferRequest;
import dev.hazina.topology.LedgerConfig;

/**
 * A synthetic channel connected to a running ledger: it sends, and watches the results topic for
 * the answers. Used by {@code hazina demo} and {@code hazina load}.
 */
public final class ChannelSession implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(ChannelSession.class);
    private static final Duration SETUP_TIMEOUT = Duration.ofMinutes(2);

    private final LedgerConfig config;
    private final ChannelProducer producer;
    private final ResultWatcher watcher;

    public ChannelSession(LedgerConfig config) {
        this.config = config;
        this.watcher = new ResultWatcher(config);
        this.producer = new ChannelProducer(config);
    }

    public ResultWatcher watcher() {
        return watcher;
    }

    /** Opens the population, issues float to agents and businesses, and cashes every customer in. */
    public List<TransferRequest> setUp(Population population) throws InterruptedException {
        return setUp(List.of(population), List.of());
    }

    /**
     * Opens each population and the {@code unfunded} customers; issues float to the populations'
     * agents and businesses, and cashes each population's customers in from its own agents.
     */
    public List<TransferRequest> setUp(List<Population> populations, List<String> unfunded) throws InterruptedException {
        long now = System.currentTimeMillis();
        List<AccountCommand> opens = new ArrayList<>();
        populations.forEach(population -> opens.addAll(AccountSetup.openAll(population, now)));
        opens.addAll(AccountSetup.openCustomers(unfunded, now));
        try (ProgressBar bar = bar("Opening accounts", opens.size())) {
            opens.forEach(producer::send);
            producer.flush();
            AccountEvents.await(config, opens.size(), SETUP_TIMEOUT, bar::stepTo);
        }
        List<TransferRequest> requests = new ArrayList<>();
        List<TransferRequest> issues = new ArrayList<>();
        List<TransferRequest> cashIns = new ArrayList<>();
        for (Population population : populations) {
            issues.addAll(AccountSetup.issueFloat(population, now));
            cashIns.addAll(AccountSetup.cashIn(population, now));
        }
        requests.addAll(sendAndAwait("Issuing float", issues));
        requests.addAll(sendAndAwait("Cashing in", cashIns));
        watcher.resetLatencies();
        return requests;
    }

    private List<TransferRequest> sendAndAwait(String task, List<TransferRequest> requests) throws InterruptedException {
        requests.forEach(producer::send);
        producer.flush();
        Set<String> ids = new HashSet<>();
        requests.forEach(request -> ids.add(request.getRequestId()));
        awaitOutcomes(task, ids, SETUP_TIMEOUT);
        return requests;
    }

    /** Sends {@code count} records at {@code rate} per second, open loop. */
    public LoadDriver.Sent load(TrafficGenerator traffic, int count, int rate) {
        try (ProgressBar bar = bar("Transfers", count)) {
            return LoadDriver.run(producer, traffic, count, rate, bar::stepTo);
        }
    }

    /**
     * Sends {@code count} records from {@code mix} at {@code rate} per second, open loop, then the
     * scenario steps still due, each at its time.
     */
    public LoadDriver.Sent load(ScenarioMix mix, int count, int rate) {
        LoadDriver.Sent sent;
        try (ProgressBar bar = bar("Transfers", count)) {
            sent = LoadDriver.run(producer, mix, count, rate, bar::stepTo);
        }
        if (mix.pending() == 0) {
            return sent;
        }
        List<TrafficRecord> records = new ArrayList<>(sent.records());
        LOG.info("Sending the {} fraud scenario steps still due after the load", mix.pending());
        records.addAll(mix.sendRemaining(producer));
        return new LoadDriver.Sent(records, sent.startedAtMs(), System.currentTimeMillis());
    }

    /** The requestIds among {@code records} that the ledger owes a result. */
    public static Set<String> expectingResults(List<TrafficRecord> records) {
        Set<String> ids = new HashSet<>();
        records.stream().filter(TrafficRecord::expectsResult).forEach(r -> ids.add(r.request().getRequestId()));
        return ids;
    }

    /** Waits until every id has an outcome, or the timeout; returns how many are still missing. */
    public int awaitOutcomes(String task, Set<String> ids, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        Set<String> waiting = new HashSet<>(ids);
        try (ProgressBar bar = bar(task, ids.size())) {
            while (!waiting.isEmpty() && System.nanoTime() < deadline) {
                waiting.removeIf(watcher::hasOutcome);
                bar.stepTo(ids.size() - waiting.size());
                Thread.sleep(100);
            }
        }
        if (!waiting.isEmpty()) {
            LOG.warn("{} of {} requests have no outcome after {}", waiting.size(), ids.size(), timeout);
        }
        return waiting.size();
    }

    static ProgressBar bar(String task, long max) {
        return new ProgressBarBuilder().setTaskName(task).setInitialMax(max).setStyle(ProgressBarStyle.ASCII)
            .setUpdateIntervalMillis(500).setConsumer(new ConsoleProgressBarConsumer(System.err)).build();
    }

    @Override
    public void close() {
        producer.close();
        watcher.close();
    }
}
