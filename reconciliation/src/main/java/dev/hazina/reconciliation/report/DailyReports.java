package dev.hazina.reconciliation.report;

import java.time.ZoneId;
import java.util.List;

import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.KStream;
import org.apache.kafka.streams.kstream.Named;
import org.apache.kafka.streams.kstream.Produced;
import org.apache.kafka.streams.kstream.Repartitioned;

import dev.hazina.reconciliation.stream.ReconciliationConfig;
import dev.hazina.reconciliation.stream.ReconciliationTopics;
import dev.hazina.reconciliation.stream.ReconciliationTopics.Topic;
import dev.hazina.schemas.DailyReport;
import dev.hazina.schemas.LedgerEntry;
import dev.hazina.schemas.TransferResult;

/**
 * The daily report sub-topology, in the reconciliation stream (see docs/reconciliation.md, "The daily
 * report"). Each input record becomes a compact {@link ReportPart} of its business day (the day of its
 * ledger-stamped time in {@code hazina.time.zone}); the parts of every currency meet on one task
 * through a one-partition repartition, where {@link DailyReportProcessor} sums them per currency and
 * day and publishes the reports.
 *
 * <pre>
 * ledger-entries ------> report-entry-parts --> report-entry-parts (repartition, 1 partition) --+
 * transfer-results ----> report-result-parts ---------+                                         |
 * dead-letters --------> report-dead-letter-parts ----+--> report-other-parts (repartition, 1) -+
 * reconciliation-alerts -> report-alert-parts --------+                                         |
 * trust-statements ----> trust-statement-processor ---+      daily-report-processor <-----------+
 *                              +--> dead-letters (rejected)     --> daily-reports
 * </pre>
 *
 * The ledger's own records (entries, results, dead letters, alerts) are read with their serdes: one
 * that cannot be read stops the stream. Trust statements come from outside and are read as bytes.
 */
public final class DailyReports {

    public static final String DEAD_LETTERS_SOURCE = "report-dead-letters-source";
    public static final String ALERTS_SOURCE = "report-alerts-source";
    public static final String TRUST_SOURCE = "report-trust-statements-source";
    public static final String ENTRY_PARTS = "report-entry-parts";
    public static final String RESULT_PARTS = "report-result-parts";
    public static final String DEAD_LETTER_PARTS = "report-dead-letter-parts";
    public static final String ALERT_PARTS = "report-alert-parts";
    public static final String TRUST_PROCESSOR = "trust-statement-processor";
    public static final String TRUST_PARTS = "report-trust-parts";
    public static final String TRUST_DEAD_LETTERS_SINK = "trust-statement-dead-letters-sink";
    public static final String MERGE_DEAD_LETTERS = "report-merge-dead-letters";
    public static final String MERGE_ALERTS = "report-merge-alerts";
    public static final String MERGE_TRUST = "report-merge-trust";
    public static final String ENTRY_PARTS_REGROUPED = "reconciliation-report-entry-parts";
    public static final String OTHER_PARTS = "reconciliation-report-other-parts";
    public static final String MERGE_PARTS = "report-merge-parts";
    public static final String REPORT_PROCESSOR = "daily-report-processor";
    public static final String REPORTS_SINK = "daily-reports-sink";

    private DailyReports() {
    }

    /**
     * Adds the daily report to {@code builder}, reading the ledger's {@code entries} and
     * {@code transferResults} streams already there (a topic has one source in a topology).
     */
    @SuppressWarnings({"unchecked", "rawtypes"})
    public static void addTo(StreamsBuilder builder, KStream<String, LedgerEntry> entries,
                             KStream<String, TransferResult> transferResults, ReconciliationConfig config) {
        ReconciliationTopics topics = ReconciliationTopics.from(config);
        ZoneId zone = config.zone();
        builder.addStateStore(ReportStores.figures());
        builder.addStateStore(ReportStores.reports());
        builder.addStateStore(ReportStores.clocks());
        builder.addStateStore(ReportStores.changed());
        builder.addStateStore(ReportStores.trustAccounts());

        KStream<String, ReportPart> parts = entries.map(
            (account, entry) -> byCurrency(ReportPart.of(entry, zone)), Named.as(ENTRY_PARTS));
        KStream<String, ReportPart> results = transferResults
            .flatMap((request, result) -> {
                ReportPart part = ReportPart.of(result, zone);
                return part == null ? List.of() : List.of(byCurrency(part));
            }, Named.as(RESULT_PARTS));
        KStream<String, ReportPart> deadLetters = source(builder, topics.deadLetters(), DEAD_LETTERS_SOURCE)
            .map((key, letter) -> byCurrency(ReportPart.of(letter, zone)), Named.as(DEAD_LETTER_PARTS));
        KStream<String, ReportPart> alerts = source(builder, topics.alerts(), ALERTS_SOURCE)
            .map((check, alert) -> byCurrency(ReportPart.of(alert, zone)), Named.as(ALERT_PARTS));

        Topic<String, ?> trust = topics.trustStatements();
        KStream<Object, Object> checked = builder.stream(trust.name(),
                Consumed.with(Serdes.ByteArray(), Serdes.ByteArray()).withName(TRUST_SOURCE))
            .process(() -> new TrustStatementProcessor(topics.trustStatements().valueSerde().deserializer(), trust.name()),
                Named.as(TRUST_PROCESSOR), ReportStores.TRUST_ACCOUNTS);
        checked.to(topics.deadLetters().name(), Produced.with((Serde) Serdes.ByteArray(),
            (Serde) topics.deadLetters().valueSerde()).withName(TRUST_DEAD_LETTERS_SINK));
        KStream<String, ReportPart> statements = checked.map(
            (currency, part) -> KeyValue.pair((String) currency, (ReportPart) part), Named.as(TRUST_PARTS));

        Topic<String, DailyReport> reports = topics.dailyReports();
        // Two one-partition regroups, so the ledger-entries sub-topology reads no other topic: every
        // currency, and the figures they share, meet on one task.
        KStream<String, ReportPart> others = results.merge(deadLetters, Named.as(MERGE_DEAD_LETTERS))
            .merge(alerts, Named.as(MERGE_ALERTS))
            .merge(statements, Named.as(MERGE_TRUST))
            .repartition(onePartition(OTHER_PARTS));
        parts.repartition(onePartition(ENTRY_PARTS_REGROUPED))
            .merge(others, Named.as(MERGE_PARTS))
            .process(() -> new DailyReportProcessor(zone, config.reportGraceMs(), config.reportProvisionalIntervalMs()),
                Named.as(REPORT_PROCESSOR), ReportStores.FIGURES, ReportStores.REPORTS, ReportStores.CLOCKS, ReportStores.CHANGED)
            .to(reports.name(), Produced.with(reports.keySerde(), reports.valueSerde()).withName(REPORTS_SINK));
    }

    private static Repartitioned<String, ReportPart> onePartition(String name) {
        return Repartitioned.<String, ReportPart>as(name).withKeySerde(Serdes.String()).withValueSerde(ReportPart.SERDE)
            .withNumberOfPartitions(1);
    }

    private static <V> KStream<String, V> source(StreamsBuilder builder, Topic<String, V> topic, String name) {
        return builder.stream(topic.name(), Consumed.with(topic.keySerde(), topic.valueSerde()).withName(name));
    }

    private static KeyValue<String, ReportPart> byCurrency(ReportPart part) {
        return KeyValue.pair(part.currency(), part);
    }
}
