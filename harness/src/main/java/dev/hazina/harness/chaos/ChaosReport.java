package dev.hazina.harness.chaos;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;

/**
 * The result of one chaos run, read back from the output topics and the accounts changelog with
 * read_committed after quiescence. Printed for people and written as JSON with {@code --report FILE}.
 * The run passed when {@link #violations()} is empty.
 *
 * <p>{@code failover_seconds} has one entry per kill: the seconds until every partition processed
 * again; 90 when they had not within 90 s (a lower bound, counted in {@code failovers_over_timeout});
 * null when it could not be measured because the load was over.
 */
public record ChaosReport(
    long submitted,
    @JsonProperty("setup_requests") long setupRequests,
    Map<String, Long> outcomes,
    @JsonProperty("duplicates_answered") long duplicatesAnswered,
    @JsonProperty("dead_letters") Map<String, Long> deadLetters,
    long kills,
    @JsonProperty("broker_restarts") long brokerRestarts,
    @JsonProperty("failover_seconds") List<Double> failoverSeconds,
    @JsonProperty("max_failover_seconds") Double maxFailoverSeconds,
    @JsonProperty("failovers_over_timeout") long failoversOverTimeout,
    @JsonProperty("broker_recovery_seconds") List<Double> brokerRecoverySeconds,
    @JsonProperty("unexpected_exits") long unexpectedExits,
    ReconciliationVerdict.Summary reconciliation,
    @JsonProperty("rolling_restart") RollingRestart rollingRestart,
    @JsonProperty("latency_ms") Latency latencyMs,
    @JsonProperty("visible_latency_ms") Latency visibleLatencyMs,
    HostileTally.Report hostile,
    @JsonProperty("store_check") StoreSummary storeCheck,
    @JsonProperty("ledger_entries") long ledgerEntries,
    int instances,
    int partitions,
    @JsonProperty("rate_tps") int rate,
    long seed,
    @JsonProperty("duration_s") long durationSeconds,
    List<String> events,
    List<String> violations) {

    /**
     * Latency percentiles in milliseconds from a request's intended send time: to the ledger's decision
     * ({@code latency_ms}, per window), or to the outcome being visible to a read_committed channel
     * ({@code visible_latency_ms}).
     */
    public record Latency(long p50, long p99, long max, long count) {
    }

    /** The rolling restart: each instance stopped with SIGTERM and started again, in turn, under load. */
    public record RollingRestart(
        int restarted,
        @JsonProperty("duration_s") double durationSeconds,
        @JsonProperty("stall_seconds") List<Double> stallSeconds,
        @JsonProperty("stop_exit_codes") List<Integer> stopExitCodes,
        @JsonProperty("latency_ms") Latency latencyMs,
        @JsonProperty("failed_requests") long failedRequests) {
    }

    /** What the store-versus-model comparison covered. */
    public record StoreSummary(
        @JsonProperty("accounts_in_store") long accountsInStore,
        @JsonProperty("accounts_modelled") long accountsModelled,
        @JsonProperty("outcomes_replayed") long outcomesReplayed) {
    }

    public boolean ok() {
        return violations.isEmpty();
    }

    public void writeJson(Path file) throws IOException {
        ObjectMapper json = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
        Files.writeString(file, json.writeValueAsString(this) + System.lineSeparator());
    }

    public void print(PrintStream out) {
        out.println();
        out.println("Hazina chaos summary (outputs and accounts changelog read back with read_committed)");
        out.printf("  submitted              %,d transfer requests (+%,d setup) at %d/s, %d instances, %d partitions%n",
            submitted, setupRequests, rate, instances, partitions);
        out.printf("  outcomes               %s, %,d duplicates answered%n", outcomes, duplicatesAnswered);
        out.printf("  dead letters           %s%n", deadLetters);
        out.printf("  kills                  %d, failover s %s (max %s, %d over 90 s)%n", kills, failoverSeconds,
            maxFailoverSeconds, failoversOverTimeout);
        out.printf("  broker restarts        %d, recovery s %s%n", brokerRestarts, brokerRecoverySeconds);
        out.printf("  unexpected exits       %d%n", unexpectedExits);
        if (reconciliation != null) {
            out.printf("  reconciliation alerts  %d raised %s, %d cleared %s, %d open at the end; restarts s %s%n",
                reconciliation.raisedTotal(), reconciliation.raised(), reconciliation.clearedTotal(),
                reconciliation.cleared(), reconciliation.openAtEnd(), reconciliation.restartSeconds());
            out.printf("  reconciliation status  %s%n", reconciliation.finalStatus());
        }
        if (rollingRestart != null) {
            out.printf("  rolling restart        %d instances in %.1f s, stalls s %s, p99 %d ms, failed requests %d%n",
                rollingRestart.restarted(), rollingRestart.durationSeconds(), rollingRestart.stallSeconds(),
                rollingRestart.latencyMs().p99(), rollingRestart.failedRequests());
        }
        out.printf("  latency (ms)           p50 %d  p99 %d  max %d over %,d outcomes (send to decision); visible p99 %d%n",
            latencyMs.p50(), latencyMs.p99(), latencyMs.max(), latencyMs.count(), visibleLatencyMs.p99());
        out.printf("  hostile records        %,d sent: %s%n", hostile.sent(), hostile.byFate());
        out.printf("  store vs model         %,d accounts in the store, %,d modelled, %,d outcomes replayed%n",
            storeCheck.accountsInStore(), storeCheck.accountsModelled(), storeCheck.outcomesReplayed());
        out.printf("  ledger entries         %,d%n", ledgerEntries);
        out.printf("  duration               %d s%n", durationSeconds);
        violations.stream().limit(30).forEach(v -> out.println("  VIOLATION " + v));
        if (violations.size() > 30) {
            out.println("  ... and " + (violations.size() - 30) + " more violations");
        }
        out.println(ok() ? "  RESULT                 OK: no violations" : "  RESULT                 FAILED: "
            + violations.size() + " violation(s)");
    }

    /** A report built field by field, by name; a field never set is zero, null or empty as its type has it. */
    public static Builder builder() {
        return new Builder();
    }

    /** Builds a {@link ChaosReport} by name. */
    public static final class Builder {

        private long submitted;
        private long setupRequests;
        private Map<String, Long> outcomes = Map.of();
        private long duplicatesAnswered;
        private Map<String, Long> deadLetters = Map.of();
        private long kills;
        private long brokerRestarts;
        private List<Double> failoverSeconds = List.of();
        private Double maxFailoverSeconds;
        private long failoversOverTimeout;
        private List<Double> brokerRecoverySeconds = List.of();
        private long unexpectedExits;
        private ReconciliationVerdict.Summary reconciliation;
        private RollingRestart rollingRestart;
        private Latency latencyMs;
        private Latency visibleLatencyMs;
        private HostileTally.Report hostile;
        private StoreSummary storeCheck;
        private long ledgerEntries;
        private int instances;
        private int partitions;
        private int rate;
        private long seed;
        private long durationSeconds;
        private List<String> events = List.of();
        private List<String> violations = List.of();

        private Builder() {
        }

        public Builder submitted(long value) { submitted = value; return this; }
        public Builder setupRequests(long value) { setupRequests = value; return this; }
        public Builder outcomes(Map<String, Long> value) { outcomes = value; return this; }
        public Builder duplicatesAnswered(long value) { duplicatesAnswered = value; return this; }
        public Builder deadLetters(Map<String, Long> value) { deadLetters = value; return this; }
        public Builder kills(long value) { kills = value; return this; }
        public Builder brokerRestarts(long value) { brokerRestarts = value; return this; }
        public Builder failoverSeconds(List<Double> value) { failoverSeconds = value; return this; }
        public Builder maxFailoverSeconds(Double value) { maxFailoverSeconds = value; return this; }
        public Builder failoversOverTimeout(long value) { failoversOverTimeout = value; return this; }
        public Builder brokerRecoverySeconds(List<Double> value) { brokerRecoverySeconds = value; return this; }
        public Builder unexpectedExits(long value) { unexpectedExits = value; return this; }
        public Builder reconciliation(ReconciliationVerdict.Summary value) { reconciliation = value; return this; }
        public Builder rollingRestart(RollingRestart value) { rollingRestart = value; return this; }
        public Builder latencyMs(Latency value) { latencyMs = value; return this; }
        public Builder visibleLatencyMs(Latency value) { visibleLatencyMs = value; return this; }
        public Builder hostile(HostileTally.Report value) { hostile = value; return this; }
        public Builder storeCheck(StoreSummary value) { storeCheck = value; return this; }
        public Builder ledgerEntries(long value) { ledgerEntries = value; return this; }
        public Builder instances(int value) { instances = value; return this; }
        public Builder partitions(int value) { partitions = value; return this; }
        public Builder rate(int value) { rate = value; return this; }
        public Builder seed(long value) { seed = value; return this; }
        public Builder durationSeconds(long value) { durationSeconds = value; return this; }
        public Builder events(List<String> value) { events = value; return this; }
        public Builder violations(List<String> value) { violations = value; return this; }

        public ChaosReport build() {
            return new ChaosReport(submitted, setupRequests, outcomes, duplicatesAnswered, deadLetters, kills,
                brokerRestarts, failoverSeconds, maxFailoverSeconds, failoversOverTimeout, brokerRecoverySeconds,
                unexpectedExits, reconciliation, rollingRestart, latencyMs, visibleLatencyMs, hostile, storeCheck, ledgerEntries,
                instances, partitions, rate, seed, durationSeconds, events, violations);
        }
    }
}
