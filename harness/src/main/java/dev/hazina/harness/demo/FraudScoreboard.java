package dev.hazina.harness.demo;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

import dev.hazina.harness.traffic.FraudScenarios;
import dev.hazina.schemas.ReasonCode;
import dev.hazina.schemas.TransferStatus;

/**
 * The fraud stream judged against the harness's labels: per scenario kind, how many were injected,
 * detected (an alert on one of the scenario's accounts), interdicted (one of its transfers refused
 * FRAUD_BLOCKED), the fraud money stopped and lost, recall and detection latency; per fraud typology,
 * its alerts on scenario and on clean accounts (false positives) and its precision. Latencies are
 * between the times the demo's read_committed tailers saw the records: from the result of the transfer
 * the alert names as its trigger to the alert, and to the first blocking verdict on hazina.account-risk.
 */
public final class FraudScoreboard {

    /** A transfer's final answer, first seen at {@code seenAt}. */
    public record Outcome(TransferStatus status, ReasonCode reason, long seenAt) {

        boolean fraudBlocked() {
            return reason == ReasonCode.FRAUD_BLOCKED;
        }
    }

    public record Alert(String accountId, String typology, boolean interdicted, String triggeredBy, long seenAt) {
    }

    /** A verdict on hazina.account-risk; {@code blocks} when it blocks debits or credits. */
    public record Verdict(String accountId, boolean blocks, long seenAt) {
    }

    /** One scenario judged. */
    record Judged(FraudScenarios.Scenario scenario, boolean detected, boolean interdicted, long stake, long stopped,
                  long lost, Long alertLatency, Long blockLatency) {
    }

    private FraudScoreboard() {
    }

    static Judged judge(FraudScenarios.Scenario scenario, Map<String, Outcome> outcomes, List<Alert> alerts,
                        List<Verdict> verdicts) {
        long stake = 0;
        long stopped = 0;
        long lost = 0;
        boolean interdicted = false;
        for (FraudScenarios.Step step : scenario.steps()) {
            Outcome outcome = step.transfer() == null ? null : outcomes.get(step.transfer().request().getRequestId());
            interdicted |= outcome != null && outcome.fraudBlocked();
            if (step.atStake()) {
                stake += step.amount();
                stopped += outcome != null && outcome.fraudBlocked() ? step.amount() : 0;
                lost += outcome != null && outcome.status() == TransferStatus.COMPLETED ? step.amount() : 0;
            }
        }
        List<Alert> mine = alerts.stream().filter(a -> scenario.accounts().contains(a.accountId()))
            .sorted(Comparator.comparingLong(Alert::seenAt)).toList();
        Long alertLatency = mine.isEmpty() ? null : latency(mine.get(0), mine.get(0).seenAt(), outcomes);
        Long blockLatency = null;
        Optional<Verdict> block = verdicts.stream()
            .filter(v -> v.blocks() && scenario.accounts().contains(v.accountId()))
            .min(Comparator.comparingLong(Verdict::seenAt));
        if (block.isPresent()) {
            Optional<Alert> cause = mine.stream()
                .filter(a -> a.interdicted() && a.accountId().equals(block.get().accountId())).findFirst();
            blockLatency = cause.map(a -> latency(a, block.get().seenAt(), outcomes)).orElse(null);
        }
        return new Judged(scenario, !mine.isEmpty(), interdicted, stake, stopped, lost, alertLatency, blockLatency);
    }

    private static Long latency(Alert alert, long at, Map<String, Outcome> outcomes) {
        Outcome trigger = alert.triggeredBy() == null ? null : outcomes.get(alert.triggeredBy());
        return trigger == null ? null : Math.max(0, at - trigger.seenAt());
    }

