package dev.hazina.harness.demo;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;

/**
 * The demo's summary, computed from the output topics read back with read_committed. Printed for
 * people, and written as JSON with {@code --report FILE}.
 *
 * <p>{@code completed}, {@code rejected} and {@code reversed} count first outcomes; {@code pending}
 * counts the AUTHORIZEs whose outcome was PENDING (a hold placed), and {@code expired} the holds
 * that then expired, reported as a second result of their AUTHORIZE. {@code by_kind} breaks the
 * outcomes down by kind and status, expiries under AUTHORIZE. {@code top_ups} counts top-ups that
 * landed in a payer's account and {@code top_ups_returned} those sent back because the transfer
 * did not complete; {@code overdraft_repayments} counts the entries that repaid a negative balance.
 */
public record DemoReport(
    long submitted,
    long completed,
    long rejected,
    long reversed,
    @JsonProperty("duplicates_answered") long duplicatesAnswered,
    @JsonProperty("dead_lettered") long deadLettered,
    @JsonProperty("missing_outcomes") long missingOutcomes,
    @JsonProperty("conservation_ok") boolean conservationOk,
    @JsonProperty("sequences_ok") boolean sequencesOk,
    long tps,
    @JsonProperty("latency_ms") Latency latencyMs,
    @JsonProperty("by_reason") Map<String, Long> byReason,
    @JsonProperty("dead_letters_by_reason") Map<String, Long> deadLettersByReason,
    @JsonProperty("one_outcome_per_request_ok") boolean oneOutcomeOk,
    List<String> violations,
    @JsonProperty("ledger_entries") long ledgerEntries,
    long accounts,
    int partitions,
    @JsonProperty("duration_s") long durationSeconds,
    long pending,
    long expired,
    @JsonProperty("by_kind") Map<String, Map<String, Long>> byKind,
    @JsonProperty("top_ups") long topUps,
    @JsonProperty("top_ups_returned") long topUpsReturned,
    @JsonProperty("overdraft_repayments") long overdraftRepayments) {

    public record Latency(long p50, long p95, long p99, long max) {
    }

    public boolean ok() {
        return violations.isEmpty() && missingOutcomes == 0 && conservationOk && sequencesOk && oneOutcomeOk;
    }

    public void writeJson(Path file) throws IOException {
        ObjectMapper json = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
        Files.writeString(file, json.writeValueAsString(this) + System.lineSeparator());
    }

    public void print(PrintStream out) {
        out.println();
        out.println("Hazina demo summary (read back from the output topics, read_committed)");
        out.printf("  submitted            %,d transfer requests (%,d accounts, %d partitions)%n", submitted, accounts, partitions);
        out.printf("  completed            %,d%n", completed);
        out.printf("  rejected             %,d%n", rejected);
        reasons(out, byReason);
        out.printf("  reversed             %,d%n", reversed);
        out.printf("  pending              %,d holds placed (AUTHORIZE)%n", pending);
        out.printf("  expired              %,d holds neither captured nor voided in time%n", expired);
        out.println("  by kind");
        byKind.forEach((kind, statuses) -> out.printf("    %-24s %s%n", kind, statuses.entrySet().stream()
            .map(e -> e.getKey() + " " + String.format("%,d", e.getValue())).collect(Collectors.joining(", "))));
        out.printf("  top-ups              %,d landed, %,d returned to the funder%n", topUps, topUpsReturned);
        out.printf("  overdraft repayments %,d entries%n", overdraftRepayments);
        out.printf("  duplicates answered  %,d%n", duplicatesAnswered);
        out.printf("  dead-lettered        %,d%n", deadLettered);
        reasons(out, deadLettersByReason);
        out.printf("  missing outcomes     %,d%n", missingOutcomes);
        out.printf("  throughput           %,d transfers/s%n", tps);
        out.printf("  latency (ms)         p50 %d  p95 %d  p99 %d  max %d  (request send time to visible result)%n",
            latencyMs.p50(), latencyMs.p95(), latencyMs.p99(), latencyMs.max());
        out.printf("  ledger entries       %,d%n", ledgerEntries);
        out.printf("  conservation         %s (all balances, system shards included, sum to zero)%n", verdict(conservationOk));
        out.printf("  sequence chains      %s (gap-free, each balanceAfter follows)%n", verdict(sequencesOk));
        out.printf("  one outcome/request  %s%n", verdict(oneOutcomeOk));
        violations.stream().limit(20).forEach(v -> out.println("  VIOLATION " + v));
        out.println(ok() ? "  RESULT               OK" : "  RESULT               FAILED");
    }

    private static void reasons(PrintStream out, Map<String, Long> counts) {
        counts.forEach((reason, count) -> out.printf("    %-24s %,d%n", reason, count));
    }

    private static String verdict(boolean ok) {
        return ok ? "ok" : "BROKEN";
    }

    static Map<String, Long> sorted(Map<String, Long> counts) {
        Map<String, Long> sorted = new LinkedHashMap<>();
        counts.entrySet().stream()
            .sorted(Map.Entry.<String, Long>comparingByValue().reversed())
            .forEach(e -> sorted.put(e.getKey(), e.getValue()));
        return sorted;
    }
}
