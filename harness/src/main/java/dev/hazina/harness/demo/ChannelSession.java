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
        long now = System.currentTimeMillis();
        List<AccountCommand> opens = AccountSetup.openAll(population, now);
        try (ProgressBar bar = bar("Opening accounts", opens.size())) {
            opens.forEach(producer::send);
            producer.flush();
            AccountEvents.await(config, opens.size(), SETUP_TIMEOUT, bar::stepTo);
        }
        List<TransferRequest> requests = new ArrayList<>();
        requests.addAll(sendAndAwait("Issuing float", AccountSetup.issueFloat(population, now)));
        requests.addAll(sendAndAwait("Cashing in", AccountSetup.cashIn(population, now)));
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
