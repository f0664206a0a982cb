package dev.hazina.reconciliation.stream;

import java.time.Duration;
import java.util.List;
import java.util.Properties;
import java.util.function.Consumer;

import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.KStream;
import org.apache.kafka.streams.kstream.Named;
import org.apache.kafka.streams.kstream.Produced;
import org.apache.kafka.streams.kstream.Repartitioned;

import dev.hazina.reconciliation.journal.AuditCheckpoints;
import dev.hazina.reconciliation.report.DailyReports;
import dev.hazina.reconciliation.settlement.SettlementConfig;
import dev.hazina.reconciliation.settlement.SettlementWindows;
import dev.hazina.schemas.LedgerEntry;
import dev.hazina.schemas.LedgerLeg;
import dev.hazina.schemas.ReconciliationAlert;
import dev.hazina.schemas.TransferResult;

/**
 * Builds the reconciliation stream: the ledger's entries, saga legs and results in, alerts out, keyed by check,
 * and the journal's audit checkpoints ({@link AuditCheckpoints}).
 *
 * <pre>
 * ledger-entries --> audit-checkpoints (per partition and window) -------------------> audit-checkpoints
 *                +-> sequence-chain-processor ---------------------------------+
 *                +-> by transferId (repartition) --> transfer-balance-judge ---+--> reconciliation-alerts
 *                +-> by currency (repartition) ----> conservation-judge -------+
 * ledger-legs ----> by requestId (repartition) ----> stuck-saga-processor -----+
 * transfer-results -> by hold (repartition) -------> hold-deadline-processor --+
 * </pre>
 *
 * The daily report ({@link DailyReports}) reads the same entries stream, with the results, dead
 * letters, alerts and trust statements.
 *
 * The settlement windows ({@link SettlementWindows}) join the same application, added to the built
 * topology; other sub-topologies may join through {@code extras}, each given the builder after the
 * checks are added.
 */
public final class ReconciliationTopology {

    public static final String ENTRIES_SOURCE = "reconciliation-ledger-entries-source";
    public static final String LEGS_SOURCE = "reconciliation-ledger-legs-source";
    public static final String SEQUENCE_CHAIN_PROCESSOR = "sequence-chain-processor";
    public static final String TO_POSTINGS = "entries-to-postings";
    public static final String TRANSFER_KEY = "entries-by-transfer-key";
    public static final String ENTRIES_BY_TRANSFER = "reconciliation-entries-by-transfer";
    public static final String TRANSFER_BALANCE_JUDGE = "transfer-balance-judge";
    public static final String CURRENCY_KEY = "entries-by-currency-key";
    public static final String ENTRIES_BY_CURRENCY = "reconciliation-entries-by-currency";
    public static final String CONSERVATION_JUDGE = "conservation-judge";
    public static final String REQUEST_KEY = "legs-by-request-key";
    public static final String LEGS_BY_REQUEST = "reconciliation-legs-by-request";
    public static final String STUCK_SAGA_PROCESSOR = "stuck-saga-processor";
    public static final String RESULTS_SOURCE = "reconciliation-transfer-results-source";
    public static final String HOLD_KEY = "results-by-hold-key";
    public static final String RESULTS_BY_HOLD = "reconciliation-results-by-hold";
    public static final String HOLD_DEADLINE_PROCESSOR = "hold-deadline-processor";
    public static final String HOLD_DEADLINE_SINK = "hold-deadline-alerts-sink";
    public static final String SEQUENCE_CHAIN_SINK = "sequence-chain-alerts-sink";
    public static final String TRANSFER_BALANCE_SINK = "transfer-balance-alerts-sink";
    public static final String CONSERVATION_SINK = "conservation-alerts-sink";
    public static final String STUCK_SAGA_SINK = "stuck-saga-alerts-sink";

    private ReconciliationTopology() {
    }

    public static Topology build(ReconciliationConfig config, OpenAlerts openAlerts) {
        return build(config, openAlerts, List.of());
    }

