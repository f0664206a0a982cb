package dev.hazina.harness.chaos;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ExecutionException;

import org.HdrHistogram.Histogram;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.TopicPartition;

import dev.hazina.app.ledger.LedgerRunner;
import dev.hazina.harness.demo.OutputTopics;
import dev.hazina.harness.traffic.LoadDriver;
import dev.hazina.harness.traffic.TrafficRecord;
import dev.hazina.reconciliation.CheckReport;
import dev.hazina.reconciliation.LedgerChecker;
import dev.hazina.reconciliation.LedgerOutputs;
import dev.hazina.reconciliation.OutputReader;
import dev.hazina.reconciliation.Violation;
import dev.hazina.schemas.AccountState;
import dev.hazina.schemas.DeadLetter;
import dev.hazina.schemas.TransferRequest;
import dev.hazina.schemas.TransferResult;
import dev.hazina.schemas.TransferStatus;
import dev.hazina.topology.LedgerConfig;
import dev.hazina.topology.LedgerTopics;
import dev.hazina.topology.Topic;

/**
 * The verdict of a chaos run: waits for quiescence, then reads everything back with read_committed
 * and checks it: the reconciliation invariants ({@link LedgerChecker}), the accounts store against a
 * sequential reference model ({@link BalanceModel}, {@link StoreCheck}), the fate of every hostile
 * record ({@link HostileTally}), the rolling restart's requests, the reconciliation stream's alerts
 * ({@link ReconciliationVerdict}), and the harness's own violations ({@link InstanceSupervisor}).
 */
final class ChaosVerdict {

    private static final Duration QUIET = Duration.ofSeconds(5);
    private static final Duration READ_TIMEOUT = Duration.ofMinutes(5);

    private ChaosVerdict() {
    }

    /**
     * Quiescence: every instance is up and no topic of the ledger (outputs, legs, changelogs) has grown
     * for {@link #QUIET}. The outcomes were awaited before, so the only work left is saga legs.
     */
    static void awaitQuiescence(LedgerConfig config, InstanceSupervisor supervisor, EventLog log)
            throws InterruptedException {
        supervisor.awaitAllRunning();
        long deadline = System.currentTimeMillis() + READ_TIMEOUT.toMillis();
        try (Admin admin = LedgerRunner.admin(config)) {
            Map<TopicPartition, Long> last = null;
            long quietSince = System.currentTimeMillis();
            while (System.currentTimeMillis() < deadline) {
                Map<TopicPartition, Long> ends = endOffsets(admin, config);
                if (!ends.equals(last)) {
                    last = ends;
                    quietSince = System.currentTimeMillis();
                } else if (System.currentTimeMillis() - quietSince >= QUIET.toMillis()) {
                    log.event("quiescent: no topic of the ledger grew for " + QUIET.toSeconds() + " s");
                    return;
                }
                Thread.sleep(500);
            }
        }
        log.event("WARNING: the ledger was still writing after " + READ_TIMEOUT.toMinutes() + " min; checking anyway");
    }

    private static Map<TopicPartition, Long> endOffsets(Admin admin, LedgerConfig config) throws InterruptedException {
        try {
            Set<String> topics = new HashSet<>();
            for (String name : admin.listTopics().names().get()) {
                if (name.startsWith(config.applicationId() + "-") || name.startsWith("hazina.")) {
                    topics.add(name);
                }
            }
            Map<TopicPartition, OffsetSpec> request = new HashMap<>();
            for (TopicDescription description : admin.describeTopics(topics).allTopicNames().get().values()) {
                description.partitions().forEach(p -> request.put(
                    new TopicPartition(description.name(), p.partition()), OffsetSpec.latest()));
            }
            Map<TopicPartition, Long> ends = new HashMap<>();
            admin.listOffsets(request).all().get().forEach((tp, info) -> ends.put(tp, info.offset()));
            return ends;
        } catch (ExecutionException e) {
            return Map.of();
        }
    }

    /** Reads every output back and checks it, adding what it found to {@code report}. */
    static ChaosReport.Builder check(LedgerConfig config, List<TransferRequest> setup, LoadDriver.Sent sent,
                             List<HostileSender.Sent> hostileSent, FaultSchedule.Roll roll,
                             InstanceSupervisor supervisor, ReconciliationVerdict.Said said,
                             ChaosReport.Builder report) {
        LedgerOutputs outputs = OutputTopics.read(config);
        List<DeadLetter> deadLetters = OutputTopics.deadLetters(config);
        HostileTally.Report hostile = HostileTally.tally(hostileSent, deadLetters, outputs.results(),
            outputs.accountEvents());

        List<TransferRequest> requests = new ArrayList<>(setup);
        sent.records().stream().filter(TrafficRecord::expectsResult).forEach(r -> requests.add(r.request()));
        requests.addAll(hostile.answeredRequests());
        CheckReport checked = LedgerChecker.check(outputs.withRequests(requests), true);
        Map<String, AccountState> store = readAccountsStore(config);
        BalanceModel model = BalanceModel.replay(config, requests, outputs.results());

        List<Violation> violations = new ArrayList<>(checked.violations());
        violations.addAll(model.violations());
        violations.addAll(StoreCheck.check(model, store, outputs.entries(), checked.finalBalances()));
        violations.addAll(hostile.violations());
        violations.addAll(supervisor.violations());
        ReconciliationVerdict.Summary reconciliation = ReconciliationVerdict.judge(said,
            silentHostileRequests(hostileSent, outputs.results()));
        violations.addAll(reconciliation.violations());

        if (roll != null) {
            long failedDuringRoll = failedBetween(sent, outputs.results(), roll.startMs(), roll.endMs());
            if (failedDuringRoll > 0) {
                violations.add(new Violation(FaultSchedule.ROLLING_RESTART, "requests", failedDuringRoll
                    + " requests sent during the rolling restart have no outcome"));
            }
            report.rollingRestart(new ChaosReport.RollingRestart(roll.restarted(),
                (roll.endMs() - roll.startMs()) / 1000.0, roll.stalls(), roll.exitCodes(),
                latency(decisionLatencies(outputs.results(), roll.startMs(), roll.endMs())), failedDuringRoll));
        }

        Map<String, Long> outcomes = new TreeMap<>();
        checked.outcomesByStatus().forEach((status, count) -> outcomes.put(status.name(), count));
        Map<String, Long> deadByReason = new TreeMap<>();
        deadLetters.forEach(d -> deadByReason.merge(d.getReason(), 1L, Long::sum));
        return report
            .submitted(sent.records().size())
            .setupRequests(setup.size())
            .outcomes(outcomes)
            .duplicatesAnswered(checked.duplicatesAnswered())
            .deadLetters(deadByReason)
            .latencyMs(latency(decisionLatencies(outputs.results(), sent.startedAtMs(), Long.MAX_VALUE)))
            .hostile(hostile)
            .storeCheck(new ChaosReport.StoreSummary(store.size(), model.expectedBalances().size(), model.replayed()))
            .ledgerEntries(checked.entries())
            .unexpectedExits(supervisor.unexpectedExits())
            .reconciliation(reconciliation)
            .violations(violations.stream().map(Violation::toString).toList());
    }

