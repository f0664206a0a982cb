package dev.hazina.reconciliation.stream;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;

import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;

import dev.hazina.reconciliation.LedgerOutputs;
import dev.hazina.schemas.LedgerEntry;
import dev.hazina.schemas.LedgerLeg;
import dev.hazina.schemas.LegType;
import dev.hazina.schemas.ReconciliationAlert;
import dev.hazina.schemas.TransferResult;

/**
 * The real reconciliation topology under a TopologyTestDriver, one partition, a {@code mock://}
 * registry of its own and a wall clock the test moves. Collects every alert as it is read.
 */
final class ReconciliationDriver implements AutoCloseable {

    static final Instant START = Instant.parse("2026-03-03T06:00:00Z");

    private final TopologyTestDriver driver;
    private final TestInputTopic<String, LedgerEntry> entries;
    private final TestInputTopic<String, LedgerLeg> legs;
    private final TestInputTopic<String, TransferResult> results;
    private final TestOutputTopic<String, ReconciliationAlert> alerts;
    private final List<ReconciliationAlert> allAlerts = new ArrayList<>();
    private final OpenAlerts openAlerts = new OpenAlerts();
    private final ReconciliationConfig config;

    ReconciliationDriver(Map<String, Object> overrides) {
        Map<String, Object> settings = new HashMap<>();
        settings.put(ReconciliationConfig.SCHEMA_REGISTRY_URL_CONFIG, "mock://reconciliation-driver-" + UUID.randomUUID());
        settings.put(ReconciliationConfig.AUTO_REGISTER_SCHEMAS_CONFIG, true);
        settings.put(ReconciliationConfig.PARTITIONS_CONFIG, 1);
        settings.putAll(overrides);
        config = new ReconciliationConfig(settings);
        Properties props = ReconciliationTopology.streamsProperties(config);
        props.put(StreamsConfig.STATE_DIR_CONFIG, System.getProperty("java.io.tmpdir") + "/reconciliation-ttd-" + UUID.randomUUID());
        driver = new TopologyTestDriver(ReconciliationTopology.build(config, openAlerts), props, START);
        ReconciliationTopics topics = ReconciliationTopics.from(config);
        entries = driver.createInputTopic(topics.entries().name(), topics.entries().keySerde().serializer(),
            topics.entries().valueSerde().serializer());
        legs = driver.createInputTopic(topics.legs().name(), topics.legs().keySerde().serializer(),
            topics.legs().valueSerde().serializer());
        results = driver.createInputTopic(topics.results().name(), topics.results().keySerde().serializer(),
            topics.results().valueSerde().serializer());
        alerts = driver.createOutputTopic(topics.alerts().name(), topics.alerts().keySerde().deserializer(),
            topics.alerts().valueSerde().deserializer());
    }

    ReconciliationDriver() {
        this(Map.of());
    }

    ReconciliationConfig config() {
        return config;
    }

    void entry(LedgerEntry entry) {
        entries.pipeInput(entry.getAccountId(), entry, entry.getPostedAt());
    }

    void leg(LedgerLeg leg) {
        boolean asks = leg.getLegType() == LegType.CREDIT || leg.getLegType() == LegType.REVERSAL_DEBIT
            || leg.getLegType() == LegType.TOPUP_DEBIT;
        legs.pipeInput(asks ? leg.getPayee() : leg.getPayer(), leg, leg.getSentAt());
    }

    void result(TransferResult result) {
        results.pipeInput(result.getRequestId(), result, result.getDecidedAt());
    }

    private int entriesPiped;
    private int legsPiped;

    /** The entries, then the legs, of {@code outputs} not piped yet, as the ledger wrote them. */
    void pipeNew(LedgerOutputs outputs) {
        outputs.entries().subList(entriesPiped, outputs.entries().size()).forEach(this::entry);
        outputs.legs().subList(legsPiped, outputs.legs().size()).forEach(this::leg);
        entriesPiped = outputs.entries().size();
        legsPiped = outputs.legs().size();
    }

    /** Moves the wall clock on, firing the punctuators. */
    void advance(Duration by) {
        driver.advanceWallClockTime(by);
    }

    List<ReconciliationAlert> alerts() {
        alerts.readValuesToList().forEach(allAlerts::add);
        return List.copyOf(allAlerts);
    }

    /** The alerts of one check so far. */
    List<ReconciliationAlert> alerts(Check check) {
        return alerts().stream().filter(alert -> alert.getCheck().equals(check.id())).toList();
    }

    ReconciliationStatus status() {
        return openAlerts.status();
    }

    @Override
    public void close() {
        driver.close();
    }
}