    /** The checks, then each of {@code extras} added to the same builder. */
    public static Topology build(ReconciliationConfig config, OpenAlerts openAlerts, List<Consumer<StreamsBuilder>> extras) {
        ReconciliationTopics topics = ReconciliationTopics.from(config);
        StreamsBuilder builder = new StreamsBuilder();
        builder.addStateStore(ReconciliationStores.chains());
        builder.addStateStore(ReconciliationStores.transferTallies());
        builder.addStateStore(ReconciliationStores.conservationWindows());
        builder.addStateStore(ReconciliationStores.sagaWatches());
        builder.addStateStore(ReconciliationStores.holdWatches());
        builder.addStateStore(ReconciliationStores.holdDue());
        for (Check check : Check.values()) {
            builder.addStateStore(ReconciliationStores.open(check));
        }
        ReconciliationTopics.Topic<String, ReconciliationAlert> alerts = topics.alerts();

        KStream<String, LedgerEntry> entries = builder.stream(topics.entries().name(),
            Consumed.with(topics.entries().keySerde(), topics.entries().valueSerde()).withName(ENTRIES_SOURCE));
        entries.process(() -> new SequenceChainProcessor(openAlerts), Named.as(SEQUENCE_CHAIN_PROCESSOR),
                ReconciliationStores.CHAINS, ReconciliationStores.openStore(Check.SEQUENCE_CHAIN))
            .to(alerts.name(), produced(alerts, SEQUENCE_CHAIN_SINK));

        AuditCheckpoints.addTo(builder, entries, Duration.ofMillis(config.checkpointIntervalMs()),
            topics.checkpoints().name(), topics.checkpoints().valueSerde());

        KStream<String, Posting> postings = entries.mapValues(Posting::of, Named.as(TO_POSTINGS));
        postings.selectKey((account, posting) -> posting.transferId(), Named.as(TRANSFER_KEY))
            .repartition(regrouped(ENTRIES_BY_TRANSFER))
            .process(() -> BalanceJudgeProcessor.transfers(config, openAlerts), Named.as(TRANSFER_BALANCE_JUDGE),
                ReconciliationStores.TRANSFER_TALLIES, ReconciliationStores.openStore(Check.TRANSFER_BALANCE))
            .to(alerts.name(), produced(alerts, TRANSFER_BALANCE_SINK));
        postings.selectKey((account, posting) -> posting.currency(), Named.as(CURRENCY_KEY))
            .repartition(regrouped(ENTRIES_BY_CURRENCY))
            .process(() -> BalanceJudgeProcessor.conservation(config, openAlerts), Named.as(CONSERVATION_JUDGE),
                ReconciliationStores.CONSERVATION_WINDOWS, ReconciliationStores.openStore(Check.CONSERVATION))
            .to(alerts.name(), produced(alerts, CONSERVATION_SINK));

        KStream<String, LedgerLeg> legs = builder.stream(topics.legs().name(),
            Consumed.with(topics.legs().keySerde(), topics.legs().valueSerde()).withName(LEGS_SOURCE));
        legs.map((account, leg) -> new KeyValue<>(leg.getRequestId(), SagaWatch.asked(leg, account, 0)),
                Named.as(REQUEST_KEY))
            .repartition(Repartitioned.<String, SagaWatch>as(LEGS_BY_REQUEST)
                .withKeySerde(Serdes.String()).withValueSerde(SagaWatch.SERDE))
            .process(() -> new StuckSagaProcessor(config, openAlerts), Named.as(STUCK_SAGA_PROCESSOR),
                ReconciliationStores.SAGA_WATCHES, ReconciliationStores.openStore(Check.STUCK_SAGA))
            .to(alerts.name(), produced(alerts, STUCK_SAGA_SINK));

        KStream<String, TransferResult> results = builder.stream(topics.results().name(),
            Consumed.with(topics.results().keySerde(), topics.results().valueSerde()).withName(RESULTS_SOURCE));
        results.flatMap((requestId, result) -> {
                HoldWatch signal = result == null ? null : HoldWatch.of(result);
                return signal == null ? List.<KeyValue<String, HoldWatch>>of() : List.of(new KeyValue<>(signal.holdId(), signal));
            }, Named.as(HOLD_KEY))
            .repartition(Repartitioned.<String, HoldWatch>as(RESULTS_BY_HOLD)
                .withKeySerde(Serdes.String()).withValueSerde(HoldWatch.SERDE))
            .process(() -> new HoldDeadlineProcessor(config, openAlerts), Named.as(HOLD_DEADLINE_PROCESSOR),
                ReconciliationStores.HOLD_WATCHES, ReconciliationStores.HOLD_DUE, ReconciliationStores.openStore(Check.HOLD_DEADLINE))
            .to(alerts.name(), produced(alerts, HOLD_DEADLINE_SINK));

        DailyReports.addTo(builder, entries, results, config);

        extras.forEach(extra -> extra.accept(builder));
        return SettlementWindows.addTo(builder.build(), settlement(config));
    }

    /** The settlement windows' settings: the same originals, read by {@link SettlementConfig}. */
    public static SettlementConfig settlement(ReconciliationConfig config) {
        return new SettlementConfig(config.originals());
    }

    private static Repartitioned<String, Posting> regrouped(String name) {
        return Repartitioned.<String, Posting>as(name).withKeySerde(Serdes.String()).withValueSerde(Posting.SERDE);
    }

    private static Produced<String, ReconciliationAlert> produced(ReconciliationTopics.Topic<String, ReconciliationAlert> alerts,
                                                                  String name) {
        return Produced.with(alerts.keySerde(), alerts.valueSerde()).withName(name);
    }

    /** Exactly-once, explicit naming, under the reconciliation stream's own application.id. */
    public static Properties streamsProperties(ReconciliationConfig config) {
        Properties props = new Properties();
        props.putAll(config.kafkaClientConfig());
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, config.applicationId());
        props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, config.bootstrapServers());
        props.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.EXACTLY_ONCE_V2);
        props.put(StreamsConfig.ENSURE_EXPLICIT_INTERNAL_RESOURCE_NAMING_CONFIG, true);
        props.put(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG, config.getLong(ReconciliationConfig.COMMIT_INTERVAL_MS_CONFIG));
        props.put(StreamsConfig.REPLICATION_FACTOR_CONFIG, (int) config.replicationFactor());
        props.put(StreamsConfig.STATE_DIR_CONFIG, config.getString(ReconciliationConfig.STATE_DIR_CONFIG));
        props.put(StreamsConfig.consumerPrefix("auto.offset.reset"), "earliest");
        props.putAll(config.streamsOverrides());
        return props;
    }
}