    /** The tables; {@code cleanFraudBlocked} is the clean transfers refused FRAUD_BLOCKED. */
    public static String table(FraudScenarios.Plan plan, double share, int records, Map<String, Outcome> outcomes,
                               List<Alert> alerts, List<Verdict> verdicts, long cleanFraudBlocked) {
        Map<String, Integer> owner = new HashMap<>();
        plan.scenarios().forEach(s -> s.accounts().forEach(a -> owner.put(a, s.number())));
        Map<FraudScenarios.Typology, List<Judged>> byKind = new EnumMap<>(FraudScenarios.Typology.class);
        plan.scenarios().forEach(s -> byKind.computeIfAbsent(s.typology(), k -> new ArrayList<>())
            .add(judge(s, outcomes, alerts, verdicts)));
        StringBuilder out = new StringBuilder();
        out.append(String.format("Fraud scenarios: %d injected (%s per record of %d; labels kept in the harness only); "
            + "money in KES; latency in ms, as seen by the demo%n", plan.scenarios().size(), share, records));
        out.append(String.format("  %-22s %8s %8s %11s %12s %12s %12s %7s %14s %14s%n", "scenario", "injected",
            "detected", "interdicted", "at stake", "stopped", "lost", "recall", "alert p50/p99", "block p50/p99"));
        byKind.forEach((kind, judged) -> out.append(row(kind.label(), judged)));
        out.append(row("all", byKind.values().stream().flatMap(List::stream).toList()));

        Map<String, long[]> byTypology = new TreeMap<>();
        alerts.forEach(a -> byTypology.computeIfAbsent(a.typology(), t -> new long[2])[owner.containsKey(a.accountId()) ? 0 : 1]++);
        out.append(String.format("  %-22s %8s %12s %14s %9s%n", "alerts by typology", "alerts", "on scenarios",
            "on clean (FP)", "precision"));
        long[] all = new long[2];
        byTypology.forEach((typology, counts) -> {
            out.append(precision(typology, counts));
            all[0] += counts[0];
            all[1] += counts[1];
        });
        out.append(precision("all", all));
        long blockedScenario = verdicts.stream().filter(Verdict::blocks).map(Verdict::accountId).distinct()
            .filter(owner::containsKey).count();
        long blockedClean = verdicts.stream().filter(Verdict::blocks).map(Verdict::accountId).distinct()
            .filter(a -> !owner.containsKey(a)).count();
        out.append(String.format("  accounts blocked: %d in scenarios, %d clean (false positives); clean transfers "
            + "refused FRAUD_BLOCKED: %d%n", blockedScenario, blockedClean, cleanFraudBlocked));
        return out.toString();
    }

    private static String row(String label, List<Judged> judged) {
        long detected = judged.stream().filter(Judged::detected).count();
        return String.format("  %-22s %8d %8d %11d %12s %12s %12s %7s %14s %14s%n", label, judged.size(), detected,
            judged.stream().filter(Judged::interdicted).count(),
            kes(judged.stream().mapToLong(Judged::stake).sum()),
            kes(judged.stream().mapToLong(Judged::stopped).sum()),
            kes(judged.stream().mapToLong(Judged::lost).sum()),
            judged.isEmpty() ? "-" : Math.round(100.0 * detected / judged.size()) + "%",
            percentiles(judged.stream().map(Judged::alertLatency).toList()),
            percentiles(judged.stream().map(Judged::blockLatency).toList()));
    }

    private static String precision(String typology, long[] counts) {
        long total = counts[0] + counts[1];
        return String.format("  %-22s %8d %12d %14d %9s%n", typology, total, counts[0], counts[1],
            total == 0 ? "-" : Math.round(100.0 * counts[0] / total) + "%");
    }

    /** p50/p99 (nearest rank) of the known values, or "-". */
    static String percentiles(List<Long> values) {
        List<Long> known = values.stream().filter(v -> v != null).sorted().toList();
        if (known.isEmpty()) {
            return "-";
        }
        return rank(known, 50) + "/" + rank(known, 99);
    }

    private static long rank(List<Long> sorted, int percentile) {
        int index = (int) Math.ceil(percentile / 100.0 * sorted.size()) - 1;
        return sorted.get(Math.max(0, index));
    }

    private static String kes(long minor) {
        return String.format("%,d", minor / 100);
    }
}