    /**
     * The hostile requests that moved no money: every hostile record's requestId except those whose
     * original outcome is COMPLETED or REVERSED (a saga ran). No reconciliation alert may name them.
     */
    static Set<String> silentHostileRequests(List<HostileSender.Sent> hostileSent, List<TransferResult> results) {
        Set<String> silent = new HashSet<>();
        hostileSent.stream().map(s -> s.record().answerId()).filter(Objects::nonNull).forEach(silent::add);
        for (TransferResult result : results) {
            if (!result.getDuplicate() && (result.getStatus() == TransferStatus.COMPLETED
                    || result.getStatus() == TransferStatus.REVERSED)) {
                silent.remove(result.getRequestId());
            }
        }
        return silent;
    }

    /** The kills' failover figures: each kill's seconds, the longest, and how many reached the timeout. */
    static ChaosReport.Builder failovers(ChaosReport.Builder report, FaultSchedule.Disruptions disruptions) {
        Double maxFailover = disruptions.failovers().stream().filter(Objects::nonNull).max(Double::compare).orElse(null);
        long overTimeout = disruptions.failovers().stream()
            .filter(f -> f != null && f >= FaultSchedule.FAILOVER_TIMEOUT.toSeconds()).count();
        return report
            .kills(disruptions.kills())
            .brokerRestarts(disruptions.brokerRestarts())
            .failoverSeconds(disruptions.failovers())
            .maxFailoverSeconds(maxFailover)
            .failoversOverTimeout(overTimeout)
            .brokerRecoverySeconds(disruptions.brokerRecoveries());
    }

    /** The accounts store as committed: its changelog read to the end, read_committed, last value per key. */
    static Map<String, AccountState> readAccountsStore(LedgerConfig config) {
        Topic<String, AccountState> changelog = LedgerTopics.from(config).accountsChangelog();
        List<AccountState> states = OutputReader.readValues(
            Map.of("bootstrap.servers", config.bootstrapServers(), "client.id", "hazina-chaos-store-reader"),
            changelog.name(), changelog.valueSerde().deserializer(), READ_TIMEOUT);
        Map<String, AccountState> store = new HashMap<>();
        states.forEach(state -> store.put(state.getAccountId(), state));
        return store;
    }

    private static long failedBetween(LoadDriver.Sent sent, List<TransferResult> results, long from, long to) {
        Set<String> decided = new HashSet<>();
        for (TransferResult result : results) {
            if (!result.getDuplicate() && result.getStatus() != TransferStatus.PENDING) {
                decided.add(result.getRequestId());
            }
        }
        return sent.records().stream()
            .filter(TrafficRecord::expectsResult)
            .filter(r -> r.request().getRequestedAt() >= from && r.request().getRequestedAt() < to)
            .filter(r -> !decided.contains(r.request().getRequestId()))
            .count();
    }

    /**
     * Latency from each request's intended send time to the ledger's decision ({@code decidedAt}), over
     * the original outcomes of requests sent in {@code [fromMs, toMs)}. The outcome becomes visible to a
     * channel one commit (at most {@code commit.interval.ms}) and a fetch later. Every process of the
     * harness runs on one machine, so the clocks agree.
     */
    static Histogram decisionLatencies(List<TransferResult> results, long fromMs, long toMs) {
        Histogram histogram = new Histogram(3);
        Set<String> seen = new HashSet<>();
        for (TransferResult result : results) {
            long sentAt = result.getRequestedAt();
            if (!result.getDuplicate() && sentAt >= fromMs && sentAt < toMs && seen.add(result.getRequestId())) {
                histogram.recordValue(Math.max(0, result.getDecidedAt() - sentAt));
            }
        }
        return histogram;
    }

    static ChaosReport.Latency latency(Histogram histogram) {
        if (histogram.getTotalCount() == 0) {
            return new ChaosReport.Latency(0, 0, 0, 0);
        }
        return new ChaosReport.Latency(histogram.getValueAtPercentile(50), histogram.getValueAtPercentile(99),
            histogram.getMaxValue(), histogram.getTotalCount());
    }
}
