package dev.hazina.reconciliation.report;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;

import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;

import dev.hazina.reconciliation.stream.OpenAlerts;
import dev.hazina.reconciliation.stream.ReconciliationConfig;
import dev.hazina.reconciliation.stream.ReconciliationTopics;
import dev.hazina.reconciliation.stream.ReconciliationTopology;
import dev.hazina.schemas.DailyReport;
import dev.hazina.schemas.DeadLetter;
import dev.hazina.schemas.LedgerEntry;
import dev.hazina.schemas.TransferResult;
import dev.hazina.schemas.TrustStatement;

/**
 * The real reconciliation topology ({@link ReconciliationTopology#build}) under a TopologyTestDriver,
 * one partition, a {@code mock://} registry of its own, a wall clock the test moves, and the daily
 * report's topics at hand. Reports and dead letters are collected as they are read.
 */
final class DailyReportDriver implements AutoCloseable {

    /** 09:00 in Nairobi on Tuesday 2026-03-03. */
    static final Instant START = Instant.parse("2026-03-03T06:00:00Z");
    private static final List<String> STORES = List.of(ReportStores.FIGURES, ReportStores.REPORTS, ReportStores.CLOCKS,
        ReportStores.CHANGED, ReportStores.TRUST_ACCOUNTS);

    private final Map<String, Object> settings;
    private final Path stateDir;
    private final TopologyTestDriver driver;
    private final ReconciliationTopics topics;
    private final TestInputTopic<String, LedgerEntry> entries;
    private final TestInputTopic<String, TransferResult> results;
    private final TestInputTopic<String, DeadLetter> deadLettersIn;
    private final TestInputTopic<String, TrustStatement> statements;
    private final TestInputTopic<byte[], byte[]> rawStatements;
    private final TestOutputTopic<String, DailyReport> reportsOut;
    private final TestOutputTopic<byte[], DeadLetter> deadLettersOut;
    final List<DailyReport> reports = new ArrayList<>();
    final List<DeadLetter> deadLetters = new ArrayList<>();

    DailyReportDriver(Map<String, Object> overrides, Path stateDir, String registry) {
        this.stateDir = stateDir;
        settings = new HashMap<>();
        settings.put(ReconciliationConfig.SCHEMA_REGISTRY_URL_CONFIG, registry);
        settings.put(ReconciliationConfig.AUTO_REGISTER_SCHEMAS_CONFIG, true);
        settings.put(ReconciliationConfig.PARTITIONS_CONFIG, 1);
        settings.putAll(overrides);
        ReconciliationConfig config = new ReconciliationConfig(settings);
        Properties props = ReconciliationTopology.streamsProperties(config);
        props.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toString());
        driver = new TopologyTestDriver(ReconciliationTopology.build(config, new OpenAlerts()), props, START);
        topics = ReconciliationTopics.from(config);
        entries = input(topics.entries());
        results = input(topics.results());
        deadLettersIn = input(topics.deadLetters());
        statements = input(topics.trustStatements());
        rawStatements = driver.createInputTopic(topics.trustStatements().name(), new ByteArraySerializer(), new ByteArraySerializer());
        reportsOut = driver.createOutputTopic(topics.dailyReports().name(), topics.dailyReports().keySerde().deserializer(),
            topics.dailyReports().valueSerde().deserializer());
        deadLettersOut = driver.createOutputTopic(topics.deadLetters().name(), new ByteArrayDeserializer(),
            topics.deadLetters().valueSerde().deserializer());
    }

    private <V> TestInputTopic<String, V> input(ReconciliationTopics.Topic<String, V> topic) {
        return driver.createInputTopic(topic.name(), topic.keySerde().serializer(), topic.valueSerde().serializer());
    }

    ReconciliationTopics topics() {
        return topics;
    }

    void entry(LedgerEntry entry) {
        entries.pipeInput(entry.getAccountId(), entry, entry.getPostedAt());
    }

    void result(TransferResult result) {
        results.pipeInput(result.getRequestId(), result, result.getDecidedAt());
    }

    void deadLetter(DeadLetter letter) {
        deadLettersIn.pipeInput("k", letter, letter.getFailedAt());
    }

    void statement(TrustStatement statement) {
        statement(statement.getBankAccount(), statement);
    }

    void statement(String key, TrustStatement statement) {
        statements.pipeInput(key, statement);
    }

    void rawStatement(byte[] key, byte[] value) {
        rawStatements.pipeInput(key, value);
    }

    /** Moves the wall clock on, firing the punctuators (the PROVISIONAL reports among them). */
    void advance(Duration by) {
        driver.advanceWallClockTime(by);
    }

    /** Every report read so far, in order. */
    List<DailyReport> reports() {
        reports.addAll(reportsOut.readValuesToList());
        deadLetters.addAll(deadLettersOut.readValuesToList());
        return reports;
    }

    /** The latest report published for {@code reportId}. */
    DailyReport latest(String reportId) {
        List<DailyReport> all = reports().stream().filter(r -> r.getReportId().equals(reportId)).toList();
        if (all.isEmpty()) {
            throw new AssertionError("No report " + reportId + " in " + reports);
        }
        return all.get(all.size() - 1);
    }

    List<DeadLetter> deadLetters() {
        reports();
        return deadLetters;
    }

    /** Closes this driver and starts another with the stores' committed contents, as a restarted task restores them. */
    DailyReportDriver restart(Path newStateDir) {
        Map<String, List<KeyValue<Object, Object>>> saved = new HashMap<>();
        for (String store : STORES) {
            List<KeyValue<Object, Object>> rows = new ArrayList<>();
            try (KeyValueIterator<Object, Object> it = driver.getKeyValueStore(store).all()) {
                it.forEachRemaining(rows::add);
            }
            saved.put(store, rows);
        }
        close();
        DailyReportDriver restarted = new DailyReportDriver(settings, newStateDir,
            (String) settings.get(ReconciliationConfig.SCHEMA_REGISTRY_URL_CONFIG));
        saved.forEach((store, rows) -> {
            KeyValueStore<Object, Object> restored = restarted.driver.getKeyValueStore(store);
            rows.forEach(row -> restored.put(row.key, row.value));
        });
        return restarted;
    }

    Path stateDir() {
        return stateDir;
    }

    @Override
    public void close() {
        driver.close();
    }
}
