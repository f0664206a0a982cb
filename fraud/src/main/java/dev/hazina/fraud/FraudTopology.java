package dev.hazina.fraud;

import java.util.Properties;

import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.Topology;

import dev.hazina.topology.LedgerTopology;

/**
 * Builds the fraud stream: the ledger's outputs and the telco signals in, scored per account by the
 * rules and typologies; alerts, case events, risk verdicts and freezes out.
 *
 * <pre>
 * transfer-results --> reversal-router ----------> fraud-reversals
 * ledger-entries ----> posting-scorer -----+
 * fraud-reversals ---> reversal-scorer ----+--> fraud-alerts, fraud-case-events,
 * telco-events ------> telco-signal-processor  account-risk (compacted, the ledger enforces it)
 * fraud-case-commands -> case-command-processor --> also account-commands (FREEZE / UNFREEZE)
 * account-events ----> account-event-processor (account types)
 * </pre>
 */
public final class FraudTopology {

    public static final String RESULTS_SOURCE = "transfer-results-source";
    public static final String ENTRIES_SOURCE = "ledger-entries-source";
    public static final String REVERSALS_SOURCE = "fraud-reversals-source";
    public static final String TELCO_SOURCE = "telco-events-source";
    public static final String CASE_COMMANDS_SOURCE = "fraud-case-commands-source";
    public static final String ACCOUNT_EVENTS_SOURCE = "account-events-source";

    public static final String REVERSAL_ROUTER = "reversal-router";
    public static final String POSTING_SCORER = "posting-scorer";
    public static final String REVERSAL_SCORER = "reversal-scorer";
    public static final String TELCO_PROCESSOR = "telco-signal-processor";
    public static final String CASE_COMMAND_PROCESSOR = "case-command-processor";
    public static final String ACCOUNT_EVENT_PROCESSOR = "account-event-processor";

    public static final String REVERSALS_SINK = "fraud-reversals-sink";
    public static final String ALERTS_SINK = "fraud-alerts-sink";
    public static final String CASE_EVENTS_SINK = "fraud-case-events-sink";
    public static final String RISK_SINK = "account-risk-sink";
    public static final String ACCOUNT_COMMANDS_SINK = "account-commands-sink";

    private FraudTopology() {
    }

    public static Topology build(FraudConfig config) {
        FraudTopics topics = FraudTopics.from(config);
        Topology topology = new Topology();

        topology.addSource(RESULTS_SOURCE, topics.results().keySerde().deserializer(),
            topics.results().valueSerde().deserializer(), topics.results().name());
        topology.addSource(ENTRIES_SOURCE, topics.entries().keySerde().deserializer(),
            topics.entries().valueSerde().deserializer(), topics.entries().name());
        topology.addSource(REVERSALS_SOURCE, topics.reversals().keySerde().deserializer(),
            topics.reversals().valueSerde().deserializer(), topics.reversals().name());
        topology.addSource(TELCO_SOURCE, topics.telcoEvents().keySerde().deserializer(),
            topics.telcoEvents().valueSerde().deserializer(), topics.telcoEvents().name());
        topology.addSource(CASE_COMMANDS_SOURCE, topics.caseCommands().keySerde().deserializer(),
            topics.caseCommands().valueSerde().deserializer(), topics.caseCommands().name());
        topology.addSource(ACCOUNT_EVENTS_SOURCE, topics.accountEvents().keySerde().deserializer(),
            topics.accountEvents().valueSerde().deserializer(), topics.accountEvents().name());

        topology.addProcessor(REVERSAL_ROUTER, ReversalRouter::new, RESULTS_SOURCE);
        topology.addProcessor(POSTING_SCORER, () -> new PostingScorer(config), ENTRIES_SOURCE);
        topology.addProcessor(REVERSAL_SCORER, () -> new ReversalScorer(config), REVERSALS_SOURCE);
        topology.addProcessor(TELCO_PROCESSOR, () -> new TelcoSignalProcessor(config), TELCO_SOURCE);
        topology.addProcessor(CASE_COMMAND_PROCESSOR, () -> new CaseCommandProcessor(config), CASE_COMMANDS_SOURCE);
        topology.addProcessor(ACCOUNT_EVENT_PROCESSOR, () -> new AccountEventProcessor(config), ACCOUNT_EVENTS_SOURCE);

        String[] scorers = {POSTING_SCORER, REVERSAL_SCORER, TELCO_PROCESSOR, CASE_COMMAND_PROCESSOR, ACCOUNT_EVENT_PROCESSOR};
        topology.addStateStore(FraudStores.profiles(config), scorers);
        topology.addStateStore(FraudStores.cases(config), scorers);
        topology.addStateStore(FraudStores.caseExpiry(), scorers);

        topology.addSink(REVERSALS_SINK, topics.reversals().name(), topics.reversals().keySerde().serializer(),
            topics.reversals().valueSerde().serializer(), REVERSAL_ROUTER);
        String[] deciders = {POSTING_SCORER, REVERSAL_SCORER, TELCO_PROCESSOR, CASE_COMMAND_PROCESSOR};
        topology.addSink(ALERTS_SINK, topics.alerts().name(), topics.alerts().keySerde().serializer(),
            topics.alerts().valueSerde().serializer(), deciders);
        topology.addSink(CASE_EVENTS_SINK, topics.caseEvents().name(), topics.caseEvents().keySerde().serializer(),
            topics.caseEvents().valueSerde().serializer(), deciders);
        topology.addSink(RISK_SINK, topics.risk().name(), topics.risk().keySerde().serializer(),
            topics.risk().valueSerde().serializer(), deciders);
        topology.addSink(ACCOUNT_COMMANDS_SINK, topics.accountCommands().name(),
            topics.accountCommands().keySerde().serializer(), topics.accountCommands().valueSerde().serializer(),
            CASE_COMMAND_PROCESSOR);
        return topology;
    }

    /**
     * The ledger's Streams settings (exactly-once, explicit naming, dead-letter handlers, RocksDB
     * tuning) under the fraud stream's own application.id.
     */
    public static Properties streamsProperties(FraudConfig config) {
        Properties props = LedgerTopology.streamsProperties(config.ledger());
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, config.applicationId());
        return props;
    }
}
