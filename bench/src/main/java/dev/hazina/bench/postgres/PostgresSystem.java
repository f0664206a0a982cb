package dev.hazina.bench.postgres;

import java.sql.Connection;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.hazina.bench.load.OutcomeTracker;
import dev.hazina.bench.load.SystemUnderTest;
import dev.hazina.bench.proc.MeasuredProcess;
import dev.hazina.harness.postgres.PostgresServer;
import dev.hazina.harness.traffic.AccountSetup;
import dev.hazina.harness.traffic.Population;
import dev.hazina.harness.traffic.TrafficRecord;
import dev.hazina.schemas.TransferRequest;
import dev.hazina.topology.LedgerConfig;

/**
 * The PostgreSQL ledger under the same load: a server of the benchmark's own, and {@code clients}
 * JDBC client threads in the benchmark's JVM (the application servers a team would run), each with
 * its connection and a {@link PostgresLedger}. The pacer puts each request on a shared queue at its
 * intended time; a free client takes it and runs its transaction. Latency is from the intended time
 * to the commit, so time spent queued for a client counts, as it would for a channel.
 *
 * <p>Records a channel API would refuse before any database work (undecodable bytes, a key that is
 * not the payer) are not sent: in Hazina they are dead-lettered and owe no result either.
 */
public final class PostgresSystem implements SystemUnderTest {

    private static final Logger LOG = LoggerFactory.getLogger(PostgresSystem.class);

    private record Job(TransferRequest request, long intendedMs) {
    }

    private final int accounts;
    private final int clients;
    private final boolean synchronousCommit;
    private final LedgerConfig config;
    private final OutcomeTracker tracker = new OutcomeTracker();
    private final BlockingQueue<Job> queue = new LinkedBlockingQueue<>();
    private final List<Thread> threads = new ArrayList<>();
    private volatile boolean running = true;
    private volatile Throwable failure;
    private PostgresServer server;

    /**
     * @param synchronousCommit {@code synchronous_commit} on (a commit waits for its WAL flush) or off
     * @param config            Hazina's config, for the tariff, commission and validation limits
     */
    public PostgresSystem(int accounts, int clients, boolean synchronousCommit, LedgerConfig config) {
        this.accounts = accounts;
        this.clients = clients;
        this.synchronousCommit = synchronousCommit;
        this.config = config;
    }

    @Override
    public String name() {
        return synchronousCommit ? "postgres" : "postgres-async";
    }

    @Override
    public void start() throws Exception {
        server = PostgresServer.start(Map.of());
        Population population = Population.of(accounts);
        long now = System.currentTimeMillis();
        List<TransferRequest> funding = new ArrayList<>(AccountSetup.issueFloat(population, now));
        funding.addAll(AccountSetup.cashIn(population, now));
        try (Connection connection = server.connect(Map.of())) {
            PostgresLedger.createSchema(connection);
            PostgresLedger.load(connection, AccountSetup.openAll(population, now), funding, config);
        }
        LOG.info("{}: {} accounts loaded in {} ms", name(), population.size(), System.currentTimeMillis() - now);
        for (int i = 0; i < clients; i++) {
            PostgresLedger ledger = new PostgresLedger(server.connect(Map.of(
                "options", "-c synchronous_commit=" + (synchronousCommit ? "on" : "off"),
                "reWriteBatchedInserts", "true")), config);
            Thread thread = new Thread(() -> serve(ledger), name() + "-client-" + i);
            thread.setDaemon(true);
            threads.add(thread);
            thread.start();
        }
    }

    private void serve(PostgresLedger ledger) {
        try (ledger) {
            while (running) {
                Job job = queue.poll(100, TimeUnit.MILLISECONDS);
                if (job != null) {
                    PostgresLedger.Outcome outcome = ledger.transfer(job.request());
                    tracker.answered(job.intendedMs(), System.currentTimeMillis(), !outcome.duplicate());
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (Exception e) {
            if (running) {
                failure = e;
                LOG.error("{} client failed", name(), e);
            }
        }
    }

    @Override
    public void submit(TrafficRecord record, long intendedMs) {
        if (failure != null) {
            throw new IllegalStateException(name() + " client failed", failure);
        }
        TransferRequest request = record.request();
        if (record.rawValue() != null || request == null || !record.key().equals(request.getPayer())) {
            return;
        }
        tracker.submitted(intendedMs, true, record.type() != TrafficRecord.Type.RETRY);
        queue.add(new Job(request, intendedMs));
    }

    /** Drops what is still queued, counting it as answered so the next step starts clean. */
    @Override
    public void abandonBacklog() {
        List<Job> dropped = new ArrayList<>();
        queue.drainTo(dropped);
        dropped.forEach(job -> tracker.answered(job.intendedMs(), System.currentTimeMillis(), false));
        if (!dropped.isEmpty()) {
            LOG.info("{}: dropped {} queued requests after a failed step", name(), dropped.size());
        }
    }

    @Override
    public OutcomeTracker tracker() {
        return tracker;
    }

    @Override
    public List<MeasuredProcess> processes() {
        try {
            return List.of(MeasuredProcess.tree("postgres", server.postmasterPid()),
                MeasuredProcess.single("driver+jdbc", ProcessHandle.current().pid()));
        } catch (java.io.IOException e) {
            throw new IllegalStateException("cannot read the postmaster pid", e);
        }
    }

    @Override
    public void beforeStep() {
        if (failure != null) {
            throw new IllegalStateException(name() + " client failed", failure);
        }
    }

    @Override
    public void close() {
        running = false;
        for (Thread thread : threads) {
            try {
                thread.join(10_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        if (server != null) {
            server.close();
        }
    }
}
